/**
 * Schemas that give back something other than their input (zod's `.transform()`), without the cost
 * of zod's transform. zod's classic transform gives every parse's payload a fresh `addIssue` closure
 * as a new property; V8 then keeps a hidden class for each such payload, made in the old generation,
 * which keeps the payload, and the input in it, alive until a full collection. Every document a save
 * sent was promoted that way, and each scavenge then copied megabytes: 10-30 ms, in one save of a
 * few hundred (issue 13, autosave p99; test/save-garbage.test.ts). A check may replace the value,
 * as zod's own `.overwrite()` does, and adds its issues to the payload directly: no closure.
 */
import { z } from 'zod';

/** What `fn` makes of the input; any issue `fn` adds to `issues` refuses it (with that issue, at its path). */
export function replacing<T>(fn: (input: unknown, issues: z.core.$ZodRawIssue[]) => T): z.ZodType<T> {
  return z.unknown().check((payload) => {
    payload.value = fn(payload.value, payload.issues);
  }) as unknown as z.ZodType<T>;
}

/** `schema`'s output for `value`; or, refused, `value` as it was, with the schema's issues (paths and messages) added to `issues`. */
export function parsedInto<T>(schema: z.ZodType<T>, value: unknown, issues: z.core.$ZodRawIssue[]): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) issues.push({ ...issue } as z.core.$ZodRawIssue);
  return value as T;
}

/**
 * Schemas that give back something other than their input (zod's `.transform()`), without the cost
 * of zod's transform. zod's classic transform gives every parse's payload a fresh `addIssue` closure
 * as a new property, and the payload, with the input in it, then outlives two scavenges and is
 * promoted to the old generation, where it stays until a full collection (measured with V8's GC
 * traces; a plain-JS loop giving each new object a fresh closure as a new property does the same;
 * which V8 mechanism holds it was not pinned down). Every document a save sent was promoted that
 * way, and each scavenge then copied megabytes: 10-30 ms, in one save of a few hundred (issue 13,
 * autosave p99; test/save-garbage.test.ts). A check may replace the value,
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

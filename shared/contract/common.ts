import { z } from 'zod';
import { ERROR_CODES } from './errors';

export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not a valid id');
export const IsoTime = z.string().max(40);
/**
 * A real instant ("2026-12-05T18:56:49.123Z", or with an offset): the times a bundle carries (the
 * app writes toISOString()). Stored data keeps IsoTime: an old store may hold other text. A wrong
 * clock's time is still an instant: neither future nor past times are refused.
 */
export const IsoInstant = z.iso.datetime({ offset: true });

/** A coded message (shared/messages.ts): the key the renderer words under msg., and its values. */
export const ReasonRef = z.object({ messageKey: z.string(), messageParams: z.record(z.string(), z.union([z.string(), z.number()])).optional() });
export const Nothing = z.object({}).strict().optional().default({});

/** A call in the contract: one zod schema for its input, one for its output. */
export interface Call<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}
export const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Call<I, O> => ({ input, output });

export { AppError, ERROR_CODES, type ErrorCode } from './errors';
export const WireError = z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.unknown().optional() });
export type WireError = z.infer<typeof WireError>;

/** An age X25519 recipient (bundles encrypted to the coordinating ministry). */
export const AgeRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, 'not an age X25519 recipient (age1…)');

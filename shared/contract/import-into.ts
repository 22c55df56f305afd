/** The result of importing a bundle into an existing draft (importBundleInto, importBundleDataInto). */
import { z } from 'zod';

const Count = z.number().int().nonnegative();
/** What merging a returned draft did, for the interface to say in its language (`message` is the English line). */
export const MergeSummary = z.object({ from: z.string(), merged: Count, taken: Count, unchanged: Count, conflicts: Count, attachments: Count });
export type MergeSummary = z.infer<typeof MergeSummary>;
/** A bundle imported into an existing draft: contributions queued, or a returned draft merged (`merged`). */
export const ImportIntoResult = z.object({ kind: z.string(), bundleId: z.string(), message: z.string(), details: z.unknown(), merged: MergeSummary.optional() });

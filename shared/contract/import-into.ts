/** The result of importing a bundle into an existing draft (importBundleInto, importBundleDataInto). */
import { z } from 'zod';

const Count = z.number().int().nonnegative();
/** What merging a returned draft did, for the interface to say in its language (`message` is the English line). */
export const MergeSummary = z.object({ from: z.string(), merged: Count, taken: Count, unchanged: Count, conflicts: Count, attachments: Count });
export type MergeSummary = z.infer<typeof MergeSummary>;
/**
 * What importing a workshop's contributions did, for the interface to say in its language: the
 * workshop, who signed the bundle, the contributions queued for review, those edited there since
 * (updated here, or kept as decided here), participants who withdrew consent, and those already here.
 */
export const ContributionsSummary = z.object({
  workshop: z.string(),
  date: z.string(),
  place: z.string(),
  from: z.string(),
  added: Count,
  updated: Count,
  keptDecided: Count,
  withdrawn: Count,
  alreadyHere: Count,
});
export type ContributionsSummary = z.infer<typeof ContributionsSummary>;
/** A bundle imported into an existing draft: contributions queued (`contributions`), or a returned draft merged (`merged`). */
export const ImportIntoResult = z.object({
  kind: z.string(),
  bundleId: z.string(),
  message: z.string(),
  details: z.unknown(),
  merged: MergeSummary.optional(),
  contributions: ContributionsSummary.optional(),
  /** A returned draft first imported as a new draft by mistake: that draft (now in the trash, restorable). */
  movedFrom: z.object({ draftId: z.string(), title: z.string() }).optional(),
});
export type ImportIntoResult = z.infer<typeof ImportIntoResult>;

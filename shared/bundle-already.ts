/**
 * How "another bundle under an id already imported" is worded, wherever it is told (the import's
 * refusal, the verify report in the CLI, `delivery pull`). Plain text, no imports: the CLI's
 * `bundle verify` line uses it without loading the bundle code (main/bundle/already.ts decides).
 */
export const otherBundleMessage = (bundleId: string, draftId: string | null) =>
  `another bundle than the one already imported under id ${bundleId}${draftId ? ` (into draft ${draftId})` : ''}: its signed contents (SHA256SUMS) differ; refused as a possible forgery or replay; nothing was added`;

/** Caps applied to every archive before any byte of it is decompressed. */
export interface ArchiveLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Largest JSON/text file read into memory (bundle.json, the payload, SHA256SUMS...). */
  maxSmallFileBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 2_000,
  maxEntryBytes: 2 * 1024 ** 3,
  maxTotalBytes: 8 * 1024 ** 3,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxSmallFileBytes: 64 * 1024 * 1024,
};

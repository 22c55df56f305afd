/**
 * How a revision's time is stored (migration 016): integer milliseconds since 1970 (`created`,
 * what history is ordered by), and the exact text beside it (`created_text`) only when the time
 * does not read back the same through toISOString() or is outside 1970-9999 (which SQL reads back
 * as text, main/store/revisions.ts): times made here always do; a bundle may carry another
 * spelling of a time ("…:00Z", an offset, more digits), which is given back as it came. A text that
 * is not a time at all is kept as text and ordered as 0.
 */
export interface TimeKey {
  ms: number;
  /** null: the time is `new Date(ms).toISOString()` */
  text: string | null;
}

export function timeKey(at: string): TimeKey {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return { ms: 0, text: at };
  return { ms, text: ms >= 0 && ms < LAST && new Date(ms).toISOString() === at ? null : at };
}

/** 10000-01-01T00:00:00.000Z: from then on, toISOString() writes six-digit years. */
const LAST = 253402300800000;

/**
 * Where the cursor is in each open answer editor ("<draftId>/<field>" -> the top-level block index
 * just after the cursor, or null while the user has not placed it), so a contribution can be
 * inserted there.
 */
export const answerCursors = new Map<string, () => number | null>();

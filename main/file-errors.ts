/**
 * Why a file named by the user (a CLI path, a bundle, an age identity file) could not be read, in
 * words, with the system's code beside: "no such file (ENOENT)", "it is a folder, not a file
 * (EISDIR)", "permission denied (EACCES)"; any other failure as its code and message. One wording
 * for every reader of such files.
 */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : null;
  return why ? `${why} (${code})` : code ? `${code}: ${(e as Error).message}` : (e as Error).message;
}

/** "cannot read FILE: why": the sentence every reader of a user's file gives (its error type its own). */
export const cannotRead = (file: string, e: unknown): string => `cannot read ${file}: ${readFailure(e)}`;

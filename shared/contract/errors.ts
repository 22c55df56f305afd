/** Error codes and the services' error, without zod: what a client needs (shared/contract/client.ts, the renderer's first screen). */

/** Error codes every transport carries unchanged. */
export const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'forbidden', 'bad_file', 'internal', 'store_upgrading'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

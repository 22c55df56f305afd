/**
 * The one line a command-line program (the CLI, `npm run serve`) prints for a failure:
 * `error: <what went wrong>`: the message's first line, whitespace collapsed, without a leading
 * "error:" of its own (libraries such as mammoth start their messages with one).
 */
const LEADING_ERROR = /^(?:fatal\s*error|error)\s*:\s*/i;

export function errorLine(message: string): string {
  let m = (message.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim();
  while (LEADING_ERROR.test(m)) m = m.replace(LEADING_ERROR, '');
  return `error: ${m || 'failed'}`;
}

/** The message of anything thrown. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

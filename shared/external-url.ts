/**
 * Which links from the app may be handed to the operating system (`shell.openExternal`): web
 * pages and e-mail addresses only, never file:, javascript:, custom app protocols or anything
 * with credentials or control characters. The same rule decides which of an answer's links are
 * written as links where a reader can follow them (the screen's read-only view, the print HTML,
 * the Word export); another stays as its text. Pure, shared by main and the renderer; unit-tested.
 */
export const MAX_EXTERNAL_URL_LENGTH = 2048;
const ALLOWED = new Set(['https:', 'http:', 'mailto:']);
/**
 * The header fields a mailto: link may fill in (RFC 6068). Others are refused: some mail apps
 * take `attach=`/`attachment=` and attach a local file, or fetch a UNC path (leaking the user's
 * NTLM hash), to the mail they open.
 */
const MAILTO_FIELDS = new Set(['subject', 'body', 'cc', 'bcc', 'to']);

export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // Control characters and whitespace are how argument-smuggling and confusing links start.
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(url)) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!ALLOWED.has(u.protocol)) return false;
  if (u.protocol === 'mailto:') return /^[^@/\\]+@[^@/\\]+$/.test(decodeURIComponentSafe(u.pathname)) && [...u.searchParams.keys()].every((k) => MAILTO_FIELDS.has(k.toLowerCase()));
  return u.hostname !== '' && u.username === '' && u.password === '';
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

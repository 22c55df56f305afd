/**
 * Print HTML served to the hidden print window from memory, on our own scheme, once:
 * `app://gcm/__print/<random>.html`. (A data: URL is capped at 2 MB, which a long draft exceeds.)
 * A page is served to one request and then forgotten; one never fetched is dropped after a minute.
 * Pure: no Electron import; serve-app.ts answers the requests.
 */
import crypto from 'node:crypto';
import { APP_ORIGIN } from './app-origin';

export const PRINT_PATH_PREFIX = '/__print/';
/** The print HTML's own policy: no script, inline styles, data: images, no <base> or form. */
export { PRINT_CSP } from '../interchange/print-html';
export const PRINT_PAGE_LIFETIME_MS = 60_000;

export class OneTimePages {
  private pages = new Map<string, { html: string; expires: number }>();
  constructor(private now: () => number = Date.now) {}

  /** Keeps `html` for one request; returns its URL. */
  add(html: string): string {
    this.sweep();
    const path = `${PRINT_PATH_PREFIX}${crypto.randomBytes(16).toString('hex')}.html`;
    this.pages.set(path, { html, expires: this.now() + PRINT_PAGE_LIFETIME_MS });
    return `${APP_ORIGIN}${path}`;
  }

  /** The page at `pathname`, removed as it is handed out; null when unknown, used or expired. */
  take(pathname: string): string | null {
    const page = this.pages.get(pathname);
    this.pages.delete(pathname);
    return page && page.expires >= this.now() ? page.html : null;
  }

  /** Forgets the page at `url` (after printing, whether or not it was fetched). */
  drop(url: string): void {
    this.pages.delete(new URL(url).pathname);
  }

  get size(): number {
    return this.pages.size;
  }

  private sweep(): void {
    for (const [k, v] of this.pages) if (v.expires < this.now()) this.pages.delete(k);
  }
}

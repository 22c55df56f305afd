/**
 * Which permission requests are granted: only writing to the clipboard ("Copy fingerprint"), and
 * only to our own window showing our own origin. Everything else, and everyone else, is denied.
 * Pure: harden.ts plugs it into the session's permission handlers.
 */
import { isAppUrl } from './app-origin';

/** Chromium's name for navigator.clipboard.writeText (electron/electron#37158). */
export const GRANTED_TO_THE_APP = new Set(['clipboard-sanitized-write']);

export function permissionGranted(permission: string, fromAppWindow: boolean, requestingUrl: string | null | undefined): boolean {
  return GRANTED_TO_THE_APP.has(permission) && fromAppWindow && isAppUrl(requestingUrl);
}

/**
 * The one list of web preferences every window of the app must have (Electron's security
 * checklist). The windows (window.ts, print-pdf.ts) still spell them out as literals, because the
 * static checker (`npm run lint:electron`, electronegativity) reads `new BrowserWindow({...})`
 * literally and would report a spread object as missing hardening. test/electron-main.test.ts (the
 * app window) and test/electron-print.test.ts (the print window) hold each window to this list
 * with `windowPreferencesDrift`, so the literals cannot drift apart.
 * No Electron import: tests load it in plain Node.
 */
export const HARDENED_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  disableBlinkFeatures: 'Auxclick',
  safeDialogs: true,
} as const;

/** Keys a window may set on top of the list (what differs between windows, by design). */
export const WINDOW_SPECIFIC_PREFERENCES = ['preload', 'javascript', 'spellcheck'] as const;

/** What is wrong with a window's web preferences against the list: missing or different hardened
 *  keys, and keys the list does not know (a new preference must be reviewed and added here). */
export function windowPreferencesDrift(prefs: Record<string, unknown>): string[] {
  const wrong: string[] = [];
  for (const [k, v] of Object.entries(HARDENED_WEB_PREFERENCES)) if (prefs[k] !== v) wrong.push(`${k}: ${JSON.stringify(prefs[k])} (must be ${JSON.stringify(v)})`);
  for (const k of Object.keys(prefs)) if (!(k in HARDENED_WEB_PREFERENCES) && !(WINDOW_SPECIFIC_PREFERENCES as readonly string[]).includes(k)) wrong.push(`${k}: not in the reviewed list`);
  return wrong;
}

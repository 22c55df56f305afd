/**
 * The inputs that name a file on this machine, by call. The command line passes them (the user
 * typed the path) and the desktop app's main process passes them (the user chose the file in a
 * system dialog); the renderer never does: in browser mode and in the desktop app it uses the
 * calls that carry bytes (transfer.ts) or ask main to show a dialog (desktop.ts). The transports
 * the renderer talks to (the browser-mode host, Electron IPC) refuse a call that carries one, so
 * a page that got hold of the API (a script injected into it, a stolen secret) cannot read or
 * write any file the user can. Kept complete by test/path-inputs.test.ts, which walks the schemas.
 */
import type { Method } from './index';

export const PATH_INPUTS: Readonly<Partial<Record<Method, readonly string[]>>> = Object.freeze({
  addAttachment: ['filePath'],
  exportBundle: ['outFile'],
  verifyBundle: ['file', 'identityFile'],
  importBundle: ['file', 'identityFile'],
  exportWorkshopBundle: ['file'],
  importBundleInto: ['file', 'identityFile'],
  deliveryPull: ['identityFile'],
});

/**
 * Null when `payload` (the input of call `method`, as a page sent it) names no file on this
 * machine; else why the renderer's transports refuse it.
 */
export function pathInputRefusal(method: string, payload: unknown): string | null {
  const fields = Object.hasOwn(PATH_INPUTS, method) ? PATH_INPUTS[method as Method]! : [];
  if (payload === null || typeof payload !== 'object') return null;
  const named = fields.find((f) => Object.hasOwn(payload, f) && (payload as Record<string, unknown>)[f] !== undefined);
  if (!named) return null;
  return `${method}: "${named}" is a path on this machine, which the app never sends: files are chosen in the desktop app's dialogs or given to the command line`;
}

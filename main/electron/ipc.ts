/**
 * The Electron transport of the contract: ONE channel ('api') carrying `{ method, input }`.
 * The sender must be the main frame of our window showing our origin; the payload is validated
 * by dispatch() with the contract's zod schema; a call naming a file on disk is refused
 * (shared/contract/path-inputs.ts: main's dialogs choose files, not the page). Always answers
 * with an envelope, never throws.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { Handlers } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/client';
import { pathInputRefusal } from '../../shared/contract/path-inputs';
import { dispatch } from '../dispatch';
import { StoreGate } from '../store-gate';
import { API_CHANNEL } from './channels';
import { senderRejection, type SenderFacts } from './sender';

const ApiMessage = z.object({ method: z.string().min(1).max(100), input: z.unknown() }).strict();

/** The facts about an IPC sender that senderRejection() judges. */
export function senderFacts(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, win: BrowserWindow | null): SenderFacts {
  let frame = null as IpcMainInvokeEvent['senderFrame'];
  let frameUrl: string | null = null;
  try {
    frame = event.senderFrame;
    frameUrl = frame ? frame.url : null;
  } catch {
    /* a frame that navigated or was destroyed throws on access */
  }
  const contents = win && !win.isDestroyed() ? win.webContents : null;
  const fromAppWindow = !!contents && event.sender === contents;
  const main = contents?.mainFrame;
  const isMainFrame = !!frame && !!main && frame.parent === null && frame.routingId === main.routingId && frame.processId === main.processId;
  return { frameUrl, isMainFrame, fromAppWindow };
}

/** `target`: the services' handlers, or the gate in front of them while the store may still be upgrading. */
export async function handleApiMessage(target: Handlers | StoreGate, facts: SenderFacts, message: unknown): Promise<Envelope> {
  const refusal = senderRejection(facts);
  if (refusal) {
    console.warn(`[gcm-review] IPC refused: ${refusal} (${String(facts.frameUrl).slice(0, 200)})`);
    return { ok: false, error: { code: 'forbidden', message: `IPC refused: ${refusal}` } };
  }
  const parsed = ApiMessage.safeParse(message);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: 'an API message is { method, input }' } };
  const pathRefusal = pathInputRefusal(parsed.data.method, parsed.data.input);
  if (pathRefusal) return { ok: false, error: { code: 'forbidden', message: pathRefusal } };
  return target instanceof StoreGate ? target.dispatch(parsed.data.method, parsed.data.input) : dispatch(target, parsed.data.method, parsed.data.input);
}

/** Registers the channel; returns a function that removes it. */
export function registerApi(target: Handlers | StoreGate, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(API_CHANNEL, (event, message: unknown) => handleApiMessage(target, senderFacts(event, getWindow()), message));
  return () => ipcMain.removeHandler(API_CHANNEL);
}

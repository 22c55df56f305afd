/** Every live field saver, so the window can flush them all on close or when hidden. */
import type { FieldSaver } from './saver';

const live = new Map<FieldSaver<unknown>, string>();

/** `key` names the field ("<draftId>/<field>"). */
export function register(s: FieldSaver<unknown>, key = ''): () => void {
  live.set(s, key);
  return () => live.delete(s);
}

/**
 * Waits for savers still working on fields under `prefix` (e.g. a question just left and
 * reopened), so an editor never opens on text older than what is being saved.
 */
export function settle(prefix: string): Promise<void> {
  const mine = [...live].filter(([, k]) => k === prefix || k.startsWith(prefix + '/')).map(([s]) => s);
  return Promise.all(mine.map((s) => s.flush())).then(() => undefined);
}

export function anyUnsaved(): boolean {
  for (const s of live.keys()) if (s.hasUnsaved) return true;
  return false;
}

/**
 * True when some text could not be saved (an error, invalid, or a conflict): closing now would
 * risk it. A retry on its way (status "saving") does not make a failing field safe.
 */
export function anyAtRisk(): boolean {
  for (const s of live.keys()) if (s.hasUnsaved && (s.inConflict || s.failing || s.status.state === 'error' || s.status.state === 'invalid')) return true;
  return false;
}

export function flushAll(): Promise<void> {
  return Promise.all([...live.keys()].map((s) => s.flush())).then(() => undefined);
}

/** Installs the window listeners once: flush on hide and on close; warn on close if text is at risk. */
export function installWindowFlush(win: Window = window): () => void {
  const onHide = () => {
    if (win.document.visibilityState === 'hidden') void flushAll();
  };
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    // Pending saves go out now (the transport uses keepalive requests, which outlive the page);
    // only text that cannot be saved makes the browser ask before leaving (in the desktop app,
    // main asks: will-prevent-unload). Judged before the flush, which marks fields "saving".
    const atRisk = anyAtRisk();
    if (anyUnsaved()) void flushAll();
    if (atRisk) e.preventDefault();
  };
  const onPageHide = () => void flushAll();
  win.document.addEventListener('visibilitychange', onHide);
  win.addEventListener('beforeunload', onBeforeUnload);
  win.addEventListener('pagehide', onPageHide);
  return () => {
    win.document.removeEventListener('visibilitychange', onHide);
    win.removeEventListener('beforeunload', onBeforeUnload);
    win.removeEventListener('pagehide', onPageHide);
  };
}

/** Every live field saver, so the window can flush them all on close or when hidden. */
import type { FieldSaver } from './saver';

const live = new Set<FieldSaver<unknown>>();

export function register(s: FieldSaver<unknown>): () => void {
  live.add(s);
  return () => live.delete(s);
}

export function anyUnsaved(): boolean {
  for (const s of live) if (s.hasUnsaved) return true;
  return false;
}

/** True when some text could not be saved (an error or a conflict): closing now would risk it. */
export function anyAtRisk(): boolean {
  for (const s of live) if (s.hasUnsaved && (s.inConflict || s.status.state === 'error')) return true;
  return false;
}

export function flushAll(): Promise<void> {
  return Promise.all([...live].map((s) => s.flush())).then(() => undefined);
}

/** Installs the window listeners once: flush on hide and on close; warn on close if text is at risk. */
export function installWindowFlush(win: Window = window): () => void {
  const onHide = () => {
    if (win.document.visibilityState === 'hidden') void flushAll();
  };
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    // Pending saves go out now (the transport uses keepalive requests, which outlive the page);
    // only text that cannot be saved makes the browser ask before leaving.
    if (anyUnsaved()) void flushAll();
    if (anyAtRisk()) e.preventDefault();
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

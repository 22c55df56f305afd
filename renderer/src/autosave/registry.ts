/** Every live field saver, so the window can flush them all on close or when hidden. */
import type { FieldSaver } from './saver';

/**
 * Each live saver's field key, how many editors hold it now, and whether the field's next editor
 * may take it over (not once what is stored was reloaded under it: `detach`).
 */
const live = new Map<FieldSaver<unknown>, { key: string; holders: number; adoptable: boolean }>();

/** Whether field key `key` is `prefix` or one of its fields ("<draftId>/<field>" under "<draftId>"). */
const under = (key: string, prefix: string) => key === prefix || key.startsWith(prefix + '/');

/**
 * The saver still storing what was typed in `key`'s field (its editor closed a moment ago and its
 * save is on its way, failing or in conflict), if any.
 */
export function unsaved<V>(key: string): FieldSaver<V> | undefined {
  for (const [s, e] of live) if (e.key === key && e.adoptable && s.hasUnsaved) return s as FieldSaver<V>;
  return undefined;
}

/**
 * An editor of `key`'s field takes a saver: with `adopt`, the one still storing that field's text
 * (the editor then opens on its `latest` value and saves on after it: nothing typed meanwhile
 * waits for that save, nor is saved on top of an older text); otherwise, or if there is none, the
 * one `create` gives (a new one, or the editor's own again: useHeldSaver). Held from the editor's
 * first render (a save ending before its effects would otherwise let `release` dispose of it)
 * until `release`.
 */
export function hold<V>(key: string, create: () => FieldSaver<V>, adopt: boolean): { saver: FieldSaver<V>; adopted: boolean } {
  const found = adopt ? unsaved<V>(key) : undefined;
  const saver = found ?? create();
  const entry = live.get(saver as FieldSaver<unknown>) ?? { key, holders: 0, adoptable: true };
  entry.holders++;
  live.set(saver as FieldSaver<unknown>, entry);
  return { saver, adopted: !!found };
}

/**
 * The editor closed: its text is saved now; the saver is let go once that is done and no other
 * editor took it. One whose text could not be stored stays, retrying, for `flushAll` and the close
 * warning (and for the field's next editor), until a retry stores it.
 */
export function release(s: FieldSaver<unknown>): Promise<void> {
  const entry = live.get(s);
  if (entry) entry.holders--;
  const letGo = () => {
    if (!entry || entry.holders > 0 || live.get(s) !== entry) return;
    if (s.hasUnsaved) return s.onceStored(letGo); // let go once a retry has stored it
    live.delete(s);
    s.dispose();
  };
  return s.flush().then(letGo);
}

/**
 * What is stored under `prefix`'s fields changed and their editors reopen on it (a contribution
 * accepted, text placed from the import tray): no saver of theirs may be taken over now, since it
 * holds text from before that change (what it still has to save goes on, and meets a conflict).
 */
export function detach(prefix: string): void {
  for (const e of live.values()) if (under(e.key, prefix)) e.adoptable = false;
}

/**
 * Waits for savers still working on fields under `prefix` (e.g. a question just left and
 * reopened), so an editor never opens on text older than what is being saved.
 */
export function settle(prefix: string): Promise<void> {
  const mine = [...live].filter(([, { key }]) => under(key, prefix)).map(([s]) => s);
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

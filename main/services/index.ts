/**
 * The services: plain Node implementations of every call in the contract. No Electron here;
 * the CLI, the browser-mode host, the Electron IPC layer and the tests all use these.
 * The store, templates, drafts and fields are made at once; every other call's code (keys,
 * bundles, import/export, workshops, delivery...: on-demand.ts) loads the first time one of those
 * calls is made (issue 13: `draft list` starts without it). Its handlers are here from the start,
 * under every name of the contract (METHOD_NAMES), and wait for it.
 */
import type { Handlers } from '../../shared/contract';
import { METHOD_NAMES } from '../../shared/contract/method-names';
import { STORE_READY } from '../../shared/contract/startup';
import type { DeliveryWorker } from '../delivery/worker';
import { SummaryBackfill, type BackfillOptions } from '../history/summary-backfill';
import type { KeyVaultSource } from '../keys/vault';
import { Store } from '../store/store';
import type { UpgradeListener } from '../store/migrations';
import { Drafts } from './drafts';
import { Fields, type FieldsOptions } from './fields';
import type { Interchange } from './interchange';
import type { CoreMethod, OnDemandServices } from './on-demand';
import { Templates } from './templates';
import { APP_VERSION } from './version';

/** What loads on first use: the import/export service and the delivery worker (on-demand.ts). */
export interface LoadedServices {
  interchange: Interchange;
  /** Sends queued bundles to the intake; started by startMaintenance (long-running hosts) or by `delivery send`. */
  delivery: DeliveryWorker;
}

export interface Services {
  store: Store;
  templates: Templates;
  drafts: Drafts;
  fields: Fields;
  /** Session summaries kept in the background (long-running hosts: started by startMaintenance). */
  summaries: SummaryBackfill;
  handlers: Handlers;
  /** The services loaded on first use (made now if no call has needed them yet). */
  loaded(): Promise<LoadedServices>;
  /** For long-running hosts (Electron, browser mode): a daily backup beside the store. */
  startMaintenance(): void;
  close(): void;
}

/**
 * `vault`: how private signing keys are sealed (the Electron layer passes a function that finds
 * out, the first time a key is needed, whether the OS keychain can be used).
 */
export function createServices(dbFile: string, opts: { vault?: KeyVaultSource; create?: boolean; onUpgrade?: UpgradeListener; fields?: FieldsOptions; summaries?: BackfillOptions; checkpointIdleMs?: number } = {}): Services {
  const store = new Store(dbFile, { create: opts.create, onProgress: opts.onUpgrade, checkpointIdleMs: opts.checkpointIdleMs });
  const templates = new Templates(store);
  const drafts = new Drafts(store, templates);
  const fields = new Fields(store, drafts, opts.fields);
  const summaries = new SummaryBackfill(store, opts.summaries);

  let onDemand: OnDemandServices | null = null;
  let loading: Promise<OnDemandServices> | null = null;
  const load = () =>
    (loading ??= import('./on-demand').then((m) => {
      onDemand ??= m.onDemandServices({ store, drafts, templates, vault: opts.vault }, () => handlers);
      return onDemand;
    }));

  const core: Pick<Handlers, CoreMethod> = {
    storeStatus: () => STORE_READY,
    appInfo: () => ({ version: APP_VERSION, installationId: store.installationId, dbPath: store.file, storeDamaged: store.damaged }),
    getSetting: ({ key }) => store.getSetting(`ui.${key}`),
    setSetting: ({ key, value }) => {
      store.setSetting(`ui.${key}`, value);
      return { ok: true as const };
    },
    listTemplates: () => templates.list(),
    getTemplate: ({ id, version }) => templates.get(id, version),
    importTemplate: ({ json }) => {
      const t = templates.import(json);
      return { id: t.id, version: t.version };
    },
    listDrafts: ({ trash }) => drafts.list(trash ?? false),
    createDraft: (input) => drafts.create(input),
    getDraft: ({ draftId }) => drafts.get(draftId),
    renameDraft: ({ draftId, title }) => drafts.rename(draftId, title),
    setDraftDocument: ({ draftId, ...input }) => drafts.setDocument(draftId, input),
    duplicateDraft: ({ draftId, title }) => drafts.duplicate(draftId, title),
    deleteDraft: ({ draftId }) => drafts.setDeleted(draftId, true),
    restoreDraft: ({ draftId }) => drafts.setDeleted(draftId, false),
    saveField: ({ draftId, field, value, baseRevisionId }) => fields.save(draftId, field, value, baseRevisionId),
    fieldHistory: ({ draftId, field }) => fields.history(draftId, field),
    getRevision: ({ revisionId }) => fields.revision(revisionId),
    restoreRevision: ({ draftId, field, revisionId, baseRevisionId }) => fields.restore(draftId, field, revisionId, baseRevisionId),
    search: ({ query }) => fields.search(query),
  };
  // every other call: its code loads on the first call of any of them, then answers
  const later: Record<string, (input: never) => Promise<unknown>> = {};
  for (const m of METHOD_NAMES) {
    if (Object.prototype.hasOwnProperty.call(core, m)) continue;
    later[m] = async (input) => ((onDemand ?? (await load())).handlers as Record<string, (i: unknown) => unknown>)[m]!(input);
  }
  const own = { ...later, ...core } as unknown as Handlers;

  // in a long-running host, a call that moved answers' heads other than a save (an import, a merge,
  // a restore, a pull...) starts the search index's catch-up and the summaries' back-fill as soon
  // as it is answered; saves start the catch-up themselves once they pause (Fields.scheduleIndex)
  // and keep their ended sessions' summaries (Fields.scheduleSummaries); the back-fill's steps
  // wait while saves arrive
  let background = false;
  const handlers = afterEachCall(own, (method) => {
    if (!background) return;
    if (method === 'saveField') return summaries.noteSave();
    fields.catchUpIndex();
    void summaries.start();
  });

  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let stopIndex = () => {};
  const startMaintenance = () => {
    // the copy runs on a worker thread (store/backup.ts): saves and reads keep answering meanwhile
    const run = () => {
      if (!store.db.open) return;
      import('../store/backup')
        .then(({ dailyBackup }) => dailyBackup(store))
        .catch((e: Error) => {
          if (store.db.open) process.stderr.write(`daily backup failed: ${e.message}\n`);
        });
    };
    setTimeout(run, 10_000).unref();
    // the search index catches up in the background after writes that do not go through a save
    // (imports, merges: at once after the call, see above; by another process: within 5 s)
    background = true;
    fields.catchUpIndex();
    fields.compactSoon();
    void summaries.start(); // sessions with no kept summary (a store from before migration 014, imports...)
    const index = setInterval(() => {
      fields.catchUpIndex();
      void summaries.start();
    }, 5_000);
    index.unref();
    stopIndex = () => clearInterval(index);
    timer = setInterval(run, 60 * 60 * 1000);
    timer.unref();
    void load().then(
      (s) => {
        if (!closed) s.delivery.start();
      },
      (e: Error) => {
        if (!closed) process.stderr.write(`the delivery worker could not start: ${e.message}\n`);
      },
    );
  };
  const close = () => {
    background = false;
    closed = true;
    if (timer) clearInterval(timer);
    stopIndex();
    summaries.stop();
    onDemand?.delivery.stop();
    fields.compactBeforeClose();
    store.close();
  };
  return { store, templates, drafts, fields, summaries, handlers, loaded: load, startMaintenance, close };
}

/** `handlers` with `after(method)` called once each call has returned or failed (sync or async). */
function afterEachCall(handlers: Handlers, after: (method: string) => void): Handlers {
  const out: Record<string, (input: never) => unknown> = {};
  for (const [method, fn] of Object.entries(handlers) as Array<[string, (input: never) => unknown]>) {
    out[method] = (input) => {
      let r: unknown;
      try {
        r = fn(input);
      } catch (e) {
        after(method);
        throw e;
      }
      if (r instanceof Promise) return r.finally(() => after(method));
      after(method);
      return r;
    };
  }
  return out as unknown as Handlers;
}

/**
 * The services: plain Node implementations of every call in the contract. No Electron here;
 * the CLI, the browser-mode host, the Electron IPC layer and the tests all use these.
 */
import type { Handlers } from '../../shared/contract';
import { STORE_READY } from '../../shared/contract/startup';
import { bundleServices } from '../bundle/service';
import { deliveryServices } from '../delivery/service';
import type { DeliveryWorker } from '../delivery/worker';
import type { KeyVaultSource } from '../keys/vault';
import { dailyBackup } from '../store/backup';
import { Store } from '../store/store';
import type { UpgradeListener } from '../store/migrations';
import { signedBundleIO } from '../workshops/bundle-io';
import { workshopServices } from '../workshops/handlers';
import { backupHandlers } from './backups';
import { desktopOnlyHandlers } from './desktop-only';
import { historyHandlers } from '../history/handlers';
import { Drafts } from './drafts';
import { Fields } from './fields';
import { Interchange, interchangeHandlers } from './interchange';
import { Templates } from './templates';
import { transferHandlers } from './transfer';
import { APP_VERSION } from './version';

export interface Services {
  store: Store;
  templates: Templates;
  drafts: Drafts;
  fields: Fields;
  interchange: Interchange;
  handlers: Handlers;
  /** Sends queued bundles to the intake; started by startMaintenance (long-running hosts) or by `delivery send`. */
  delivery: DeliveryWorker;
  /** For long-running hosts (Electron, browser mode): a daily backup beside the store. */
  startMaintenance(): void;
  close(): void;
}

/**
 * `vault`: how private signing keys are sealed (the Electron layer passes a function that finds
 * out, the first time a key is needed, whether the OS keychain can be used).
 */
export function createServices(dbFile: string, opts: { vault?: KeyVaultSource; create?: boolean; onUpgrade?: UpgradeListener } = {}): Services {
  const store = new Store(dbFile, { create: opts.create, onProgress: opts.onUpgrade });
  const templates = new Templates(store);
  const drafts = new Drafts(store, templates);
  const fields = new Fields(store, drafts);
  const bundles = bundleServices({ store, drafts, templates, vault: opts.vault });
  const interchange = new Interchange(store, drafts, templates);
  const delivery = deliveryServices(store, bundles.keys, () => handlers);
  const consolidation = workshopServices({ store, drafts, templates, bundleIO: signedBundleIO({ store, templates, trust: bundles.trust, keys: bundles.keys }) });

  const identityInfo = () => {
    const name = store.getSetting('identity.name');
    if (!name) return null;
    const key = bundles.keys.active();
    return { name, organisation: store.getSetting('identity.organisation') ?? '', installationId: store.installationId, fingerprint: key?.fingerprint ?? null, publicKeyPem: key?.publicKeyPem ?? null };
  };

  const own: Handlers = {
    ...consolidation.handlers,
    storeStatus: () => STORE_READY,
    appInfo: () => ({ version: APP_VERSION, installationId: store.installationId, dbPath: store.file, storeDamaged: store.damaged }),
    getIdentity: () => identityInfo(),
    setIdentity: async ({ name, organisation }) => {
      store.tx(() => {
        store.setSetting('identity.name', name);
        store.setSetting('identity.organisation', organisation);
        store.audit(null, 'identity.set', { newValue: `${name} (${organisation})` });
      });
      await bundles.keys.ensure();
      return identityInfo()!;
    },
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
    ...bundles.handlers,
    ...interchangeHandlers(interchange),
    ...transferHandlers(store, () => handlers),
    ...desktopOnlyHandlers,
    ...backupHandlers(store),
    ...delivery.handlers,
    ...historyHandlers(store, drafts),
  };

  // in a long-running host, a call that moved answers' heads other than a save (an import, a merge,
  // a restore, a pull...) starts the search index's catch-up as soon as it is answered; saves
  // start it themselves once they pause (Fields.scheduleIndex)
  let background = false;
  const handlers = afterEachCall(own, (method) => {
    if (background && method !== 'saveField') fields.catchUpIndex();
  });

  let timer: NodeJS.Timeout | null = null;
  let stopIndex = () => {};
  const startMaintenance = () => {
    // the copy runs on a worker thread (store/backup.ts): saves and reads keep answering meanwhile
    const run = () => {
      if (!store.db.open) return;
      dailyBackup(store).catch((e: Error) => {
        if (store.db.open) process.stderr.write(`daily backup failed: ${e.message}\n`);
      });
    };
    setTimeout(run, 10_000).unref();
    // the search index catches up in the background after writes that do not go through a save
    // (imports, merges: at once after the call, see above; by another process: within 5 s)
    background = true;
    fields.catchUpIndex();
    const index = setInterval(() => fields.catchUpIndex(), 5_000);
    index.unref();
    stopIndex = () => clearInterval(index);
    timer = setInterval(run, 60 * 60 * 1000);
    timer.unref();
    delivery.worker.start();
  };
  const close = () => {
    background = false;
    if (timer) clearInterval(timer);
    stopIndex();
    delivery.worker.stop();
    store.close();
  };
  return { store, templates, drafts, fields, interchange, handlers, delivery: delivery.worker, startMaintenance, close };
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

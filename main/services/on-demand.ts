/**
 * The services loaded on first use (issue 13): signing keys and identity, attachments, trust,
 * bundles, import/export, workshops and review, transfers, delivery, backups and history. Their
 * code and the schemas it needs are a module of their own, loaded by createServices (index.ts) the
 * first time any of their calls is made, so that a command such as `draft list` starts with the
 * store and the drafts alone. One composition for every caller: the CLI, the host and Electron.
 */
import type { Handlers } from '../../shared/contract';
import { bundleServices } from '../bundle/service';
import { deliveryServices } from '../delivery/service';
import type { KeyVaultSource } from '../keys/vault';
import type { Store } from '../store/store';
import { signedBundleIO } from '../workshops/bundle-io';
import { workshopServices } from '../workshops/handlers';
import { backupHandlers } from './backups';
import { desktopOnlyHandlers } from './desktop-only';
import { historyHandlers } from '../history/handlers';
import type { Drafts } from './drafts';
import { Interchange, interchangeHandlers } from './interchange';
import type { Templates } from './templates';
import { transferHandlers } from './transfer';
import { copyMergeSource } from '../bundle/returned-copy';

/** The calls the core of createServices answers itself; every other call is here. */
export type CoreMethod =
  | 'storeStatus'
  | 'appInfo'
  | 'getSetting'
  | 'setSetting'
  | 'listTemplates'
  | 'getTemplate'
  | 'importTemplate'
  | 'listDrafts'
  | 'createDraft'
  | 'getDraft'
  | 'renameDraft'
  | 'setDraftDocument'
  | 'duplicateDraft'
  | 'deleteDraft'
  | 'restoreDraft'
  | 'saveField'
  | 'fieldHistory'
  | 'getRevision'
  | 'restoreRevision'
  | 'search';

export type OnDemandHandlers = Omit<Handlers, CoreMethod>;

export function onDemandServices(ctx: { store: Store; drafts: Drafts; templates: Templates; vault?: KeyVaultSource }, all: () => Handlers) {
  const { store, drafts, templates } = ctx;
  const bundles = bundleServices({ store, drafts, templates, vault: ctx.vault });
  const interchange = new Interchange(store, drafts, templates);
  const delivery = deliveryServices(store, bundles.keys, all);
  const consolidation = workshopServices({ store, drafts, templates, bundleIO: signedBundleIO({ store, templates, trust: bundles.trust, keys: bundles.keys }) });

  const identityInfo = () => {
    const name = store.getSetting('identity.name');
    if (!name) return null;
    const key = bundles.keys.active();
    return { name, organisation: store.getSetting('identity.organisation') ?? '', installationId: store.installationId, fingerprint: key?.fingerprint ?? null, publicKeyPem: key?.publicKeyPem ?? null };
  };

  const handlers: OnDemandHandlers = {
    ...consolidation.handlers,
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
    ...bundles.handlers,
    // a returned copy into its master from the file its import read: that file imported into the master, as by hand
    mergeReturnedCopy: async ({ draftId, acceptUnknownSigner }) => {
      drafts.row(draftId, { allowDeleted: true });
      const { file, masterId } = await copyMergeSource(store, draftId);
      return all().importBundleInto({ file, draftId: masterId, acceptUnknownSigner });
    },
    ...interchangeHandlers(interchange),
    ...transferHandlers(store, all),
    ...desktopOnlyHandlers,
    ...backupHandlers(store),
    ...delivery.handlers,
    ...historyHandlers(store, drafts),
  };
  return { handlers, interchange, delivery: delivery.worker };
}

export type OnDemandServices = ReturnType<typeof onDemandServices>;

/** Contract handlers for attachments, signing keys, the trust register and bundles. */
import type { Handlers } from '../../shared/contract';
import { Attachments } from '../attachments/attachments';
import { SigningKeys } from '../keys/signing-keys';
import { TrustRegister } from '../keys/trust';
import type { KeyVaultSource } from '../keys/vault';
import type { Drafts } from '../services/drafts';
import type { Templates } from '../services/templates';
import type { Store } from '../store/store';
import { exportDraftBundle } from './export';
import { importBundleFile } from './import';
import { changesSinceExport, listOutbox } from './outbox';
import { verifyBundleFile } from './verify';
import { returnedCopy } from './returned-copy';

type BundleMethods =
  | 'addAttachment'
  | 'listAttachments'
  | 'removeAttachment'
  | 'openAttachment'
  | 'ensureSigningKey'
  | 'trustAdd'
  | 'trustList'
  | 'trustRevoke'
  | 'exportBundle'
  | 'verifyBundle'
  | 'importBundle'
  | 'listOutbox'
  | 'changesSinceExport'
  | 'returnedCopy';

export interface BundleContext {
  store: Store;
  drafts: Drafts;
  templates: Templates;
  vault?: KeyVaultSource;
}

export function bundleServices(ctx: BundleContext) {
  const keys = new SigningKeys(ctx.store, ctx.vault);
  const trust = new TrustRegister(ctx.store);
  const attachments = new Attachments(ctx.store, ctx.drafts);
  const deps = { store: ctx.store, templates: ctx.templates, trust };
  const handlers: Pick<Handlers, BundleMethods> = {
    addAttachment: ({ draftId, field, filePath, name }) => attachments.add(draftId, field, filePath, name),
    listAttachments: ({ draftId, field, includeRemoved }) => attachments.list(draftId, field, includeRemoved ?? false),
    removeAttachment: ({ attachmentId }) => attachments.remove(attachmentId),
    openAttachment: ({ attachmentId }) => attachments.open(attachmentId),
    ensureSigningKey: () => keys.ensure(),
    trustAdd: (input) => trust.add(input),
    trustList: () => trust.list(),
    trustRevoke: ({ fingerprint, reason }) => trust.revoke(fingerprint, reason ?? null),
    exportBundle: (input) => exportDraftBundle(ctx.store, ctx.drafts, keys, input),
    verifyBundle: async ({ file, identityFile }) => (await verifyBundleFile(deps, file, identityFile)).report,
    importBundle: (input) => importBundleFile(deps, input),
    listOutbox: ({ draftId }) => listOutbox(ctx.store, draftId),
    changesSinceExport: ({ draftId }) => {
      ctx.drafts.row(draftId, { allowDeleted: true });
      return changesSinceExport(ctx.store, draftId);
    },
    returnedCopy: ({ draftId }) => {
      ctx.drafts.row(draftId, { allowDeleted: true });
      return returnedCopy(ctx.store, draftId);
    },
  };
  return { keys, trust, attachments, handlers };
}

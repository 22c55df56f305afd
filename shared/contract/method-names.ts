/**
 * The name of every call in the contract and the module of its schemas, without loading them (no
 * zod here): what a caller needs to know first. The services load the code of most calls on first
 * use, and the dispatcher loads a call's schemas (its group's module) on its first call (issue 13:
 * the CLI's `draft list` then loads only the store, the drafts and their schemas). Kept equal to the
 * contract's calls by the type checks below (each group both ways) and by test/method-names.test.ts.
 */
import type { Call } from './common';
import type { Method } from './index';

/** Each module of the contract: its calls' names, and how to load their schemas. */
const CALL_GROUPS = {
  drafts: {
    names: ['appInfo', 'getIdentity', 'setIdentity', 'getSetting', 'setSetting', 'listTemplates', 'getTemplate', 'importTemplate', 'listDrafts', 'createDraft', 'getDraft', 'renameDraft', 'setDraftDocument', 'duplicateDraft', 'deleteDraft', 'restoreDraft', 'saveField', 'fieldHistory', 'getRevision', 'restoreRevision', 'search'],
    load: () => import('./drafts').then((m) => m.draftCalls),
  },
  attachments: {
    names: ['addAttachment', 'listAttachments', 'removeAttachment', 'openAttachment'],
    load: () => import('./attachments').then((m) => m.attachmentCalls),
  },
  trust: {
    names: ['ensureSigningKey', 'trustAdd', 'trustList', 'trustRevoke'],
    load: () => import('./trust').then((m) => m.trustCalls),
  },
  bundles: {
    names: ['exportBundle', 'verifyBundle', 'importBundle', 'listOutbox', 'changesSinceExport', 'returnedCopy', 'mergeReturnedCopy'],
    load: () => import('./bundles').then((m) => m.bundleCalls),
  },
  interchange: {
    names: ['importText', 'importDocx', 'mergeDocx', 'exportDocx', 'renderPrintHtml', 'printToPdf', 'listUnplaced', 'placeUnplaced', 'dismissUnplaced'],
    load: () => import('./interchange').then((m) => m.interchangeCalls),
  },
  workshops: {
    names: ['createWorkshop', 'listWorkshops', 'getWorkshop', 'addParticipant', 'addContribution', 'listContributions', 'acceptContribution', 'dismissContribution', 'answerSources', 'exportWorkshopBundle', 'importBundleInto'],
    load: () => import('./workshops').then((m) => m.workshopCalls),
  },
  review: {
    names: ['reviewTransition', 'reviewHistory', 'listDraftVersions', 'getDraftVersion', 'addComment', 'listComments', 'resolveComment', 'auditLog', 'auditCsv', 'auditWorkbook', 'listConflicts', 'resolveConflict', 'decideConflictPlace', 'dashboard'],
    load: () => import('./review').then((m) => m.reviewCalls),
  },
  transfer: {
    names: ['addAttachmentData', 'readAttachmentData', 'outboxFolder', 'exportBundleToOutbox', 'readOutboxBundle', 'exportWorkshopToOutbox', 'verifyBundleData', 'importBundleDataInto', 'importBundleData'],
    load: () => import('./transfer').then((m) => m.transferCalls),
  },
  desktop: {
    names: ['attachFilesFromDisk'],
    load: () => import('./desktop').then((m) => m.desktopCalls),
  },
  safety: {
    names: ['listBackups', 'createBackup', 'restoreBackup'],
    load: () => import('./safety').then((m) => m.safetyCalls),
  },
  delivery: {
    names: ['deliveryTarget', 'deliveryConnect', 'deliverySend', 'listDeliveries', 'deliveryReceipt', 'deliveryPull'],
    load: () => import('./delivery').then((m) => m.deliveryCalls),
  },
  history: {
    names: ['fieldHistoryPage', 'fieldSessions', 'createVersion', 'listVersions', 'diffVersions'],
    load: () => import('./history').then((m) => m.historyCalls),
  },
  capture: {
    names: ['getCaptureDraft', 'saveCaptureDraft', 'updateContribution', 'deleteContribution', 'contributionHistory', 'updateParticipant'],
    load: () => import('./capture').then((m) => m.captureCalls),
  },
  safeguards: {
    names: ['getReviewRules', 'setReviewRules', 'reopenDraft'],
    load: () => import('./safeguards').then((m) => m.safeguardCalls),
  },
  startup: {
    names: ['storeStatus'],
    load: () => import('./startup').then((m) => m.startupCalls),
  },
} as const;

type Groups = typeof CALL_GROUPS;
type Names<G extends keyof Groups> = Groups[G]['names'][number];
type Calls<G extends keyof Groups> = Awaited<ReturnType<Groups[G]['load']>>;
/** A compile error names a call listed in the wrong group, or missing from its group's list. */
type Mismatch = { [G in keyof Groups]: Exclude<keyof Calls<G>, Names<G>> | Exclude<Names<G>, keyof Calls<G>> }[keyof Groups];
const groupsMatch: [Mismatch] extends [never] ? true : Mismatch = true;
void groupsMatch;

export const METHOD_NAMES = Object.values(CALL_GROUPS).flatMap((g) => g.names) as ReadonlyArray<Names<keyof Groups>>;

type Listed = (typeof METHOD_NAMES)[number];
/** A compile error names the call that is in the contract and not here, or here and not in the contract. */
const everyMethodListed: [Exclude<Method, Listed>] extends [never] ? true : Exclude<Method, Listed> = true;
const onlyMethodsListed: [Exclude<Listed, Method>] extends [never] ? true : Exclude<Listed, Method> = true;
void everyMethodListed;
void onlyMethodsListed;

const groupOf = new Map<string, keyof Groups>((Object.keys(CALL_GROUPS) as Array<keyof Groups>).flatMap((g) => CALL_GROUPS[g].names.map((n) => [n, g] as const)));

const resolved = new Map<string, Call>();

/** The schemas of call `method` if its group is already loaded: no promise, no module lookup (every call after the first). */
export function loadedCall(method: string): Call | undefined {
  return resolved.get(method);
}

/** The schemas of call `method`, its group's module loaded on first use; null for a name that is no call. */
export async function callOf(method: string): Promise<Call | null> {
  const known = resolved.get(method);
  if (known) return known;
  const g = groupOf.get(method);
  if (!g) return null;
  const calls = (await CALL_GROUPS[g].load()) as unknown as Record<string, Call>;
  for (const name of CALL_GROUPS[g].names) if (calls[name]) resolved.set(name, calls[name]);
  return calls[method] ?? null;
}

/**
 * The name of every call in the contract, without its schemas (no zod): what a caller needs to know
 * before it loads them, e.g. the services, which load the code of most calls on first use (issue 13:
 * the CLI's `draft list` then loads only the store, the drafts and their schemas). Kept equal to
 * the contract's calls by the type check below (both ways) and by test/method-names.test.ts.
 */
import type { Method } from './index';

export const METHOD_NAMES = [
  'appInfo', 'getIdentity', 'setIdentity', 'getSetting', 'setSetting', 'listTemplates', 'getTemplate',
  'importTemplate', 'listDrafts', 'createDraft', 'getDraft', 'renameDraft', 'setDraftDocument',
  'duplicateDraft', 'deleteDraft', 'restoreDraft', 'saveField', 'fieldHistory', 'getRevision',
  'restoreRevision', 'search', 'addAttachment', 'listAttachments', 'removeAttachment', 'openAttachment',
  'ensureSigningKey', 'trustAdd', 'trustList', 'trustRevoke', 'exportBundle', 'verifyBundle', 'importBundle',
  'listOutbox', 'changesSinceExport', 'importText', 'importDocx', 'exportDocx', 'renderPrintHtml',
  'printToPdf', 'listUnplaced', 'placeUnplaced', 'dismissUnplaced', 'createWorkshop', 'listWorkshops',
  'getWorkshop', 'addParticipant', 'addContribution', 'listContributions', 'acceptContribution',
  'dismissContribution', 'answerSources', 'exportWorkshopBundle', 'importBundleInto', 'reviewTransition',
  'reviewHistory', 'listDraftVersions', 'getDraftVersion', 'addComment', 'listComments', 'resolveComment',
  'auditLog', 'auditCsv', 'listConflicts', 'resolveConflict', 'decideConflictPlace', 'dashboard',
  'addAttachmentData', 'readAttachmentData', 'outboxFolder', 'exportBundleToOutbox', 'readOutboxBundle',
  'exportWorkshopToOutbox', 'verifyBundleData', 'importBundleDataInto', 'importBundleData',
  'attachFilesFromDisk', 'listBackups', 'restoreBackup', 'deliveryTarget', 'deliveryConnect', 'deliverySend',
  'listDeliveries', 'deliveryReceipt', 'deliveryPull', 'fieldHistoryPage', 'fieldSessions', 'createVersion',
  'listVersions', 'diffVersions', 'getCaptureDraft', 'saveCaptureDraft', 'updateContribution',
  'deleteContribution', 'contributionHistory', 'updateParticipant', 'getReviewRules', 'setReviewRules',
  'reopenDraft', 'storeStatus',
] as const;

type Listed = (typeof METHOD_NAMES)[number];
/** A compile error names the call that is in the contract and not here, or here and not in the contract. */
const everyMethodListed: Exclude<Method, Listed> extends never ? true : Exclude<Method, Listed> = true;
const onlyMethodsListed: Exclude<Listed, Method> extends never ? true : Exclude<Listed, Method> = true;
void everyMethodListed;
void onlyMethodsListed;

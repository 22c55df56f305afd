/** Contract handlers for workshops, contributions and consolidation (workshops + review calls). */
import type { Handlers } from '../../shared/contract';
import type { reviewCalls } from '../../shared/contract/review';
import type { workshopCalls } from '../../shared/contract/workshops';
import type { captureCalls } from '../../shared/contract/capture';
import type { safeguardCalls } from '../../shared/contract/safeguards';
import { ReviewRules } from '../review/rules';
import { Audit } from '../review/audit';
import { Comments } from '../review/comments';
import { Conflicts } from '../review/conflicts';
import { buildDashboard } from '../review/dashboard';
import { Review } from '../review/workflow';
import type { Drafts } from '../services/drafts';
import type { Templates } from '../services/templates';
import type { Store } from '../store/store';
import { exportWorkshopBundle, importBundleInto, type SignedBundleIO } from './bundle-adapter';
import { CaptureDrafts } from './capture';
import { Decisions } from './decisions';
import { CaptureEdits } from './edits';
import { Workshops } from './workshops';

export interface WorkshopContext {
  store: Store;
  drafts: Drafts;
  templates: Templates;
  bundleIO?: SignedBundleIO;
}

type Methods = keyof typeof workshopCalls | keyof typeof reviewCalls | keyof typeof captureCalls | keyof typeof safeguardCalls;

export function workshopServices(ctx: WorkshopContext) {
  const { store, drafts } = ctx;
  const workshops = new Workshops(store, drafts, ctx.templates);
  const decisions = new Decisions(store, drafts);
  const review = new Review(store, drafts);
  const comments = new Comments(store, drafts);
  const audit = new Audit(store, drafts);
  const conflicts = new Conflicts(store, drafts);
  const capture = new CaptureDrafts(store, workshops);
  const edits = new CaptureEdits(store, workshops);
  const rules = new ReviewRules(store);
  const handlers: Pick<Handlers, Methods> = {
    createWorkshop: (i) => workshops.create(i),
    listWorkshops: ({ draftId }) => workshops.list(draftId),
    getWorkshop: ({ workshopId }) => workshops.get(workshopId),
    addParticipant: (i) => workshops.addParticipant(i),
    addContribution: (i) => workshops.addContribution(i),
    listContributions: ({ draftId, field, status }) => decisions.list(draftId, field, status),
    acceptContribution: (i) => decisions.accept(i),
    dismissContribution: ({ contributionId, reason, fields }) => decisions.dismiss(contributionId, reason, fields),
    answerSources: ({ draftId, field }) => decisions.sources(draftId, field),
    exportWorkshopBundle: (i) => exportWorkshopBundle(ctx.bundleIO, store, i),
    importBundleInto: (i) => importBundleInto(ctx.bundleIO, store, i),
    reviewTransition: ({ draftId, action, comment }) => review.transition(draftId, action, comment),
    reviewHistory: ({ draftId }) => review.history(draftId),
    listDraftVersions: ({ draftId }) => review.versions(draftId),
    getDraftVersion: ({ draftId, version }) => review.version(draftId, version),
    addComment: (i) => comments.add(i),
    listComments: ({ draftId, field, includeResolved }) => comments.list(draftId, field, includeResolved ?? false),
    resolveComment: ({ commentId }) => comments.resolve(commentId),
    auditLog: ({ draftId }) => audit.entries(draftId),
    auditCsv: ({ draftId }) => audit.csv(draftId),
    auditWorkbook: ({ draftId, language }) => audit.workbook(draftId, language),
    listConflicts: ({ draftId, includeResolved }) => conflicts.list(draftId, includeResolved ?? false),
    resolveConflict: ({ conflictId, take, value, baseRevisionId }) => conflicts.resolve(conflictId, { take, value, baseRevisionId }),
    decideConflictPlace: ({ conflictId, place, choice, edited }) => conflicts.decide(conflictId, place, choice, edited),
    dashboard: ({ draftId }) => buildDashboard(store, drafts, draftId),
    getCaptureDraft: ({ workshopId }) => capture.get(workshopId),
    saveCaptureDraft: ({ workshopId, state }) => capture.save(workshopId, state),
    updateContribution: (i) => edits.update(i),
    deleteContribution: ({ contributionId, confirmAfterExport }) => edits.delete(contributionId, confirmAfterExport),
    contributionHistory: ({ contributionId }) => edits.history(contributionId),
    updateParticipant: (i) => edits.updateParticipant(i),
    getReviewRules: () => rules.get(),
    setReviewRules: ({ approverNotSubmitter }) => rules.set(approverNotSubmitter),
    reopenDraft: ({ draftId }) => review.reopen(draftId),
  };
  return { workshops, decisions, review, comments, audit, conflicts, handlers };
}

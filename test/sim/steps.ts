/**
 * The steps of the simulation that go beyond a save: delivering a returned bundle (checked field by
 * field against the merge model), importing one again, deciding conflicts, restoring from history,
 * taking in workshop contributions and naming versions.
 */
import { expect } from 'vitest';
import { invoke } from '../../main/dispatch';
import type { MergeReport } from '../../main/merge/returned-draft';
import { textToDoc } from '../../shared/plaintext';
import { storeSnapshot } from '../helpers';
import { checkMerge, checkResolution, type ResolutionCase } from './merge-checks';
import { LANGS, tokensOf } from './texts';
import { FIELDS, type SentBundle, type Site, type World } from './world';

/** What arrived at the ministry: a department's head of a field, and what the merge did with it. */
export interface Arrival {
  bundle: SentBundle;
  field: string;
  travelId: string;
  outcome: string;
}

const texts = (w: World, site: Site, draftId: string) => new Map([...w.heads(site, draftId)].map(([f, h]) => [f, h.text]));
const openConflicts = async (site: Site, draftId: string) => invoke(site.s.handlers, 'listConflicts', { draftId });

/** Merges a returned draft or the master into `draftId` of `site` and checks every field against the model. */
export async function mergeInto(w: World, site: Site, draftId: string, file: string, ctx: string): Promise<MergeReport> {
  const before = w.heads(site, draftId);
  const r = await invoke(site.s.handlers, 'importBundleInto', { file, draftId });
  const report = r.details as MergeReport;
  checkMerge(site, draftId, before, report, ctx);
  for (const f of report.fields) w.count(`${site === w.ministry ? 'ministry' : 'department'} merge: ${f.outcome}`);
  return report;
}

export async function deliver(w: World, b: SentBundle, arrivals: Arrival[], ctx: string): Promise<void> {
  const M = w.ministry;
  // an older export after a newer one that holds all of it was merged (the newest sent first, or a laptop restored from backup)
  const superseded = w.delivered.some((x) => x.seq > b.seq && Object.values(b.heads).every((h) => x.revisions.has(h.id)));
  const before = texts(w, M, w.master);
  const openBefore = (await openConflicts(M, w.master)).map((c) => c.id);
  const report = await mergeInto(w, M, w.master, b.file, `${ctx} deliver #${b.seq} from ${b.dept.name}`);
  if (superseded) {
    w.count('older bundle after a newer one');
    expect(texts(w, M, w.master), `${ctx}: an older bundle after a newer one changed answers`).toEqual(before);
    expect((await openConflicts(M, w.master)).map((c) => c.id), `${ctx}: an older bundle after a newer one opened conflicts`).toEqual(openBefore);
  }
  // the files it carries are in the master (those it brought, or the master's own that came back)
  const held = new Set((await invoke(M.s.handlers, 'listAttachments', { draftId: w.master, includeRemoved: true })).map((a) => `${a.field} ${a.sha256}`));
  expect(b.attachments.filter((a) => !held.has(a)), `${ctx}: attachments of deliver #${b.seq} not in the master`).toEqual([]);
  for (const [field, h] of Object.entries(b.heads)) arrivals.push({ bundle: b, field, travelId: h.id, outcome: report.fields.find((f) => f.field === field)!.outcome });
  b.delivered = true;
  w.inbox.splice(w.inbox.indexOf(b), 1);
  w.delivered.push(b);
}

/** The same returned bundle again: refused as already imported, and the store is byte for byte the same. */
export async function reimport(w: World, b: SentBundle, ctx: string): Promise<void> {
  await reimportRefused(w.ministry, b.file, w.master, ctx);
}

async function reimportRefused(site: Site, file: string, draftId: string, ctx: string): Promise<void> {
  const snap = storeSnapshot(site.s);
  await expect(invoke(site.s.handlers, 'importBundleInto', { file, draftId }), ctx).rejects.toThrow(/already imported/);
  expect(storeSnapshot(site.s), `${ctx}: a refused re-import changed the store`).toBe(snap);
}

/** Decides one open conflict of `draftId` at `site`: ours, theirs, both at every place, or an edited place. */
export async function resolveOne(w: World, site: Site, draftId: string, ctx: string): Promise<void> {
  const open = await openConflicts(site, draftId);
  if (!open.length) return;
  const c = w.rng.pick(open);
  const whole = !c.places.length; // an objective whose status both sides set: ours or theirs as a whole
  const how = whole ? w.rng.pick(['ours', 'theirs'] as const) : w.rng.weighted({ ours: 2, theirs: 3, both: 2, edit: 1 });
  const head = w.text(site, draftId, c.field);
  const since = c.mergedRevisionId ? (await invoke(site.s.handlers, 'getRevision', { revisionId: c.mergedRevisionId })).text : (c.ours?.text ?? '');
  const k: ResolutionCase = { how, base: c.base?.text ?? '', ours: c.ours?.text ?? '', theirs: c.theirs?.text ?? '', since, head };
  try {
    if (how === 'ours' || how === 'theirs') await invoke(site.s.handlers, 'resolveConflict', { conflictId: c.id, take: how });
    else
      for (let p = 0; p < c.places.length; p++) {
        const edited = how === 'edit' && p === 0 ? (k.edited = w.tokens.paragraph(w.rng.pick(LANGS))) : undefined;
        await invoke(site.s.handlers, 'decideConflictPlace', { conflictId: c.id, place: p, choice: edited ? 'edit' : 'both', ...(edited ? { edited: textToDoc(edited) } : {}) });
      }
    w.count(`decision: ${how}`);
  } catch (e) {
    w.count('decision refused: edited since the merge');
    // the one refusal a decision may meet: the same place was edited since the merge; the user then keeps the current text
    // (written from it: a text written from the field as the merge left it would be refused)
    expect((e as Error).message, ctx).toMatch(/edited at the same place since the merge/);
    const now = w.heads(site, draftId).get(c.field)!;
    await invoke(site.s.handlers, 'resolveConflict', { conflictId: c.id, value: JSON.parse(now.value), baseRevisionId: now.revision_id });
    return;
  }
  checkResolution(k, w.text(site, draftId, c.field), `${ctx} ${site.name} ${c.field}`);
  const after = await invoke(site.s.handlers, 'listConflicts', { draftId, includeResolved: true });
  expect(after.find((x) => x.id === c.id)?.resolvedAt, ctx).toBeTruthy();
}

/** Restores a field of the master to one of its earlier revisions (a new revision with the old text). */
export async function restore(w: World, ctx: string): Promise<void> {
  const M = w.ministry;
  const field = w.rng.pick(FIELDS);
  const hist = await invoke(M.s.handlers, 'fieldHistory', { draftId: w.master, field });
  if (hist.length < 2) return;
  const head = w.heads(M, w.master).get(field)!;
  const old = w.rng.pick(hist.filter((h) => h.id !== head.revision_id));
  await invoke(M.s.handlers, 'restoreRevision', { draftId: w.master, field, revisionId: old.id, baseRevisionId: head.revision_id });
  expect(w.text(M, w.master, field), `${ctx}: restore of ${field}`).toBe(old.text);
}

/** A workshop contribution tagged to one or two questions, accepted into the master (or dismissed under one). */
export async function contribute(w: World, ctx: string): Promise<void> {
  const h = w.ministry.s.handlers;
  w.workshop ??= (await invoke(h, 'createWorkshop', { title: 'Consultation Souss-Massa', date: '2021-03-02', place: 'Agadir', authority: 'Wilaya', draftId: w.master })).id;
  const targets = [...new Set([w.rng.pick(FIELDS), w.rng.pick(FIELDS)])];
  const para = w.tokens.paragraph(w.rng.pick(LANGS));
  const c = await invoke(h, 'addContribution', { workshopId: w.workshop, targets, content: textToDoc(para), organisation: 'Association des migrants' });
  const mode = w.rng.pick(['append', 'insert'] as const);
  const r = await invoke(h, 'acceptContribution', { contributionId: c.id, draftId: w.master, mode, ...(mode === 'insert' ? { at: 0 } : {}) });
  expect(r.revisions.map((x) => x.field).sort(), ctx).toEqual([...targets].sort());
  for (const f of targets) expect([...tokensOf(w.text(w.ministry, w.master, f))], `${ctx}: accepted contribution in ${f}`).toContain([...tokensOf(para)][0]);
}

/**
 * A department's field workshop: contributions captured there (more each time) travel as a signed
 * bundle; the ministry imports it into the master (again: refused), and accepts what waits.
 */
export async function fieldWorkshop(w: World, dept: Site, ctx: string): Promise<void> {
  const h = dept.s.handlers;
  dept.workshop ??= { id: (await invoke(h, 'createWorkshop', { title: `Atelier ${dept.name}`, date: '2021-04-12', place: 'Oujda', authority: 'Wilaya de l’Oriental' })).id, sent: 0 };
  for (let i = 1 + w.rng.int(2); i > 0; i--) {
    const para = w.tokens.paragraph(w.rng.pick(LANGS));
    await invoke(h, 'addContribution', { workshopId: dept.workshop.id, targets: [w.rng.pick(FIELDS)], content: textToDoc(para), organisation: 'Union régionale' });
  }
  const out = await invoke(h, 'exportWorkshopBundle', { workshopId: dept.workshop.id, file: w.file('workshop') });
  const M = w.ministry;
  const r = await invoke(M.s.handlers, 'importBundleInto', { file: out.file, draftId: w.master });
  expect((r.details as { added: number }).added, `${ctx}: contributions added`).toBe(out.contributions - dept.workshop.sent);
  dept.workshop.sent = out.contributions;
  await reimportRefused(M, out.file, w.master, ctx);
  for (const c of await invoke(M.s.handlers, 'listContributions', { draftId: w.master, status: 'pending' })) {
    if (w.rng.chance(0.2)) continue; // some wait for a later day
    const r = await invoke(M.s.handlers, 'acceptContribution', { contributionId: c.id, draftId: w.master });
    for (const { field } of r.revisions) expect([...tokensOf(w.text(M, w.master, field))], `${ctx}: accepted contribution in ${field}`).toEqual(expect.arrayContaining([...tokensOf(c.text)]));
  }
  w.count('field workshop bundle');
}

export async function nameVersion(w: World, ctx: string): Promise<void> {
  const label = w.rng.pick(['Envoyé au ministère', 'Sent to the ministry', 'أرسلت إلى الوزارة']);
  const v = await invoke(w.ministry.s.handlers, 'createVersion', { draftId: w.master, label });
  const diff = await invoke(w.ministry.s.handlers, 'diffVersions', { draftId: w.master, from: v.id, to: 'current' });
  expect(diff, `${ctx}: a version just named differs from now`).toEqual([]);
}

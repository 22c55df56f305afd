/**
 * What must hold after every round, on every store: the revision graph is whole, no head ever
 * left the current head's ancestry, every answer a department returned is in the master (merged,
 * or waiting in a conflict the user sees), progress equals a recount; and at the end search and
 * the Word export show every current answer.
 */
import { expect } from 'vitest';
import { invoke } from '../../main/dispatch';
import { isFilled } from '../../main/services/values';
import { getRevisionRow, listHeads, listRevisionRows, parseValue } from '../../main/store/revisions';
import { zipText } from '../bundle-tools';
import type { Arrival } from './steps';
import { tokensOf } from './texts';
import type { Site, World } from './world';

/** Every revision has its parents (in the same draft and field), an author and an installation; history lists each once, children before parents. */
export async function checkGraph(site: Site, ctx: string): Promise<void> {
  const drafts = site.s.store.db.prepare('SELECT id FROM drafts').all() as Array<{ id: string }>;
  for (const { id: draftId } of drafts) {
    const rows = listRevisionRows(site.s.store, draftId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of rows) {
      const at = `${ctx} ${site.name}: revision ${r.id} of ${r.field}`;
      expect(r.author_name && r.author_org && r.installation_id, `${at} has no author`).toBeTruthy();
      for (const p of [r.parent_id, r.merge_parent_id]) {
        if (!p) continue;
        expect(byId.get(p)?.field, `${at}: parent ${p} missing`).toBe(r.field);
      }
    }
    for (const field of new Set(rows.map((r) => r.field))) {
      const hist = await invoke(site.s.handlers, 'fieldHistory', { draftId, field });
      const ids = hist.map((h) => h.id);
      expect([...ids].sort(), `${ctx} ${site.name}: history of ${field} is not complete`).toEqual(rows.filter((r) => r.field === field).map((r) => r.id).sort());
      expect(await pagedIds(site, draftId, field), `${ctx} ${site.name}: the history panel's pages of ${field}`).toEqual(ids);
      expect(await sessionSaves(site, draftId, field), `${ctx} ${site.name}: the editing sessions of ${field} miss saves`).toBe(ids.length);
      const pos = new Map(ids.map((id, i) => [id, i]));
      for (const h of hist) {
        for (const p of [h.parentId, h.mergeParentId]) if (p) expect(pos.get(p)!, `${ctx} ${site.name}: ${field} lists ${p} before its child ${h.id}`).toBeGreaterThan(pos.get(h.id)!);
      }
    }
  }
}

/** The history panel's way: pages of 3 saves, each starting after the last one shown. */
async function pagedIds(site: Site, draftId: string, field: string): Promise<string[]> {
  const out: string[] = [];
  let before: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await invoke(site.s.handlers, 'fieldHistoryPage', { draftId, field, limit: 3, ...(before ? { before } : {}) });
    out.push(...page.saves.map((x) => x.id));
    if (!page.next) return out;
    before = page.next;
  }
}

/** How many saves the editing sessions of a field hold, page after page. */
async function sessionSaves(site: Site, draftId: string, field: string): Promise<number> {
  let n = 0;
  let before: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await invoke(site.s.handlers, 'fieldSessions', { draftId, field, limit: 2, ...(before ? { before } : {}) });
    n += page.sessions.reduce((a, x) => a + x.saves, 0);
    if (!page.next) return n;
    before = page.next;
  }
}

/** A head once shown as current stays in the current head's ancestry (nothing acknowledged as saved is dropped). */
export function checkAncestry(w: World, site: Site, ctx: string): void {
  for (const [draftId, fields] of site.pastHeads) {
    const heads = w.heads(site, draftId);
    for (const [field, past] of fields) {
      const g = w.graph(site, draftId, field);
      const now = heads.get(field)!.revision_id;
      const lost = [...past].filter((id) => !g.isAncestor(id, now));
      expect(lost, `${ctx} ${site.name}: saves of ${field} left the history of the current text`).toEqual([]);
    }
  }
}

/** Every head a department returned is in the master's history with its author: merged into the current text, or waiting in an open conflict. */
export async function checkArrivals(w: World, arrivals: Arrival[], ctx: string): Promise<void> {
  const M = w.ministry;
  const open = await invoke(M.s.handlers, 'listConflicts', { draftId: w.master });
  const heads = w.heads(M, w.master);
  // a text that changed nothing (checked when merged) answers the older texts of its history
  const kept = arrivals.filter((a) => a.outcome === 'kept-ours').map((a) => ({ field: a.field, id: w.localId(M, w.master, a.travelId)! }));
  for (const a of arrivals) {
    const at = `${ctx}: ${a.field} of bundle #${a.bundle.seq} from ${a.bundle.dept.name}`;
    const id = w.localId(M, w.master, a.travelId);
    expect(id, `${at} is not in the master's history`).toBeTruthy();
    expect(getRevisionRow(M.s.store, id!)!.author_name, at).toBeTruthy();
    const g = w.graph(M, w.master, a.field);
    const inText = g.isAncestor(id!, heads.get(a.field)!.revision_id);
    const waiting = open.some((c) => c.field === a.field && g.isAncestor(id!, c.theirs!.revisionId));
    const answered = kept.some((k) => k.field === a.field && g.isAncestor(id!, k.id));
    expect(inText || waiting || answered, `${at} was lost: neither merged nor waiting in a conflict`).toBe(true);
  }
}

/**
 * Every open conflict asks something still open: its sides are revisions of the draft, its theirs is
 * not already in the current text's history, and no other open conflict of the field holds it
 * (a department's older text, which its newer one already answers, is not asked again).
 */
export async function checkConflicts(w: World, site: Site, draftId: string, ctx: string): Promise<void> {
  const open = await invoke(site.s.handlers, 'listConflicts', { draftId });
  const heads = w.heads(site, draftId);
  for (const c of open) {
    const at = `${ctx} ${site.name}: conflict on ${c.field} from bundle ${c.sourceBundleId}`;
    const g = w.graph(site, draftId, c.field);
    for (const r of [c.ours?.revisionId, c.theirs?.revisionId, c.base?.revisionId]) if (r) expect(g.has(r), `${at}: side ${r} is not in the draft`).toBe(true);
    expect(g.isAncestor(c.theirs!.revisionId, heads.get(c.field)!.revision_id), `${at}: theirs is already in the current text`).toBe(false);
    const stale = open.filter((o) => o.id !== c.id && o.field === c.field && g.isAncestor(c.theirs!.revisionId, o.theirs!.revisionId));
    expect(stale.map((o) => o.sourceBundleId), `${at}: a newer conflict already holds its theirs`).toEqual([]);
  }
}

/** The draft's progress equals a recount of its answers. */
export async function checkProgress(site: Site, draftId: string, ctx: string): Promise<void> {
  const d = await invoke(site.s.handlers, 'getDraft', { draftId });
  const recount = new Map<string, number>();
  for (const h of listHeads(site.s.store, draftId)) {
    if (h.field.includes('/') || !isFilled(parseValue(h.value))) continue;
    const sec = h.field.split('.')[0]!;
    recount.set(sec, (recount.get(sec) ?? 0) + 1);
  }
  for (const p of d.progress) expect(p.answered, `${ctx} ${site.name}: progress of section ${p.sectionId}`).toBe(recount.get(p.sectionId) ?? 0);
  expect(d.answered, ctx).toBe([...recount.values()].reduce((a, b) => a + b, 0));
  const listed = (await invoke(site.s.handlers, 'listDrafts', {})).find((x) => x.id === draftId)!;
  expect(listed.answered, `${ctx}: the draft list's count`).toBe(d.answered);
}

/** Search finds every paragraph of the master's current answers there, and none it no longer has. */
export async function checkSearch(w: World, ctx: string): Promise<void> {
  const M = w.ministry;
  let r = await invoke(M.s.handlers, 'search', { query: 'q00001' });
  while (r.pendingAnswers > 0) r = await invoke(M.s.handlers, 'search', { query: 'q00001' });
  const current = new Map<string, Set<string>>();
  for (const h of listHeads(M.s.store, w.master)) for (const t of tokensOf(h.text)) current.set(t, (current.get(t) ?? new Set()).add(h.field));
  const seen = new Set(listRevisionRows(M.s.store, w.master).flatMap((r) => [...tokensOf(r.text)]));
  for (const t of seen) {
    const hits = (await invoke(M.s.handlers, 'search', { query: t })).hits.filter((x) => x.draftId === w.master).map((x) => x.field);
    expect(hits.sort(), `${ctx}: search for ${t}`).toEqual([...(current.get(t) ?? [])].sort());
  }
}

/** The Word export of the master holds every paragraph of every current answer. */
export async function checkWordExport(w: World, ctx: string): Promise<void> {
  const r = await invoke(w.ministry.s.handlers, 'exportDocx', { draftId: w.master });
  const xml = await zipText(Buffer.from(r.dataBase64, 'base64'), 'word/document.xml');
  const words = xml.replace(/<[^>]+>/g, '');
  for (const h of listHeads(w.ministry.s.store, w.master)) {
    for (const line of h.text.split('\n').filter((l) => l.trim())) expect(words, `${ctx}: ${h.field} in the Word export`).toContain(line.trim());
  }
}

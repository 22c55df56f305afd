/**
 * "An edit acknowledged as saved survives; nothing is ever silently overwritten; every change is
 * in the history": a model-based property test of the services on one real store file. Three
 * actors work on the same draft through the real call layer (invoke): A and B are two windows of
 * one process (one createServices), C another process (a second createServices on the same file).
 * Each keeps the revision it last saw of every field, as the editor does (renderer/src/autosave),
 * and saves on it, however stale. The other calls that write a field: restoreRevision, accepting
 * and dismissing contributions, resolving a conflict (as a whole, place by place, by hand), a Word
 * return (mergeDocx) and a returned bundle (importBundleInto); and rename, trash/restore, naming
 * a version. Checked after every step:
 * - every revision a call acknowledged is in its field's history with its exact value, for good;
 * - a field's head moves only by a call that succeeded and writes that field; a refused call
 *   changes no head;
 * - a save (or restore, or text combined by hand) succeeds only on the field's current revision;
 *   any other write keeps every paragraph the actors wrote, or leaves an open conflict on the field
 *   (resolving one may drop only what the conflict showed as ours);
 * - every successful change other than a save (history is its record) adds to the audit log;
 * - the store passes integrity_check and foreign_key_check, and getDraft and fieldHistory read
 *   back valid by the contract.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { rewriteDocx } from '../main/interchange/docx-safety';
import { createServices, type Services } from '../main/services';
import { draftCalls, type FieldValue } from '../shared/contract';
import { docText } from '../shared/doc';
import { textToDoc } from '../shared/plaintext';
import { signedMinistryAndDepartment, zipText } from './bundle-tools';
import { cli, tempDir } from './helpers';
import { answer } from './merge-helpers';

const FIELDS = ['I.a', 'I.b', 'II.a'] as const;
type Field = (typeof FIELDS)[number];
const RUNS = Number(process.env.LOST_UPDATES_RUNS ?? 120);

/** A template store: the master exported as a bundle and as Word, both come back edited; two contributions wait. */
interface World {
  dir: string;
  draftId: string;
  bundle: string;
  docx: Buffer;
  contributions: string[];
}
let world: World;

const paras = (v: FieldValue | null | undefined): string[] => (v && v.kind === 'answer' ? docText(v.doc).split('\n').filter(Boolean) : []);
const textOf = (ps: string[]) => answer(ps.join('\n\n'));
const exportOf = async (s: Services, draftId: string) => Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId })).dataBase64, 'base64');

beforeAll(async () => {
  const { dir, M, D, master } = await signedMinistryAndDepartment();
  await invoke(M.handlers, 'saveField', { draftId: master, field: 'I.a', value: answer('Coordination by the MFA.\n\nInterior ministry.'), baseRevisionId: null });
  await invoke(M.handlers, 'saveField', { draftId: master, field: 'I.b', value: answer('Department of Global Affairs.\n\nSince 2014.'), baseRevisionId: null });
  await invoke(M.handlers, 'saveField', { draftId: master, field: 'II.a', value: answer('Law 02-03.'), baseRevisionId: null });
  // the department changes I.a's second paragraph and II.a
  const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
  const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
  const dd = await invoke(D.handlers, 'getDraft', { draftId: dept });
  await invoke(D.handlers, 'saveField', { draftId: dept, field: 'I.a', value: answer('Coordination by the MFA.\n\nInterior and Labour ministries.'), baseRevisionId: dd.fields['I.a']!.revisionId });
  await invoke(D.handlers, 'saveField', { draftId: dept, field: 'II.a', value: answer('Law 02-03 and law 27-14.'), baseRevisionId: dd.fields['II.a']!.revisionId });
  const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
  // Word changes I.b's first paragraph (edited on a copy, under the first export's properties)
  const sent = await exportOf(M, master);
  const copy = await invoke(M.handlers, 'duplicateDraft', { draftId: master, title: 'copy' });
  const cd = await invoke(M.handlers, 'getDraft', { draftId: copy.id });
  await invoke(M.handlers, 'saveField', { draftId: copy.id, field: 'I.b', value: answer('Department of Global Affairs (DGA).\n\nSince 2014.'), baseRevisionId: cd.fields['I.b']!.revisionId });
  const docx = await rewriteDocx(await exportOf(M, copy.id), new Map([
    ['docProps/core.xml', Buffer.from(await zipText(sent, 'docProps/core.xml'))],
    ['docProps/custom.xml', Buffer.from(await zipText(sent, 'docProps/custom.xml'))],
  ]));
  await invoke(M.handlers, 'deleteDraft', { draftId: copy.id });
  const contributions: string[] = [];
  for (const [targets, text] of [[['I.a', 'II.a'], 'Civil society: consult associations.'], [['I.b'], 'Municipalities: local plans.']] as const) {
    contributions.push((await invoke(M.handlers, 'addContribution', { draftId: master, targets: [...targets], content: textToDoc(text), organisation: 'Association Ain Ghazal' })).id);
  }
  const tpl = path.join(dir, 'template');
  fs.mkdirSync(tpl);
  M.close();
  D.close();
  fs.copyFileSync(M.store.file, path.join(tpl, 'store.sqlite'));
  world = { dir: tpl, draftId: master, bundle: back.file, docx, contributions };
  // the same store with the master edited at the places the department and Word changed, then
  // both brought in: three conflicts open (the runs that start here have them to decide)
  fs.mkdirSync(path.join(dir, 'conflicted'));
  fs.copyFileSync(path.join(tpl, 'store.sqlite'), path.join(dir, 'conflicted', 'store.sqlite'));
  const s = createServices(path.join(dir, 'conflicted', 'store.sqlite'));
  const d = await invoke(s.handlers, 'getDraft', { draftId: master });
  const mine = { 'I.a': 'Coordination by the MFA.\n\nA-0', 'I.b': 'B-0\n\nSince 2014.', 'II.a': 'C-0' };
  for (const [f, text] of Object.entries(mine)) await invoke(s.handlers, 'saveField', { draftId: master, field: f, value: answer(text), baseRevisionId: d.fields[f]!.revisionId });
  await invoke(s.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
  await invoke(s.handlers, 'mergeDocx', { draftId: master, dataBase64: docx.toString('base64'), fileName: 'retour.docx' });
  expect((await invoke(s.handlers, 'listConflicts', { draftId: master })).map((k) => k.field).sort()).toEqual(['I.a', 'I.b', 'II.a']);
  s.close();
  conflicted = path.join(dir, 'conflicted');
}, 60_000);
let conflicted: string;

type Actor = 'A' | 'B' | 'C';
type Cmd =
  | { op: 'save'; actor: Actor; field: Field; replace: number | null }
  | { op: 'reload'; actor: Actor }
  | { op: 'restore'; actor: Actor; field: Field; pick: number }
  | { op: 'accept'; actor: Actor; contribution: number; mode: 'append' | 'insert' | 'replace-none'; at: number }
  | { op: 'dismiss'; actor: Actor; contribution: number }
  | { op: 'resolve'; actor: Actor; pick: number; how: 'ours' | 'theirs' | 'value' }
  | { op: 'decide'; actor: Actor; pick: number; place: number; choice: 'ours' | 'theirs' | 'both' | 'edit' }
  | { op: 'word'; actor: Actor }
  | { op: 'bundle'; actor: Actor }
  | { op: 'rename'; actor: Actor; n: number }
  | { op: 'trash'; actor: Actor }
  | { op: 'untrash'; actor: Actor }
  | { op: 'version'; actor: Actor }
  /** What a process does once saves pause (revisions encoded, search index caught up), or its restart (quit and start again). */
  | { op: 'pause'; actor: Actor }
  | { op: 'restart' }
  /** The CLI (its own services on the file, as its process has): `answer set` writes the whole answer on the current text, `answer restore` */
  | { op: 'cli'; field: Field; restore: boolean }
  /** A save or restore in one window while another call (a Word return, a bundle, a contribution, a save) is in flight at the same time. */
  | { op: 'together'; edit: Extract<Cmd, { op: 'save' | 'restore' }>; other: Extract<Cmd, { op: 'word' | 'bundle' | 'accept' | 'save' }> };

const actor = fc.constantFrom<Actor>('A', 'B', 'C');
const field = fc.constantFrom<Field>(...FIELDS);
const saveCmd = fc.record({ op: fc.constant('save' as const), actor, field, replace: fc.option(fc.nat(1)) });
const restoreCmd = fc.record({ op: fc.constant('restore' as const), actor, field, pick: fc.nat(6) });
const acceptCmd = fc.record({ op: fc.constant('accept' as const), actor, contribution: fc.nat(1), mode: fc.constantFrom<'append' | 'insert' | 'replace-none'>('append', 'insert', 'replace-none'), at: fc.nat(3) });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 8, arbitrary: saveCmd },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('reload' as const), actor }) },
  { weight: 2, arbitrary: restoreCmd },
  { weight: 2, arbitrary: acceptCmd },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dismiss' as const), actor, contribution: fc.nat(1) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('resolve' as const), actor, pick: fc.nat(2), how: fc.constantFrom<'ours' | 'theirs' | 'value'>('ours', 'theirs', 'value') }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('decide' as const), actor, pick: fc.nat(2), place: fc.nat(1), choice: fc.constantFrom<'ours' | 'theirs' | 'both' | 'edit'>('ours', 'theirs', 'both', 'edit') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('word' as const), actor }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('bundle' as const), actor }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), actor, n: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trash' as const), actor }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('untrash' as const), actor }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('version' as const), actor }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pause' as const), actor }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cli' as const), field, restore: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('together' as const),
      edit: fc.oneof(saveCmd, restoreCmd),
      other: fc.oneof(fc.record({ op: fc.constant('word' as const), actor }), fc.record({ op: fc.constant('bundle' as const), actor }), acceptCmd, saveCmd),
    }),
  },
);

/** Whose writes a paragraph is: the actors write `A-3`, `C-12`. */
const byActor = (p: string) => /^[ABC]-\d+$/.test(p);

class Run {
  s: Record<Actor, Services>;
  /** The revision each actor last saw of each field (its editor's base). */
  readonly seen: Record<Actor, Map<Field, string | null>> = { A: new Map(), B: new Map(), C: new Map() };
  /** Every acknowledged revision and its value as acknowledged. */
  readonly acked = new Map<string, { field: string; json: string }>();
  private counter = 0;
  readonly log: string[] = [];

  constructor(
    readonly file: string,
    readonly draftId: string,
    one: Services,
    two: Services,
  ) {
    this.s = { A: one, B: one, C: two };
  }

  /** The verifier's view: each field's head (id and value). */
  async heads(): Promise<Map<Field, { id: string; value: FieldValue } | null>> {
    const d = draftCalls.getDraft.output.parse(await invoke(this.s.A.handlers, 'getDraft', { draftId: this.draftId }));
    return new Map(FIELDS.map((f) => [f, d.fields[f] ? { id: d.fields[f]!.revisionId, value: d.fields[f]!.value } : null]));
  }

  async reload(a: Actor) {
    const d = await invoke(this.s[a].handlers, 'getDraft', { draftId: this.draftId });
    for (const f of FIELDS) this.seen[a].set(f, d.fields[f]?.revisionId ?? null);
  }

  inTrash(): boolean {
    return this.s.A.drafts.row(this.draftId, { allowDeleted: true }).deleted_at !== null;
  }

  async auditCount(): Promise<number> {
    return (await invoke(this.s.A.handlers, 'auditLog', { draftId: this.draftId })).length;
  }

  async openConflicts() {
    return invoke(this.s.A.handlers, 'listConflicts', { draftId: this.draftId });
  }

  /** Runs one command; returns what the invariants need to know of it. */
  async step(c: Cmd): Promise<{ ok: boolean; skipped?: boolean; writes: Set<Field> | 'any'; base?: { field: Field; base: string | null; saved: string[] }; otherBase?: { field: Field; base: string | null; saved: string[] }; lossAllowed?: Set<string>; keepsAll?: boolean; audited: boolean }> {
    const h = this.s[c.op === 'together' ? c.edit.actor : c.op === 'restart' || c.op === 'cli' ? 'C' : c.actor].handlers;
    const none = new Set<Field>();
    const attempt = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await f();
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (!['conflict', 'not_found', 'invalid_input', 'deleted'].includes(code ?? '')) throw e;
        this.log.push(`  refused: ${(e as Error).message.slice(0, 160)}`);
        const why = (e as Error).message.replace(/[0-9a-f-]{36}|\d{4}-\d\d-\d\dT[\d:.]+Z/g, '#').slice(0, 90);
        refusals.set(why, (refusals.get(why) ?? 0) + 1);
        return undefined;
      }
    };
    switch (c.op) {
      case 'together': {
        const [e, o] = await Promise.all([this.step(c.edit), this.step(c.other)]);
        const writes = e.writes === 'any' || o.writes === 'any' ? 'any' : new Set([...e.writes, ...o.writes]);
        return { ok: e.ok || o.ok, writes, base: e.base, otherBase: o.base, audited: false };
      }
      case 'pause':
        this.s[c.actor].fields.compactBeforeClose(Infinity);
        this.s[c.actor].fields.indexAll();
        return { ok: true, writes: none, audited: false };
      case 'restart':
        // C's process quits (encoding what it can before closing, as it does) and starts again
        this.s.C.close();
        this.s.C = createServices(this.file);
        return { ok: true, writes: none, audited: false };
      case 'cli': {
        const head = (await invoke(h, 'getDraft', { draftId: this.draftId })).fields[c.field] ?? null;
        const oldest = (await invoke(h, 'fieldHistory', { draftId: this.draftId, field: c.field })).at(-1);
        const text = [...paras(head?.value), `C-${++this.counter}`];
        const r = c.restore && oldest
          ? await cli(this.file, 'answer', 'restore', this.draftId, c.field, oldest.id)
          : await cli(this.file, 'answer', 'set', this.draftId, c.field, '--text', text.join('\n\n'));
        if (r.code !== 0) {
          expect(r.err, 'a refused CLI command says why in one line').toMatch(/^error: [^\n]+$/);
          this.log.push(`  refused: ${r.err}`);
          refusals.set(`cli: ${r.err.slice(0, 80)}`, (refusals.get(`cli: ${r.err.slice(0, 80)}`) ?? 0) + 1);
          return { ok: false, writes: none, audited: false };
        }
        const rev = r.out.trim().replace(/^unchanged /, '');
        const saved = c.restore && oldest ? paras((await invoke(h, 'getRevision', { revisionId: oldest.id })).value) : text;
        this.acked.set(rev, { field: c.field, json: JSON.stringify(saved) });
        return { ok: true, writes: new Set([c.field]), base: { field: c.field, base: head?.revisionId ?? null, saved }, audited: false };
      }
      case 'reload':
        await this.reload(c.actor);
        return { ok: true, writes: none, audited: false };
      case 'save': {
        const base = this.seen[c.actor].get(c.field) ?? null;
        const was = base ? paras((await invoke(h, 'getRevision', { revisionId: base })).value) : [];
        const mine = `${c.actor}-${++this.counter}`;
        const next = [...was];
        if (c.replace !== null && c.replace < next.length) next[c.replace] = mine;
        else next.push(mine);
        const value = textOf(next);
        const r = await attempt(() => invoke(h, 'saveField', { draftId: this.draftId, field: c.field, value, baseRevisionId: base }));
        if (!r) return { ok: false, writes: none, audited: false };
        this.acked.set(r.revisionId, { field: c.field, json: JSON.stringify(paras(value)) });
        this.seen[c.actor].set(c.field, r.revisionId);
        // an unchanged value writes nothing: the field is free to move on meanwhile (a call in flight with it)
        if (r.unchanged) return { ok: true, writes: none, audited: false };
        return { ok: true, writes: new Set([c.field]), base: { field: c.field, base, saved: paras(value) }, audited: false };
      }
      case 'restore': {
        const hist = await invoke(h, 'fieldHistory', { draftId: this.draftId, field: c.field });
        if (!hist.length) return { ok: false, skipped: true, writes: none, audited: false };
        const old = hist[c.pick % hist.length]!;
        const base = this.seen[c.actor].get(c.field) ?? null;
        const r = await attempt(() => invoke(h, 'restoreRevision', { draftId: this.draftId, field: c.field, revisionId: old.id, baseRevisionId: base }));
        if (!r) return { ok: false, writes: none, audited: false };
        const v = (await invoke(h, 'getRevision', { revisionId: old.id })).value;
        this.acked.set(r.revisionId, { field: c.field, json: JSON.stringify(paras(v)) });
        this.seen[c.actor].set(c.field, r.revisionId);
        if (r.unchanged) return { ok: true, writes: none, audited: false };
        return { ok: true, writes: new Set([c.field]), base: { field: c.field, base, saved: paras(v) }, audited: false };
      }
      case 'accept': {
        const r = await attempt(() => invoke(h, 'acceptContribution', { contributionId: world.contributions[c.contribution]!, draftId: this.draftId, mode: c.mode, ...(c.mode === 'insert' ? { at: c.at } : {}) }));
        if (!r) return { ok: false, writes: none, audited: false };
        await this.ackHeads(r.revisions.map((x) => x.revisionId));
        return { ok: true, writes: new Set(r.revisions.map((x) => x.field as Field)), keepsAll: true, audited: true };
      }
      case 'dismiss': {
        const r = await attempt(() => invoke(h, 'dismissContribution', { contributionId: world.contributions[c.contribution]!, reason: 'Out of scope.' }));
        return { ok: !!r, writes: none, audited: !!r };
      }
      case 'resolve':
      case 'decide': {
        const open = await invoke(h, 'listConflicts', { draftId: this.draftId });
        if (!open.length) return { ok: false, skipped: true, writes: none, audited: false };
        const k = open[c.pick % open.length]!;
        const lossAllowed = new Set([...paras(k.ours?.value), ...paras(k.mergedRevisionId ? (await invoke(h, 'getRevision', { revisionId: k.mergedRevisionId })).value : null)]);
        const f = k.field as Field;
        let rev: string | null | undefined;
        let base: { field: Field; base: string | null; saved: string[] } | undefined;
        if (c.op === 'decide') {
          // edited text at that place: the actor's own words (kept like any they write)
          const edited = c.choice === 'edit' ? { edited: textToDoc(`${c.actor}-${++this.counter}`) } : {};
          const r = await attempt(() => invoke(h, 'decideConflictPlace', { conflictId: k.id, place: c.place, choice: c.choice, ...edited }));
          if (!r) return { ok: false, writes: none, audited: false };
          rev = r.revisionId;
        } else if (c.how === 'value') {
          // combined by hand from the text the actor's editor shows
          const b = this.seen[c.actor].get(f) ?? null;
          const was = b ? paras((await invoke(h, 'getRevision', { revisionId: b })).value) : [];
          const value = textOf([...was, `${c.actor}-${++this.counter}`]);
          const r = await attempt(() => invoke(h, 'resolveConflict', { conflictId: k.id, value, baseRevisionId: b }));
          if (!r) return { ok: false, writes: none, audited: false };
          rev = r.revisionId;
          base = { field: f, base: b, saved: paras(value) };
          this.seen[c.actor].set(f, r.revisionId);
        } else {
          const r = await attempt(() => invoke(h, 'resolveConflict', { conflictId: k.id, take: c.how as 'ours' | 'theirs' }));
          if (!r) return { ok: false, writes: none, audited: false };
          rev = r.revisionId;
        }
        if (rev) await this.ackHeads([rev]);
        return { ok: true, writes: rev ? new Set([f]) : none, base, lossAllowed: base ? undefined : lossAllowed, audited: !!rev };
      }
      case 'word': {
        const r = await attempt(() => invoke(h, 'mergeDocx', { draftId: this.draftId, dataBase64: world.docx.toString('base64'), fileName: 'retour.docx' }));
        if (!r) return { ok: false, writes: none, audited: false };
        const changed = r.fields.filter((x) => ['new', 'fast-forward', 'merged'].includes(x.outcome));
        return { ok: true, writes: 'any', audited: changed.length > 0 };
      }
      case 'bundle': {
        const r = await attempt(() => invoke(h, 'importBundleInto', { file: world.bundle, draftId: this.draftId, acceptUnknownSigner: true }));
        return { ok: !!r, writes: r ? 'any' : none, audited: !!r };
      }
      case 'rename': {
        const title = ['Revue nationale', 'المراجعة الوطنية', 'National review'][c.n]!;
        const before = (await invoke(h, 'getDraft', { draftId: this.draftId })).title;
        const r = await attempt(() => invoke(h, 'renameDraft', { draftId: this.draftId, title }));
        return { ok: !!r, writes: none, audited: !!r && before !== title };
      }
      case 'trash': {
        const was = this.inTrash();
        const r = await attempt(() => invoke(h, 'deleteDraft', { draftId: this.draftId }));
        return { ok: !!r, writes: none, audited: !!r && was !== this.inTrash() };
      }
      case 'untrash': {
        const was = this.inTrash();
        const r = await attempt(() => invoke(h, 'restoreDraft', { draftId: this.draftId }));
        return { ok: !!r, writes: none, audited: !!r && was !== this.inTrash() };
      }
      case 'version': {
        const r = await attempt(() => invoke(h, 'createVersion', { draftId: this.draftId, label: `v${++this.counter}` }));
        return { ok: !!r, writes: none, audited: !!r };
      }
    }
  }

  /** Records revisions a call acknowledged (by id) with their value as they are now. */
  async ackHeads(ids: string[]) {
    for (const id of ids) {
      const r = await invoke(this.s.A.handlers, 'getRevision', { revisionId: id });
      if (!this.acked.has(id)) this.acked.set(id, { field: r.field, json: JSON.stringify(paras(r.value)) });
    }
  }

  /** Every acknowledged revision is in its field's history with the exact value it was acknowledged with. */
  async checkAcked() {
    const histories = new Map<string, Set<string>>();
    for (const f of FIELDS) {
      const h = draftCalls.fieldHistory.output.parse(await invoke(this.s.A.handlers, 'fieldHistory', { draftId: this.draftId, field: f }));
      histories.set(f, new Set(h.map((r) => r.id)));
    }
    for (const [id, a] of this.acked) {
      expect(histories.get(a.field)?.has(id), `acknowledged ${id} of ${a.field} in its history`).toBe(true);
      const r = draftCalls.getRevision.output.parse(await invoke(this.s.C.handlers, 'getRevision', { revisionId: id }));
      expect(JSON.stringify(paras(r.value)), `acknowledged ${id} of ${a.field} kept its value`).toBe(a.json);
    }
  }

  /**
   * On a connection of its own, as `backup check` does: a connection that has read the search
   * index reports FTS5 "corruption" once another connection has merged it (SQLite 3.53: its
   * cached structure; a fresh connection, and that one after it writes, find the index sound).
   */
  checkStore() {
    const db = new Database(this.file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  }
}

/** How often each call succeeded or was refused over the runs (printed: what the property exercised). */
const stats = new Map<string, number>();
/** Why calls were refused, over the runs (LOST_UPDATES_WHY=1 prints them). */
const refusals = new Map<string, number>();
const opTime = new Map<string, number>();

/** Where the time goes (ms): opening the stores, the calls, reading the heads, the acknowledged revisions, the store checks. */
const T = { setup: 0, step: 0, heads: 0, acked: 0, store: 0 };
async function playOnce(cmds: Cmd[], startConflicted: boolean) {
  const dir = tempDir('gcm-lost-');
  const file = path.join(dir, 'store.sqlite');
  fs.copyFileSync(path.join(startConflicted ? conflicted : world.dir, 'store.sqlite'), file);
  const ts = performance.now();
  const one = createServices(file);
  const two = createServices(file);
  T.setup += performance.now() - ts;
  const run = new Run(file, world.draftId, one, two);
  try {
    for (const a of ['A', 'B', 'C'] as const) await run.reload(a);
    let heads = await run.heads();
    await run.ackHeads([...heads.values()].flatMap((h) => (h ? [h.id] : [])));
    let audits = await run.auditCount();
    for (const c of cmds) {
      run.log.push(JSON.stringify(c));
      let t0 = performance.now();
      const r = await run.step(c);
      T.step += performance.now() - t0;
      if (process.env.LOST_UPDATES_WHY) opTime.set(c.op, (opTime.get(c.op) ?? 0) + performance.now() - t0);
      t0 = performance.now();
      const key = `${c.op === 'together' ? `together(${c.edit.op}+${c.other.op})` : c.op === 'cli' ? `cli ${c.restore ? 'restore' : 'set'}` : c.op}${'how' in c ? ':' + c.how : ''} ${r.ok ? 'ok' : r.skipped ? 'nothing to do' : 'refused'}${r.writes === 'any' || r.writes.size ? ' wrote' : ''}`;
      stats.set(key, (stats.get(key) ?? 0) + 1);
      const after = await run.heads();
      const conflicts = await run.openConflicts();
      const audited = await run.auditCount();
      T.heads += performance.now() - t0;
      for (const f of FIELDS) {
        const h0 = heads.get(f) ?? null;
        const h1 = after.get(f) ?? null;
        if (h0?.id === h1?.id) continue;
        const where = `${f} after ${JSON.stringify(c)}\n${run.log.join('\n')}`;
        // the head moved: only by a call that succeeded and writes this field
        expect(r.ok && (r.writes === 'any' || r.writes.has(f)), `head of ${where} moved without an acknowledged call`).toBe(true);
        // a save (restore, combined text) on a stale base never replaces the newer text
        const bases = [r.base, r.otherBase].filter((b) => b?.field === f);
        for (const b of bases) expect(b!.base, `a write on a stale base replaced ${where}`).toBe(h0?.id ?? null);
        // what must still be there: what that save wrote (a call in flight with it merges on top of
        // it), else the paragraphs the actors wrote (all, for a contribution appended) but those the
        // conflict being resolved showed as ours; or the field waits in a conflict the user sees
        const mustKeep = bases.length ? bases[0]!.saved.filter(byActor) : paras(h0?.value).filter((p) => (r.keepsAll || byActor(p)) && !r.lossAllowed?.has(p));
        const lost = mustKeep.filter((p) => !paras(h1?.value).includes(p));
        const shown = lost.every((p) => conflicts.some((k) => k.field === f && [...paras(k.ours?.value), ...paras(k.theirs?.value)].includes(p)));
        expect(lost.length === 0 || shown, `${JSON.stringify(lost)} lost from ${where}\nnow: ${JSON.stringify(paras(h1?.value))}`).toBe(true);
      }
      await run.ackHeads(FIELDS.flatMap((f) => (after.get(f) && after.get(f)!.id !== heads.get(f)?.id ? [after.get(f)!.id] : [])));
      if (r.ok && r.audited) expect(audited, `no audit entry for ${JSON.stringify(c)}`).toBeGreaterThan(audits);
      t0 = performance.now();
      await run.checkAcked();
      T.acked += performance.now() - t0;
      t0 = performance.now();
      run.checkStore();
      T.store += performance.now() - t0;
      heads = after;
      audits = audited;
    }
  } finally {
    one.close();
    run.s.C.close();
  }
  return run;
}

describe('several actors on one draft of one store (lost updates)', () => {
  it(`no acknowledged save is lost, no stale write replaces newer text, every change is in the history (${RUNS} runs)`, async () => {
    const started = Date.now();
    await fc.assert(fc.asyncProperty(fc.array(cmd, { minLength: 4, maxLength: 12 }), fc.boolean(), async (cmds, startConflicted) => void (await playOnce(cmds, startConflicted))), { numRuns: RUNS });
    if (process.env.LOST_UPDATES_WHY) console.log([...opTime].map(([k, v]) => `${k} ${Math.round(v)}`).join(', '));
    if (process.env.LOST_UPDATES_WHY) console.log([...refusals].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`).join('\n'));
    console.log(`lost-updates: ${RUNS} runs in ${Date.now() - started} ms; ms in ${JSON.stringify(T, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}; calls: ${[...stats].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }, 120_000);

  it('a slice through the CLI (another process): its write lands on the current text, a stale save from the app is then refused, and the history keeps both', async () => {
    const dir = tempDir('gcm-lost-');
    const file = path.join(dir, 'store.sqlite');
    fs.copyFileSync(path.join(world.dir, 'store.sqlite'), file);
    const app = createServices(file);
    try {
      const base = (await invoke(app.handlers, 'getDraft', { draftId: world.draftId })).fields['I.a']!.revisionId;
      const mine = await invoke(app.handlers, 'saveField', { draftId: world.draftId, field: 'I.a', value: answer('A-1'), baseRevisionId: base });
      const set = await cli(file, 'answer', 'set', world.draftId, 'I.a', '--text', 'C-2');
      expect(set.code, set.err).toBe(0);
      const cliRev = set.out.trim();
      // the app's editor still on its own save: refused, nothing overwritten
      await expect(invoke(app.handlers, 'saveField', { draftId: world.draftId, field: 'I.a', value: answer('A-1\n\nA-3'), baseRevisionId: mine.revisionId })).rejects.toMatchObject({ code: 'conflict' });
      const restored = await cli(file, 'answer', 'restore', world.draftId, 'I.a', mine.revisionId);
      expect(restored.code, restored.err).toBe(0);
      const hist = JSON.parse((await cli(file, 'answer', 'history', world.draftId, 'I.a', '--json')).out) as Array<{ id: string; text: string }>;
      expect(hist.find((r) => r.id === mine.revisionId)?.text).toBe('A-1');
      expect(hist.find((r) => r.id === cliRev)?.text).toBe('C-2');
      expect((await cli(file, 'answer', 'get', world.draftId, 'I.a')).out).toBe('A-1');
    } finally {
      app.close();
    }
  });
});

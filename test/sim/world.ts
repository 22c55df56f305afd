/**
 * The simulated team: one coordinating ministry and a few departments, each its own installation
 * (its own store file, identity and signing key), the ministry trusting every department's key and
 * each department the ministry's, as `trust add` does. Every step goes through the real services
 * (`invoke` on the handlers) and real signed bundle files; nothing of the store or crypto is mocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { invoke } from '../../main/dispatch';
import { backupDir, backupTo } from '../../main/store/backup';
import { RevisionGraph } from '../../main/merge/graph';
import type { Services } from '../../main/services';
import { listHeads, listRevisionRows, revisionByOrigin, getRevisionRow } from '../../main/store/revisions';
import type { FieldValue } from '../../shared/contract/drafts';
import { textToDoc } from '../../shared/plaintext';
import { OBJECTIVE_STATUSES } from '../../shared/template/schema';
import { person, trust, zipText } from '../bundle-tools';
import { type Lang, LANGS, paragraphsOf, Rng, Tokens } from './texts';

/** The answer fields the team writes in (few, so that both sides often edit the same one). */
export const FIELDS = ['I.a', 'I.b', 'I.e', 'II.a', 'II.c', 'III.a/objective/5'];
/** An objective: its status and its note (a status set differently on both sides is decided as a whole). */
export const OBJECTIVE = 'III.a/objective/5';
/** Fields only a department starts (a new answer coming back). */
export const DEPT_ONLY_FIELDS = ['I.g', 'II.f'];

export interface Site {
  name: string;
  s: Services;
  /** the draft this site works in (the department's latest copy of the master) */
  draft: string | null;
  /** every copy of the master it received (someone may still work in an older one) */
  copies: string[];
  /** its own field workshop (contributions it sends to the ministry) and how many it captured */
  workshop?: { id: string; sent: number };
  /** every head each field of each draft had after a step: all must stay in the current head's ancestry */
  pastHeads: Map<string, Map<string, Set<string>>>;
  /** a backup of the store taken earlier, and the draft worked in then */
  backup?: { name: string; draft: string | null; copies: string[]; workshop?: { id: string; sent: number } };
}

export interface SentBundle {
  file: string;
  bundleId: string;
  dept: Site;
  /** the department's draft it was exported from, and the order of exports (older first) */
  fromDraft: string;
  seq: number;
  /** per field: the travelling id of its head and that head's text */
  heads: Record<string, { id: string; text: string }>;
  /** the travelling id of every revision it carries */
  revisions: Set<string>;
  /** the files it carries, as "field sha256" */
  attachments: string[];
  delivered: boolean;
}

export class World {
  sites: Site[] = [];
  ministry!: Site;
  master!: string;
  inbox: SentBundle[] = [];
  delivered: SentBundle[] = [];
  workshop: string | null = null;
  /** how often each thing happened (merge outcomes, decisions, older bundles...), to show what a run covered */
  readonly seen = new Map<string, number>();
  private files = 0;
  private seq = 0;
  readonly tokens: Tokens;
  /** draws for attachments, apart from `rng`, so that the seeds replay the runs they always did */
  private readonly attachRng: Rng;

  constructor(
    readonly dir: string,
    readonly rng: Rng,
  ) {
    this.tokens = new Tokens(rng);
    this.attachRng = rng.fork(0x5eed);
  }

  static async create(dir: string, rng: Rng, departments: number): Promise<World> {
    const w = new World(dir, rng);
    const names: Array<[string, string]> = [
      ['Amina El Idrissi', 'Ministère des Affaires étrangères'],
      ['Karim Benali', 'Ministry of the Interior'],
      ['سلمى العلوي', 'وزارة التشغيل'],
      ['Youssef Amrani', 'Ministère de la Santé'],
      ['ليلى الفاسي', 'وزارة العدل'],
      ['Claire Dubois', 'Direction des Marocains du monde'],
    ];
    for (let i = 0; i <= departments; i++) {
      const [name, org] = names[i]!;
      const s = await person(path.join(dir, `site-${i}.sqlite`), name, org);
      w.sites.push({ name, s, draft: null, copies: [], pastHeads: new Map() });
    }
    w.ministry = w.sites[0]!;
    for (const d of w.departments) {
      await trust(w.ministry.s, d.s);
      await trust(d.s, w.ministry.s);
    }
    const language = rng.pick(LANGS);
    w.master = (await invoke(w.ministry.s.handlers, 'createDraft', { title: 'Revue nationale — Maroc', country: 'Maroc', language, authority: 'MAE' })).id;
    w.ministry.draft = w.master;
    return w;
  }

  count(what: string): void {
    this.seen.set(what, (this.seen.get(what) ?? 0) + 1);
  }

  get departments(): Site[] {
    return this.sites.slice(1);
  }

  file(name: string): string {
    return path.join(this.dir, `${String(++this.files).padStart(4, '0')}-${name}.gcmr`);
  }

  text(site: Site, draftId: string, field: string): string {
    return this.heads(site, draftId).get(field)?.text ?? '';
  }

  heads(site: Site, draftId: string) {
    return new Map(listHeads(site.s.store, draftId).map((h) => [h.field, h]));
  }

  /** A save as the editor makes it: based on the head it showed (an answer, or an objective's status and note). */
  async edit(site: Site, draftId: string, field: string, lang: Lang): Promise<void> {
    const h = this.heads(site, draftId).get(field);
    const old = h ? (JSON.parse(h.value) as FieldValue) : null;
    const doc = textToDoc(this.nextText(h?.text ?? '', lang));
    const value: FieldValue =
      field === OBJECTIVE
        ? { kind: 'objective', status: this.rng.chance(0.4) ? this.rng.pick(OBJECTIVE_STATUSES) : old?.kind === 'objective' ? old.status : 'planned', note: doc }
        : { kind: 'answer', doc };
    await invoke(site.s.handlers, 'saveField', { draftId, field, value, baseRevisionId: h?.revision_id ?? null });
  }

  /** The text after one edit: a paragraph appended, inserted, amended, replaced or removed, or all cleared. */
  private nextText(text: string, lang: Lang): string {
    const paras = paragraphsOf(text);
    const op = this.rng.weighted({ append: 3, insert: 2, amend: paras.length ? 4 : 0, replace: 2, remove: paras.length > 1 ? 1 : 0, clear: paras.length ? 0.2 : 0 });
    const at = this.rng.int(paras.length + 1);
    if (op === 'append') paras.push(this.tokens.paragraph(lang));
    if (op === 'insert') paras.splice(at, 0, this.tokens.paragraph(lang));
    if (op === 'amend') paras[Math.min(at, paras.length - 1)] += this.tokens.amendment(lang);
    if (op === 'replace') paras.splice(Math.min(at, Math.max(paras.length - 1, 0)), 1, this.tokens.paragraph(lang));
    if (op === 'remove') paras.splice(Math.min(at, paras.length - 1), 1);
    if (op === 'clear') paras.length = 0;
    return paras.join('\n\n');
  }

  /** The ministry exports the master (the whole draft, or some sections) and the department imports it as its new working copy. */
  async sendOut(dept: Site, sections?: string[]): Promise<void> {
    const out = await invoke(this.ministry.s.handlers, 'exportBundle', { draftId: this.master, outFile: this.file('master'), sections });
    dept.draft = (await invoke(dept.s.handlers, 'importBundle', { file: out.file })).draftId;
    dept.copies.push(dept.draft);
  }

  /** The master as it is now, exported (criss-cross: a department merges it into its own copy). */
  async exportMaster(): Promise<string> {
    return (await invoke(this.ministry.s.handlers, 'exportBundle', { draftId: this.master, outFile: this.file('master') })).file;
  }

  /** The department sends its copy back (a signed bundle waiting in the ministry's inbox). */
  async sendBack(dept: Site, copy = dept.draft!): Promise<SentBundle> {
    if (this.attachRng.chance(0.3)) await this.attach(dept, copy);
    const out = await invoke(dept.s.handlers, 'exportBundle', { draftId: copy, outFile: this.file(`from-${this.sites.indexOf(dept)}`) });
    const payload = JSON.parse(await zipText(out.file, 'draft.json')) as { fields: Array<{ field: string; head: string; revisions: Array<{ id: string }> }>; attachments: Array<{ field: string; sha256: string }> };
    const local = (id: string) => revisionByOrigin(dept.s.store, copy, id) ?? id;
    const heads = Object.fromEntries(payload.fields.map((f) => [f.field, { id: f.head, text: getRevisionRow(dept.s.store, local(f.head))!.text }]));
    const b: SentBundle = { file: out.file, bundleId: out.bundleId, dept, fromDraft: copy, seq: ++this.seq, heads, revisions: new Set(payload.fields.flatMap((f) => f.revisions.map((r) => r.id))), attachments: payload.attachments.map((a) => `${a.field} ${a.sha256}`), delivered: false };
    this.inbox.push(b);
    return b;
  }

  /** A department attaches a file (a new one, named in its language) to a question of its copy. */
  private async attach(dept: Site, copy: string): Promise<void> {
    const file = path.join(this.dir, `file-${++this.files}.pdf`);
    fs.writeFileSync(file, `%PDF-1.4 ${dept.name} ${this.files}\n`);
    const name = this.attachRng.pick(['loi 27-14.pdf', 'قانون 27-14.pdf', 'workshop photo.jpg']);
    await invoke(dept.s.handlers, 'addAttachment', { draftId: copy, field: this.attachRng.pick(FIELDS.filter((f) => f !== OBJECTIVE)), filePath: file, name });
    this.count('department attachment');
  }

  /** The copy a department member works in: the latest, or now and then an older one still open on another desk. */
  copyOf(dept: Site): string | null {
    return dept.copies.length > 1 && this.rng.chance(0.2) ? this.rng.pick(dept.copies) : dept.draft;
  }

  /** The department backs its store up (the app's own backup, into its backups folder). */
  async backUp(site: Site): Promise<void> {
    const name = `gcm-review-sim-${++this.files}.sqlite`;
    await backupTo(site.s.store, path.join(backupDir(site.s.store), name));
    site.backup = { name, draft: site.draft, copies: [...site.copies], workshop: site.workshop && { ...site.workshop } };
  }

  /** The department's laptop is restored from that backup: what it did since is gone from it (not from bundles already sent). */
  async restoreBackup(site: Site): Promise<void> {
    await invoke(site.s.handlers, 'restoreBackup', { name: site.backup!.name });
    site.draft = site.backup!.draft;
    site.copies = [...site.backup!.copies];
    site.workshop = site.backup!.workshop && { ...site.backup!.workshop };
    site.pastHeads.clear();
    this.noteHeads(site);
  }

  /** Remembers every head of every draft of a site (the past heads the ancestry check holds to). */
  noteHeads(site: Site): void {
    const drafts = site.s.store.db.prepare('SELECT id FROM drafts').all() as Array<{ id: string }>;
    for (const { id } of drafts) {
      const byField = site.pastHeads.get(id) ?? new Map<string, Set<string>>();
      site.pastHeads.set(id, byField);
      for (const h of listHeads(site.s.store, id)) byField.set(h.field, (byField.get(h.field) ?? new Set()).add(h.revision_id));
    }
  }

  graph(site: Site, draftId: string, field: string): RevisionGraph {
    return RevisionGraph.load(site.s.store, draftId, field);
  }

  /** The local id of a revision that travelled under `id` (kept under it, or as a copy remembering it). */
  localId(site: Site, draftId: string, id: string): string | null {
    const own = getRevisionRow(site.s.store, id);
    if (own && own.draft_id === draftId) return id;
    return revisionByOrigin(site.s.store, draftId, id) ?? null;
  }

  revisionCount(site: Site, draftId: string): number {
    return listRevisionRows(site.s.store, draftId).length;
  }
}

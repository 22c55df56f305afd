/**
 * Hostile content behind the signature: mutations of a signed bundle's JSON (bundle.json and its
 * payload, draft.json or contributions.json) and of its file set, re-signed with the signer's own
 * key (a trusted department, an attacker holding its key, or a buggy version of the app), for the
 * property tests of bundle-hostile, merge-bundle-hostile and contrib-bundle-hostile and the scratch
 * fuzzer that found their cases. Histories whose parents point to themselves, later revisions,
 * other questions, unknown ids or cycles; ids taken from records already in the receiving store
 * with other content; unknown questions, wrong types, huge or negative numbers, malformed dates,
 * NUL, lone surrogates, bidi overrides, 1 MB strings, deep documents; attachments whose hash or
 * size is wrong, missing, unreferenced, twice, with hostile paths and names; contributions of
 * unknown or other workshops' participants. `judge` says what every outcome must be.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { expect } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { idText } from '../main/store/revision-id';
import { uuid7At } from '../main/store/uuid7';
import { getRevisionRow } from '../main/store/revisions';
import { canonicalJson } from '../main/services/values';
import { DraftPayload } from '../shared/bundle-format';
import { contract } from '../shared/contract';
import { AppError } from '../shared/contract/common';
import { HAS_NON_XML } from '../shared/doc-limits';
import { blobFiles, pack, resign, storeKeySigner, unpack, zipText, type ZipItem } from './bundle-tools';
import { storeSnapshot } from './helpers';
import { Rng } from './sim/texts';

const HOSTILE_STRINGS = ['', '\u0000', 'a\u0000b', '\ud800', '\udc00x', 'x\ufffe', '\uffff', '\u202e\u202dabc\u200f', 'x'.repeat(1 << 20), 'ع'.repeat(300), '\ufeff', '../../etc/passwd', 'NaN', '1e999', '-1', '<script>alert(1)</script>'];
const HOSTILE_NUMBERS = [0, -1, 1e308, 2 ** 53 + 2, 0.5, 4294967296];
const DATES = ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '', 'garbage', '2020-13-45T99:99:99Z', '2020-02-30', 'x'.repeat(40), '2026-01-01T00:00:00+14:00'];
const uuid = () => crypto.randomUUID();
let exports = 0;

/** Ids already in the receiving store, for mutations that reuse them with other content. */
export interface StoreIds {
  revisions: string[];
  attachments: string[];
  bundles: string[];
  contributions: string[];
  participants: string[];
  workshops: string[];
}

export function storeIds(s: Services): StoreIds {
  const ids = (sql: string) => (s.store.db.prepare(sql).all() as Array<{ id: string | Buffer }>).map((r) => (typeof r.id === 'string' ? r.id : idText(r.id)));
  return {
    revisions: (s.store.db.prepare('SELECT id FROM revisions').all() as Array<{ id: Buffer }>).map((r) => idText(r.id)),
    attachments: ids('SELECT id FROM attachments'),
    bundles: ids('SELECT id FROM bundles'),
    contributions: ids('SELECT id FROM contributions'),
    participants: ids('SELECT id FROM participants'),
    workshops: ids('SELECT id FROM workshops'),
  };
}

type Path = Array<string | number>;
/** A random source whose pick from nothing is undefined (a mutation that does not apply does nothing). */
interface Draw {
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}
interface Ctx {
  r: Draw;
  p: any;
  m: any;
  ids: StoreIds;
  drop?: string;
  add?: { name: string; data: Buffer };
  replace?: { name: string; data: Buffer };
  keepBundleId?: boolean;
}
type Mutation = (c: Ctx) => void;

/** Every path in `v` (strings over 5,000 characters not entered). */
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length) out.push(at);
  if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) paths(c, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}
const getAt = (root: any, at: Path) => at.reduce((o, k) => o?.[k], root);
const setAt = (root: any, at: Path, value: unknown) => (getAt(root, at.slice(0, -1))[at[at.length - 1]!] = value);
const where = (root: any, keep: (v: unknown, key: string | number) => boolean) => paths(root).filter((at) => keep(getAt(root, at), at[at.length - 1]!));
const either = (c: Ctx, p: number) => (c.r.chance(p) ? c.p : c.m);

const revisions = (p: any): Array<{ field: string; rev: any }> => (p.fields ?? []).flatMap((f: any) => f.revisions.map((rev: any) => ({ field: f.field, rev })));
const someRevision = (c: Ctx) => c.r.pick(revisions(c.p));
const someField = (c: Ctx) => c.r.pick(c.p.fields as any[]);
const someAttachment = (c: Ctx) => (c.p.attachments?.length ? c.r.pick(c.p.attachments as any[]) : null);
const parentKey = (c: Ctx) => (c.r.chance(0.7) ? 'parentId' : 'mergeParentId');

function deepDoc(levels: number): unknown {
  let node: unknown = { type: 'paragraph', content: [{ type: 'text', text: 'deep' }] };
  for (let i = 0; i < levels; i++) node = { type: 'bulletList', content: [{ type: 'listItem', content: [node] }] };
  return { type: 'doc', content: [node] };
}
const para = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
/** Documents an answer or a contribution may not hold, or only just: each made afresh (a deep one is beyond structuredClone's stack). */
const HOSTILE_DOCS: Array<() => unknown> = [
  () => ({ type: 'doc', content: [] }),
  () => ({ type: 'doc', content: [{ type: 'text', text: 'bare' }] }),
  () => ({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 1e9, rowspan: -3 }, content: [{ type: 'paragraph' }] }] }] }] }),
  () => ({ type: 'doc', content: [{ type: 'heading', attrs: { level: 99 }, content: [{ type: 'text', text: 'h' }] }] }),
  () => ({ type: 'doc', content: [{ type: 'orderedList', attrs: { start: -5 }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] }] }),
  () => para('\u0000\u202e\u061c'),
  () => deepDoc(40),
  () => deepDoc(400),
];

/** Structural mutations of the payload (`p`) and manifest (`m`); each may do nothing where it does not apply. */
export const mutations: Record<string, Mutation> = {
  // any JSON
  wrongType: (c) => { const root = either(c, 0.7); const at = c.r.pick(where(root, () => true)); if (at) setAt(root, at, c.r.pick<unknown>([null, 42, 'str', [], {}, true, -1])); },
  hostileString: (c) => { const root = either(c, 0.8); const at = c.r.pick(where(root, (v) => typeof v === 'string')); if (at) setAt(root, at, c.r.pick(HOSTILE_STRINGS)); },
  hostileText: (c) => {
    const at = c.r.pick(where(c.p, (v, k) => typeof v === 'string' && /^(text|title|country|authority|name|organisation|authorName|authorOrganisation|place|facilitator|note)$/.test(String(k))));
    if (at) setAt(c.p, at, c.r.chance(0.5) ? c.r.pick(HOSTILE_STRINGS) : getAt(c.p, at) + c.r.pick(HOSTILE_STRINGS));
  },
  hostileNumber: (c) => { const root = either(c, 0.7); const at = c.r.pick(where(root, (v) => typeof v === 'number')); if (at) setAt(root, at, c.r.pick(HOSTILE_NUMBERS)); },
  hostileDate: (c) => { const root = either(c, 0.7); const at = c.r.pick(where(root, (_v, k) => /At$|^date$/.test(String(k)))); if (at) setAt(root, at, c.r.pick(DATES)); },
  deleteItem: (c) => { const root = either(c, 0.8); const at = c.r.pick(where(root, (v) => Array.isArray(v) && v.length > 0)); if (at) { const a = getAt(root, at); a.splice(c.r.int(a.length), 1); } },
  duplicateItem: (c) => { const root = either(c, 0.8); const at = c.r.pick(where(root, (v) => Array.isArray(v) && v.length > 0)); if (at) { const a = getAt(root, at); const i = c.r.int(a.length); a.splice(i, 0, structuredClone(a[i])); } },
  reorderItems: (c) => { const at = c.r.pick(where(c.p, (v) => Array.isArray(v) && v.length > 1)); if (at) getAt(c.p, at).reverse(); },
  authors: (c) => { const v = c.r.pick(['', 'x'.repeat(200), 'x'.repeat(201), '\u202e'.repeat(100)]); for (const at of where(c.p, (x, k) => typeof x === 'string' && /^(authorName|authorOrganisation|name|createdByName)$/.test(String(k)))) setAt(c.p, at, v); },
  bundleIdHere: (c) => { if (c.ids.bundles.length) { c.m.bundleId = c.r.pick(c.ids.bundles); c.keepBundleId = true; } },
  manifestText: (c) => { const v = c.r.pick(HOSTILE_STRINGS); c.m.signer[c.r.pick(['name', 'organisation'])] = v; c.m.appVersion = c.r.chance(0.5) ? v : c.m.appVersion; },

  // draft.json: histories
  parentSelf: (c) => { const x = someRevision(c); if (x) x.rev[parentKey(c)] = x.rev.id; },
  parentLater: (c) => { const f = someField(c); const rs = f?.revisions ?? []; if (rs.length > 1) rs[c.r.int(rs.length - 1)].parentId = rs[rs.length - 1].id; },
  parentUnknown: (c) => { const x = someRevision(c); if (x) x.rev[parentKey(c)] = uuid(); },
  parentOtherQuestion: (c) => { const all = revisions(c.p); const x = c.r.pick(all); const o = x && c.r.pick(all.filter((y) => y.field !== x.field)); if (o) x.rev[parentKey(c)] = o.rev.id; },
  parentHere: (c) => { const x = someRevision(c); if (x && c.ids.revisions.length) x.rev[parentKey(c)] = c.r.pick(c.ids.revisions); },
  cycle: (c) => { const f: any = c.r.pick((c.p.fields ?? []).filter((x: any) => x.revisions.length > 1)); if (f) { const [a, b] = f.revisions; a.parentId = b.id; b.parentId = a.id; } },
  mergeParentIsParent: (c) => { const x = c.r.pick(revisions(c.p).filter((y) => y.rev.parentId)); if (x) x.rev.mergeParentId = x.rev.parentId; },
  twoHeads: (c) => { const f = someField(c); if (f) f.revisions.push({ ...structuredClone(f.revisions[0]), id: uuid(), parentId: f.revisions[0].id }); },
  headToRoot: (c) => { const f = someField(c); if (f) c.m.baseRevisions[f.field] = f.head = f.revisions[0].id; },
  headUnknown: (c) => { const f = someField(c); if (f) { f.head = uuid(); if (c.r.chance(0.7)) c.m.baseRevisions[f.field] = f.head; } },
  swapIds: (c) => {
    const all = revisions(c.p);
    const [a, b] = [c.r.pick(all), c.r.pick(all)];
    if (!a || !b) return;
    [a.rev.id, b.rev.id] = [b.rev.id, a.rev.id];
    for (const f of c.p.fields) c.m.baseRevisions[f.field] = f.head = f.head === a.rev.id ? b.rev.id : f.head === b.rev.id ? a.rev.id : f.head;
  },
  idHere: (c) => {
    const x = someRevision(c);
    if (!x || !c.ids.revisions.length) return;
    const [old, id] = [x.rev.id, c.r.pick(c.ids.revisions)];
    for (const { rev } of revisions(c.p)) for (const k of ['id', 'parentId', 'mergeParentId']) if (rev[k] === old) rev[k] = id;
    for (const f of c.p.fields) if (f.head === old) c.m.baseRevisions[f.field] = f.head = id;
  },
  otherContentSameIds: (c) => { for (const { rev } of revisions(c.p)) if (rev.value.kind === 'answer') rev.value.doc = para(`rewritten ${c.r.int(1e6)}`); },
  unknownQuestion: (c) => { const f = someField(c); if (f) { delete c.m.baseRevisions[f.field]; f.field = c.r.pick(['I.zz', 'IX.a', 'III.a/objective/99', 'i.a', 'I.a ']); c.m.baseRevisions[f.field] = f.head; } },
  swapQuestions: (c) => { const [a, b] = [someField(c), someField(c)]; if (a && b) { [a.field, b.field] = [b.field, a.field]; c.m.baseRevisions = Object.fromEntries(c.p.fields.map((f: any) => [f.field, f.head])); } },
  hostileDoc: (c) => { const x = c.r.pick(revisions(c.p).filter((y) => y.rev.value.kind === 'answer')); if (x) x.rev.value.doc = c.r.pick(HOSTILE_DOCS)(); },
  hostileObjective: (c) => { const x = c.r.pick(revisions(c.p).filter((y) => y.rev.value.kind === 'objective')); if (x) x.rev.value.status = c.r.pick(['done', '', null]); },
  sections: (c) => { if (c.m.kind === 'draft') c.m.sections = c.r.pick<unknown>([[], ['I'], ['I', 'I'], ['ZZZ'], null]); },
  derivedFrom: (c) => { if (c.m.kind === 'draft') c.m.derivedFrom = c.r.chance(0.4) ? uuid() : c.r.chance(0.5) ? null : (c.r.pick(c.ids.bundles) ?? null); },
  // draft.json: attachments
  attachmentIdHere: (c) => { const a = someAttachment(c); if (a && c.ids.attachments.length) a.id = c.r.pick(c.ids.attachments); },
  attachmentTwice: (c) => { const a = someAttachment(c); if (a) c.p.attachments.push({ ...a, id: c.r.chance(0.5) ? a.id : uuid() }); },
  attachmentHashWrong: (c) => { const a = someAttachment(c); if (a) a.sha256 = 'a'.repeat(64); },
  attachmentBytesOther: (c) => { const f = c.m.files?.find((x: any) => x.path?.startsWith('attachments/')); if (f) c.replace = { name: f.path, data: Buffer.from('other bytes') }; },
  attachmentSize: (c) => { const a = someAttachment(c); if (a) { a.size = c.r.pick(HOSTILE_NUMBERS); for (const f of c.m.files) if (f.path === a.path) f.size = a.size; } },
  attachmentAbsent: (c) => { const f = c.m.files?.find((x: any) => x.path?.startsWith('attachments/')); if (f) { c.drop = f.path; if (c.r.chance(0.5)) c.m.files = c.m.files.filter((x: any) => x !== f); } },
  attachmentUnreferenced: (c) => { c.add = { name: 'attachments/0099.bin', data: Buffer.from('stray') }; },
  attachmentPath: (c) => { const a = someAttachment(c); if (a) { const to = c.r.pick(['../evil', '/etc/passwd', 'attachments/../x', 'attachments/0001.PDF', 'draft.json']); for (const f of c.m.files) if (f.path === a.path) f.path = to; a.path = to; } },
  attachmentQuestion: (c) => { const a = someAttachment(c); if (a) a.field = c.r.pick(['III.a/objective/5', 'I.zz', 'IV', 'III.b/principle/a']); },
  attachmentName: (c) => { const a = someAttachment(c); if (a) { a.name = c.r.pick(['..', '../../evil.exe', 'CON.pdf', '\u202egpj.exe', 'x'.repeat(500), ' ', 'نص.pdf']); a.mediaType = c.r.pick(['text/html', a.mediaType]); } },

  // contributions.json
  participantUnknown: (c) => { const x = c.r.pick(c.p.contributions ?? []) as any; if (x) x.participantId = uuid(); },
  participantHere: (c) => { if (c.p.participants && c.ids.participants.length) c.p.participants.push({ id: c.r.pick(c.ids.participants), name: null, organisation: 'o', kind: 'civil_society', consentToName: false }); },
  contributionIdHere: (c) => { const x = c.r.pick(c.p.contributions ?? []) as any; if (x && c.ids.contributions.length) x.id = c.r.pick(c.ids.contributions); },
  workshopHere: (c) => { if (c.p.workshop && c.ids.workshops.length) c.p.workshop.id = c.m.workshop.id = c.r.pick(c.ids.workshops); },
  targets: (c) => { const x = c.r.pick(c.p.contributions ?? []) as any; if (x) x.targets = c.r.pick<unknown>([['I.zz'], ['I.a', 'I.a'], [], ['III.a/objective/99']]); },
  contributionDoc: (c) => { const x = c.r.pick(c.p.contributions ?? []) as any; if (x) x.content = c.r.pick(HOSTILE_DOCS)(); },
  consentWithName: (c) => { const x = c.p.participants?.[0]; if (x) x.consentToName = false; },
  templateOther: (c) => { if (c.p.template) c.m.template = c.p.template = c.r.pick([{ id: 'arab-region-2020', version: '0.9.0' }, { id: 'x', version: '1' }]); },
};

/** `items` (a signed bundle, unpacked) with `applied` mutations, re-signed by `signer`: SHA256SUMS and the manifest's hashes made to fit, so only what is inside can refuse it. */
export async function mutant(items: ZipItem[], signer: Services, applied: string[], r: Rng, ids: StoreIds): Promise<{ bytes: Buffer; payload: Buffer } | null> {
  const payloadName = items.some((i) => i.name === 'draft.json') ? 'draft.json' : 'contributions.json';
  const text = (n: string) => items.find((i) => i.name === n)!.data.toString();
  const draw: Draw = { int: (k) => r.int(k), chance: (q) => r.chance(q), pick: (xs) => (xs.length ? r.pick(xs) : (undefined as never)) };
  const c: Ctx = { r: draw, p: JSON.parse(text(payloadName)), m: JSON.parse(text('bundle.json')), ids };
  for (const name of applied) mutations[name]!(c);
  // a fresh bundle id is another export: a later number of its workshop's exports (the id's time: else every mutant after the first imported is a replay of it)
  if (!c.keepBundleId) c.m.bundleId = uuid7At(Date.now() + ++exports);
  // a contributions bundle's counts follow its payload, mostly (else it is refused for them alone)
  if (c.m.kind === 'contributions' && Array.isArray(c.p.participants) && Array.isArray(c.p.contributions) && r.chance(0.8)) {
    c.m.counts = { participants: c.p.participants.length, namedParticipants: c.p.participants.filter((x: any) => x?.name !== null).length, contributions: c.p.contributions.length };
  }
  let payload: Buffer;
  try {
    payload = Buffer.from(JSON.stringify(c.p));
  } catch {
    return null; // nested deeper than JSON.stringify goes
  }
  let next = items.filter((i) => i.name !== c.drop).map((i) => ({ ...i, data: i.name === payloadName ? payload : i.name === c.replace?.name ? c.replace.data : i.data }));
  if (c.add) next.push({ ...c.add });
  const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
  if (Array.isArray(c.m.files)) {
    if (c.add) c.m.files.push({ path: c.add.name, sha256: sha(c.add.data), size: c.add.data.length, mediaType: 'application/octet-stream' });
    for (const f of c.m.files) {
      const data = f?.path === payloadName ? payload : c.replace && f?.path === c.replace.name ? c.replace.data : null;
      if (data) Object.assign(f, { sha256: sha(data), size: data.length });
    }
  }
  next.find((i) => i.name === 'bundle.json')!.data = Buffer.from(JSON.stringify(c.m));
  try {
    next = resign(next, storeKeySigner(signer.store));
  } catch {
    return null; // the manifest no longer lists its files as resign reads them
  }
  return { bytes: await pack(next), payload };
}

/** Draws `applied` from the mutations that can change a bundle of this kind. */
export const mutationNames = (kind: 'draft' | 'contributions') => {
  const contributionsOnly = ['participantUnknown', 'participantHere', 'contributionIdHere', 'workshopHere', 'targets', 'contributionDoc', 'consentWithName', 'templateOther'];
  const all = Object.keys(mutations);
  return kind === 'contributions' ? all.filter((n) => contributionsOnly.includes(n) || !/^(parent|cycle|mergeParent|twoHeads|head|swap|idHere|otherContent|unknownQuestion|hostileDoc|hostileObjective|sections|derivedFrom|attachment)/.test(n)) : all.filter((n) => !contributionsOnly.includes(n));
};

const USER_CODES = ['bad_file', 'invalid_input', 'conflict', 'not_found'];

/**
 * Runs `call` on `s` and judges its outcome: refused with a user-facing AppError and nothing of the
 * store (rows, blob files) changed; or done, with no revision or attachment already here changed,
 * and `target` (the draft it made or merged into) reading back valid by the contract: the draft,
 * its histories and revisions, search, its Word export, and its export as a bundle, which verifies
 * and (`sent`: the payload imported) holds the revisions that payload brought, as they were.
 * PRAGMA integrity_check and foreign_key_check clean either way. Returns whether it was done.
 */
export async function judge(
  s: Services,
  what: string,
  call: () => Promise<unknown>,
  target: (value: any) => string | null,
  outFile: string,
  sent?: { payload: Buffer; as: 'new draft' | 'merged' },
): Promise<boolean> {
  const before = storeSnapshot(s);
  const blobs = blobFiles(s);
  // a revision as it reads (its body may be re-encoded in the background), an attachment's row
  const kept = (table: 'revisions' | 'attachments') =>
    new Map(table === 'revisions' ? storeIds(s).revisions.map((id) => [id, JSON.stringify(getRevisionRow(s.store, id))]) : (s.store.db.prepare('SELECT * FROM attachments').all() as Array<{ id: string }>).map((r) => [r.id, JSON.stringify(r)]));
  const revs = kept('revisions');
  const atts = kept('attachments');
  let value: unknown;
  let done = true;
  try {
    value = await call();
  } catch (e) {
    done = false;
    expect(e, `${what}: ${(e as Error).stack}`).toBeInstanceOf(AppError);
    expect(USER_CODES, `${what}: ${(e as Error).message}`).toContain((e as AppError).code);
    expect(storeSnapshot(s), `${what}: refused (${(e as Error).message}) but the store changed`).toBe(before);
    expect(blobFiles(s), what).toEqual(blobs);
  }
  if (done) {
    for (const [table, rows] of [['revisions', revs], ['attachments', atts]] as const) {
      const now = kept(table);
      for (const [id, row] of rows) expect(now.get(id), `${what}: ${table} ${id} changed`).toBe(row);
    }
    const draftId = target(value);
    if (draftId) {
      const read = async <M extends keyof typeof contract>(method: M, input: unknown) => contract[method].output.parse(await invoke(s.handlers, method, input as never)) as any;
      const draft = await read('getDraft', { draftId });
      for (const field of Object.keys(draft.fields)) {
        const history = await read('fieldHistory', { draftId, field });
        await read('fieldSessions', { draftId, field });
        for (const h of history.slice(0, 3)) await read('getRevision', { revisionId: h.id });
      }
      await read('listAttachments', { draftId });
      await read('listContributions', { draftId });
      await read('listVersions', { draftId });
      await read('search', { query: 'draft' });
      // its Word export is well-formed: no character XML cannot carry in any part
      const docx = await read('exportDocx', { draftId, footnotes: true });
      for (const part of await unpack(Buffer.from(docx.dataBase64, 'base64'))) if (/\.(xml|rels)$/.test(part.name)) expect(part.data.toString('utf8'), `${what}: ${part.name}`).not.toMatch(HAS_NON_XML);
      fs.rmSync(outFile, { force: true }); // left by a failed run that fast-check shrinks
      const out = await read('exportBundle', { draftId, outFile });
      await read('verifyBundle', { file: out.file });
      // the draft holds the history the bundle carried, as its schema reads it: exported again, the same
      // records (a new draft), or every record among its own (a merge)
      if (sent) {
        const got = historyOf(JSON.parse(await zipText(out.file, 'draft.json')));
        const brought = historyOf(DraftPayload.parse(JSON.parse(sent.payload.toString())));
        if (sent.as === 'new draft') expect(got, `${what}: history stored otherwise`).toEqual(brought);
        else for (const f of brought) expect(got.find((g) => g.field === f.field)?.revisions.map((r) => [r.id, r.value]), `${what}: ${f.field} merged otherwise`).toEqual(expect.arrayContaining(f.revisions.map((r) => [r.id, r.value])));
      }
    }
  }
  expect(s.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(s.store.db.pragma('foreign_key_check')).toEqual([]);
  return done;
}

/** A draft payload's fields, heads and revisions, in a comparable order. */
function historyOf(p: { fields: Array<{ field: string; head: string; revisions: Array<{ id: string; value: unknown }> }> }) {
  return p.fields
    .map((f) => ({ ...f, revisions: [...f.revisions].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => ({ ...r, value: canonicalJson(r.value) })) }))
    .sort((a, b) => (a.field < b.field ? -1 : 1));
}

/**
 * The property: `runs` mutants of `items` (1 to 3 mutations each, of those that can change a bundle
 * of its kind), re-signed by `signer`, written under `dir` and handed to `each` (which judges them
 * and says whether the call was done). Returns how many were done and refused.
 */
export async function eachMutant(
  items: ZipItem[],
  signer: Services,
  receiver: Services,
  dir: string,
  runs: number,
  each: (file: string, what: string, payload: Buffer) => Promise<boolean>,
): Promise<{ done: number; refused: number }> {
  const names = mutationNames(items.some((i) => i.name === 'draft.json') ? 'draft' : 'contributions');
  const outcomes = { done: 0, refused: 0 };
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }), fc.nat(), async (applied, seed) => {
      const m = await mutant(items, signer, applied, new Rng(seed), storeIds(receiver));
      if (!m) return;
      const file = path.join(dir, `mutant-${++n}.gcmr`);
      fs.writeFileSync(file, m.bytes);
      outcomes[(await each(file, `${applied.join('+')} ${seed}`, m.payload)) ? 'done' : 'refused']++;
    }),
    { seed: 2026, numRuns: runs },
  );
  return outcomes;
}


/** Test tools for bundles: unpack/repack zips, byte-patch names and sizes, re-sign, build a sample draft. */
import Database from 'better-sqlite3';
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { invoke } from '../main/dispatch';
import { formatSums } from '../main/bundle/sums';
import type { Services } from '../main/services';
import type { Store } from '../main/store/store';
import { textToDoc } from '../shared/plaintext';

export interface ZipItem {
  name: string;
  data: Buffer;
  mode?: number;
  compress?: boolean;
}

/** Every entry of a (trusted, test-made) zip, file or bytes, in order. */
export function unpack(zipFile: string | Buffer): Promise<ZipItem[]> {
  return new Promise((resolve, reject) => {
    const open = (cb: (err: Error | null, zip?: yauzl.ZipFile) => void) => (typeof zipFile === 'string' ? yauzl.open(zipFile, { lazyEntries: true }, cb) : yauzl.fromBuffer(zipFile, { lazyEntries: true }, cb));
    open((err, zip) => {
      if (err || !zip) return reject(err);
      const out: ZipItem[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.push({ name: e.fileName, data: Buffer.concat(chunks), compress: e.compressionMethod === 8 });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** One entry of a zip (file or bytes) as UTF-8 text; throws when it has no such entry. */
export async function zipText(zipFile: string | Buffer, name: string): Promise<string> {
  const item = (await unpack(zipFile)).find((i) => i.name === name);
  if (!item) throw new Error(`${name} not found`);
  return item.data.toString('utf8');
}

export function pack(items: ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const i of items) {
    if (i.name.endsWith('/')) zip.addEmptyDirectory(i.name);
    else zip.addBuffer(i.data, i.name, { mode: i.mode, compress: i.compress ?? false });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Replaces every occurrence of an entry name's bytes (local header and central directory). */
export function renameBytes(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('same length only');
  const out = Buffer.from(zip);
  let i = out.indexOf(a);
  let n = 0;
  while (i >= 0) {
    b.copy(out, i);
    n++;
    i = out.indexOf(a, i + 1);
  }
  if (!n) throw new Error(`${from} not found`);
  return out;
}

/** Renames an entry in its local header only (the central directory keeps `from`). */
export function renameLocalOnly(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('same length only');
  const out = Buffer.from(zip);
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) {
    if (i >= 30 && out.readUInt32LE(i - 30) === 0x04034b50) {
      b.copy(out, i);
      return out;
    }
  }
  throw new Error(`no local header names ${from}`);
}

/** Rewrites sizes or the compression method in an entry's central directory record (nothing else). */
export function patchCentral(zip: Buffer, name: string, sizes: { compressed?: number; uncompressed?: number; method?: number }): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = out.readUInt32LE(eocd + 16);
  const count = out.readUInt16LE(eocd + 10);
  for (let k = 0; k < count; k++) {
    const nameLen = out.readUInt16LE(p + 28);
    const extraLen = out.readUInt16LE(p + 30);
    const commentLen = out.readUInt16LE(p + 32);
    if (out.subarray(p + 46, p + 46 + nameLen).toString() === name) {
      if (sizes.compressed !== undefined) out.writeUInt32LE(sizes.compressed, p + 20);
      if (sizes.uncompressed !== undefined) out.writeUInt32LE(sizes.uncompressed, p + 24);
      if (sizes.method !== undefined) out.writeUInt16LE(sizes.method, p + 10);
      return out;
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} not in central directory`);
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Recomputes SHA256SUMS from the items' bundle.json and re-signs with `key` (its PEM replaces signer.pub.pem when `replaceKey`). */
export function resign(items: ZipItem[], sign: (b: Buffer) => Buffer, pem?: string): ZipItem[] {
  const get = (n: string) => items.find((i) => i.name === n)!;
  const manifest = JSON.parse(get('bundle.json').data.toString());
  const sums = Buffer.from(
    formatSums([
      { path: 'bundle.json', sha256: sha(get('bundle.json').data) },
      { path: 'VERIFY.txt', sha256: sha(get('VERIFY.txt').data) },
      ...manifest.files.map((f: { path: string; sha256: string }) => ({ path: f.path, sha256: f.sha256 })),
    ]),
  );
  return items.map((i) =>
    i.name === 'SHA256SUMS' ? { ...i, data: sums } : i.name === 'SHA256SUMS.sig' ? { ...i, data: sign(sums) } : i.name === 'signer.pub.pem' && pem ? { ...i, data: Buffer.from(pem) } : i,
  );
}

/** Edits bundle.json (and the payload listed in it, updating its hash; as JSON, then as bytes or text), then re-signs with the exporter's key (its Services, or a signer such as fileKeySigner's). */
export function editAndResign(items: ZipItem[], s: Services | ((b: Buffer) => Buffer), edit: { manifest?: (m: any) => void; draft?: (d: any) => void; draftBytes?: (b: Buffer) => Buffer; manifestText?: (t: string) => string }): ZipItem[] {
  let next = items.map((i) => ({ ...i }));
  const get = (n: string) => next.find((i) => i.name === n)!;
  const m = JSON.parse(get('bundle.json').data.toString());
  if (edit.draft || edit.draftBytes) {
    const d = JSON.parse(get('draft.json').data.toString());
    edit.draft?.(d);
    get('draft.json').data = Buffer.from(JSON.stringify(d));
    if (edit.draftBytes) get('draft.json').data = edit.draftBytes(get('draft.json').data);
    const f = m.files.find((x: { path: string }) => x.path === 'draft.json');
    f.sha256 = sha(get('draft.json').data);
    f.size = get('draft.json').data.length;
  }
  edit.manifest?.(m);
  get('bundle.json').data = Buffer.from((edit.manifestText ?? ((t: string) => t))(JSON.stringify(m)));
  next = resign(next, typeof s === 'function' ? s : storeKeySigner(s.store));
  return next;
}

/** Edits contributions.json and bundle.json of a contributions bundle and re-signs it with `s`'s key (validly signed, different content). */
export function editContributions(items: ZipItem[], s: Services, edit: (payload: any, manifest: any) => void): ZipItem[] {
  const next = items.map((i) => ({ ...i }));
  const get = (n: string) => next.find((i) => i.name === n)!;
  const m = JSON.parse(get('bundle.json').data.toString());
  const p = JSON.parse(get('contributions.json').data.toString());
  edit(p, m);
  get('contributions.json').data = Buffer.from(JSON.stringify(p));
  const f = m.files.find((x: { path: string }) => x.path === 'contributions.json');
  f.sha256 = sha(get('contributions.json').data);
  f.size = get('contributions.json').data.length;
  get('bundle.json').data = Buffer.from(JSON.stringify(m));
  return resign(next, storeKeySigner(s.store));
}

/** Signs synchronously with the store's active key as the CLI keeps it: PKCS8 in the plain 0600 key file. */
export function storeKeySigner(store: Store): (b: Buffer) => Buffer {
  return keySigner(store.db, store.file);
}

/** The same for a store file open elsewhere (an e2e app's store, in its host's process): read here, read-only. */
export function fileKeySigner(file: string): (b: Buffer) => Buffer {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return keySigner(db, file);
  } finally {
    db.close();
  }
}

function keySigner(db: Database.Database, file: string): (b: Buffer) => Buffer {
  const row = db.prepare("SELECT private_key_ref FROM signing_keys WHERE retired_at IS NULL AND algorithm = 'ed25519'").get() as { private_key_ref: string };
  const key = crypto.createPrivateKey({ key: fs.readFileSync(path.join(`${file}.keys`, row.private_key_ref)), format: 'der', type: 'pkcs8' });
  return (b) => crypto.sign(null, b, key);
}

export function otherKey(): { sign: (b: Buffer) => Buffer; pem: string; key: KeyObject; fingerprint: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    sign: (b) => crypto.sign(null, b, privateKey),
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    key: publicKey,
    fingerprint: `sha256:${sha(der)}`,
  };
}

/** Services on a store with an identity and a signing key (someone who signs bundles). */
export async function person(file: string, name: string, organisation: string): Promise<Services> {
  // loaded here, not at the top: Playwright specs load this module for its zip helpers, and the
  // services (package.json among them) are for vitest only
  const { makeServices } = await import('./helpers');
  const s = makeServices(file);
  await invoke(s.handlers, 'setIdentity', { name, organisation });
  await invoke(s.handlers, 'ensureSigningKey', {});
  return s;
}

/** A ministry and a department signing bundles, each on its own store file; the department trusts the ministry's key (`both`: and back); the ministry's master draft. */
export async function signedMinistryAndDepartment(opts: { both?: boolean; title?: string } = {}) {
  const { tempDir } = await import('./helpers');
  const dir = tempDir();
  const M = await person(path.join(dir, 'm.sqlite'), 'Amina', 'Ministry of Foreign Affairs');
  const D = await person(path.join(dir, 'd.sqlite'), 'Karim', 'Ministry of the Interior');
  await trust(D, M);
  if (opts.both ?? true) await trust(M, D);
  const master = (await invoke(M.handlers, 'createDraft', { title: opts.title ?? 'Morocco — national review' })).id;
  return { dir, M, D, master };
}

/** `receiver` adds `signer`'s key to its trust register under the signer's own name (or `as`); returns the fingerprint. */
export async function trust(receiver: Services, signer: Services, as?: { name: string; organisation: string }): Promise<string> {
  const id = (await invoke(signer.handlers, 'getIdentity', {}))!;
  await invoke(receiver.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: as?.name ?? id.name, organisation: as?.organisation ?? id.organisation });
  return id.fingerprint!;
}

/** A draft with a few revisions, an objective, a principle note and two attachments (one shared by two questions). */
export async function sampleDraft(s: Services, dir: string, opts: { attachmentBytes?: number } = {}) {
  const h = s.handlers;
  await invoke(h, 'setIdentity', { name: 'Amina Benali', organisation: 'Ministère de l’Intérieur' });
  const d = await invoke(h, 'createDraft', { title: 'Revue nationale — Maroc', country: 'Morocco' });
  let base: string | null = null;
  for (const t of ['First draft', 'Second draft of I.a', 'مسودة ثالثة باللغة العربية']) {
    base = (await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(t) }, baseRevisionId: base })).revisionId;
  }
  await invoke(h, 'saveField', { draftId: d.id, field: 'II.b', value: { kind: 'answer', doc: textToDoc('- a bullet\n- another') }, baseRevisionId: null });
  await invoke(h, 'saveField', { draftId: d.id, field: 'III.a/objective/5', value: { kind: 'objective', status: 'in_progress', note: 'pathways' }, baseRevisionId: null });
  await invoke(h, 'saveField', { draftId: d.id, field: 'III.b/principle/a', value: { kind: 'principle', note: 'people-centred' }, baseRevisionId: null });
  const law = path.join(dir, 'law 2003-02.pdf');
  fs.writeFileSync(law, crypto.randomBytes(opts.attachmentBytes ?? 20_000));
  const photo = path.join(dir, 'flipchart.JPG');
  fs.writeFileSync(photo, crypto.randomBytes(5_000));
  const a1 = await invoke(h, 'addAttachment', { draftId: d.id, field: 'I.a', filePath: law });
  const a2 = await invoke(h, 'addAttachment', { draftId: d.id, field: 'II.b', filePath: law });
  const a3 = await invoke(h, 'addAttachment', { draftId: d.id, field: 'II.b', filePath: photo });
  return { draftId: d.id, attachments: [a1, a2, a3], law, photo };
}

/** Names of files under the blob folder (to prove nothing was written). */
export function blobFiles(s: Services): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk(path.join(d, e.name)) : out.push(path.relative(s.store.blobDir, path.join(d, e.name))));
  };
  walk(s.store.blobDir);
  return out.sort();
}

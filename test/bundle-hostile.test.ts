/**
 * Hostile and broken bundles: each is refused by verify and by import with a specific message,
 * and leaves the receiving store (tables and blob files) exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { readArchive } from '../main/bundle/reader';
import { createServices, type Services } from '../main/services';
import { AppError } from '../shared/contract/common';
import { messageRef } from '../shared/messages';
import { cli, storeSnapshot, tempDir } from './helpers';
import { eachMutant, judge } from './bundle-mutations';
import { blobFiles, editAndResign, otherKey, zipText, pack, patchCentral, renameBytes, renameLocalOnly, resign, sampleDraft, storeKeySigner, unpack, type ZipItem } from './bundle-tools';

let dir: string;
let A: Services; // exporter
let B: Services; // receiver
let valid: Buffer;
let items: ZipItem[];
let n = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-hostile-'));
  A = createServices(path.join(dir, 'a.sqlite'));
  B = createServices(path.join(dir, 'b.sqlite'));
  const { draftId } = await sampleDraft(A, dir);
  const out = path.join(dir, 'valid.gcmr');
  await invoke(A.handlers, 'exportBundle', { draftId, outFile: out });
  valid = fs.readFileSync(out);
  items = await unpack(out);
  await invoke(B.handlers, 'setIdentity', { name: 'Coordinator', organisation: 'MFA' });
  const id = (await invoke(A.handlers, 'getIdentity', {}))!;
  await invoke(B.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: id.name, organisation: id.organisation });
});

afterAll(() => {
  A.close();
  B.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(bytes: Buffer): string {
  const f = path.join(dir, `case-${++n}.gcmr`);
  fs.writeFileSync(f, bytes);
  return f;
}

/** Both verify and import refuse `bytes` with `message`; the store and blob folder are unchanged. */
async function refused(bytes: Buffer | Promise<Buffer>, message: RegExp, extra: { identityFile?: string } = {}) {
  const file = write(await bytes);
  const before = storeSnapshot(B);
  const blobs = blobFiles(B);
  const err = await invoke(B.handlers, 'verifyBundle', { file, ...extra }).then(() => null, (e: unknown) => e);
  expect((err as Error | null)?.message).toMatch(message);
  wordedInEveryLanguage(err);
  await expect(invoke(B.handlers, 'importBundle', { file, acceptUnknownSigner: true, ...extra })).rejects.toThrow(message);
  expect(storeSnapshot(B)).toBe(before);
  expect(blobFiles(B)).toEqual(blobs);
}

const CATALOGUES = Object.fromEntries(['en', 'fr', 'ar'].map((l) => [l, JSON.parse(fs.readFileSync(path.join(__dirname, '../shared/i18n', `messages.${l}.json`), 'utf8')).msg.bundle]));

/** A refusal the renderer can word: a msg.bundle.* key, present in en, fr and ar, whose {{placeholders}} its parameters fill. */
function wordedInEveryLanguage(err: unknown) {
  const ref = messageRef((err as AppError).details);
  expect(ref?.messageKey, (err as Error).message).toMatch(/^bundle\.\w+$/);
  const key = ref!.messageKey.slice('bundle.'.length);
  for (const [lang, words] of Object.entries(CATALOGUES)) {
    const text = words[key] as string | undefined;
    expect(text, `${lang}: msg.bundle.${key}`).toBeTruthy();
    for (const [, name] of text!.matchAll(/\{\{(\w+)\}\}/g)) expect(ref!.messageParams?.[name!], `${lang}: {{${name}}} of ${key}`).toBeDefined();
  }
}

const replace = (name: string, f: (d: Buffer) => Buffer) => items.map((i) => (i.name === name ? { ...i, data: f(i.data) } : i));
const flipAt = (d: Buffer, at: number) => {
  const c = Buffer.from(d);
  c[at] = c[at]! ^ 0x01;
  return c;
};
const attachment = () => items.find((i) => i.name.startsWith('attachments/'))!.name;

describe('a valid bundle', () => {
  it('verifies and imports (the baseline the hostile cases differ from)', async () => {
    const file = write(valid);
    const r = await invoke(B.handlers, 'verifyBundle', { file });
    expect(r.trust.status).toBe('trusted');
    // imported once here, so a content-identical variant below can only be refused as already imported
    expect((await invoke(B.handlers, 'importBundle', { file })).remappedRevisions).toBe(0);
    await expect(invoke(B.handlers, 'importBundle', { file })).rejects.toThrow(/already imported/);
    expect(items.map((i) => i.name).sort()).toEqual(['SHA256SUMS', 'SHA256SUMS.sig', 'VERIFY.txt', 'attachments/0001.pdf', 'attachments/0002.jpg', 'bundle.json', 'draft.json', 'signer.pub.pem']);
  });
});

describe('refused with a specific message, nothing written', () => {
  it('a changed byte in bundle.json', () => refused(pack(replace('bundle.json', (d) => Buffer.from(d.toString().replace('Maroc', 'Marod')))), /bundle\.json was changed after signing/));
  it('a changed byte in draft.json', () => refused(pack(replace('draft.json', (d) => Buffer.from(d.toString().replace('First draft', 'First drafT')))), /draft\.json was changed after signing/));
  it('a changed byte in VERIFY.txt', () => refused(pack(replace('VERIFY.txt', (d) => flipAt(d, 10))), /VERIFY\.txt was changed after signing/));
  it('a changed byte in an attachment', () => refused(pack(replace(attachment(), (d) => flipAt(d, 1234))), /attachments\/0001\.pdf was changed after signing/));
  it('a changed byte in SHA256SUMS', () => refused(pack(replace('SHA256SUMS', (d) => Buffer.from(d.toString().replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))))), /bad signature/));
  it('a changed byte in the signature', () => refused(pack(replace('SHA256SUMS.sig', (d) => flipAt(d, 5))), /bad signature/));
  it('a changed byte in the public key', () => refused(pack(replace('signer.pub.pem', (d) => Buffer.from(d.toString().replace(/\n(.)/, (_m, c) => `\n${c === 'M' ? 'N' : 'M'}`)))), /signer public key|signer\.pub\.pem is not the key named/));
  it('whitespace changed in the public key (same key, other bytes)', () => refused(pack(replace('signer.pub.pem', (d) => Buffer.from(d.toString().replace(/\n$/, '\n\n')))), /signer\.pub\.pem was altered/));
  it('a changed byte in the stored attachment data of the zip itself', () => {
    const at = valid.indexOf(items.find((i) => i.name === attachment())!.data.subarray(0, 32)) + 100;
    return refused(Promise.resolve(flipAt(valid, at)), /attachments\/0001\.pdf was changed after signing/);
  });

  it('a file added', () => refused(pack([...items, { name: 'extra.txt', data: Buffer.from('hi') }]), /unexpected file "extra\.txt"/));
  it('a file removed', () => refused(pack(items.filter((i) => i.name !== 'VERIFY.txt')), /VERIFY\.txt is missing from the bundle/));
  it('an attachment removed', () => refused(pack(items.filter((i) => i.name !== attachment())), /attachments\/0001\.pdf is missing from the bundle/));
  it('a file renamed', () => refused(pack(items.map((i) => (i.name === attachment() ? { ...i, name: 'attachments/0009.pdf' } : i))), /unexpected file "attachments\/0009\.pdf"/));

  it('a signature by another key (original public key kept)', () => refused(pack(resign(items, otherKey().sign)), /bad signature/));
  it('another key swapped in for the named one', () => {
    const k = otherKey();
    return refused(pack(resign(items, k.sign, k.pem)), /signer\.pub\.pem is not the key named in bundle\.json/);
  });
  it('a malformed signature (63 bytes)', () => refused(pack(replace('SHA256SUMS.sig', (d) => d.subarray(0, 63))), /malformed signature: SHA256SUMS\.sig has 63 bytes/));
  it('a malformed public key', () => refused(pack(replace('signer.pub.pem', () => Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'))), /malformed signer public key/));
  it('a public key of another type (RSA)', () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return refused(pack(replace('signer.pub.pem', () => Buffer.from(rsa))), /malformed signer public key.*rsa key, expected Ed25519/);
  });

  const hostileName = async (bad: string) => {
    const placeholder = 'Q'.repeat(Buffer.byteLength(bad));
    return renameBytes(await pack([...items, { name: placeholder, data: Buffer.from('x') }]), placeholder, bad);
  };
  it('an entry name with ..', async () => refused(hostileName('attachments/../../evil'), /entry name "attachments\/\.\.\/\.\.\/evil" contains "\.\."/));
  it('an absolute entry name', () => refused(hostileName('/etc/cron.d/evil'), /entry name "\/etc\/cron\.d\/evil" is an absolute path/));
  it('an entry name with a backslash', () => refused(hostileName('..\\..\\evil.txt'), /contains a backslash/));
  it('an entry name with a drive letter', () => refused(hostileName('C:/Windows/evil'), /starts with a drive letter/));
  it('a symlink entry', () => refused(pack([...items, { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), /entry "link" is a symbolic link/));
  it('a symlink named like a listed file', () => refused(pack(items.map((i) => (i.name === attachment() ? { ...i, data: Buffer.from('/etc/shadow'), mode: 0o120777 } : i))), /is a symbolic link/));
  it('duplicate names', () => refused(pack([...items, { ...items.find((i) => i.name === 'draft.json')! }]), /duplicate entry name "draft\.json"/));
  it('names differing only in case', () => refused(pack([...items, { name: 'Draft.json', data: Buffer.from('{}') }]), /duplicate entry name "Draft\.json"/));
  it('a directory entry', () => refused(pack([...items, { name: 'attachments/', data: Buffer.alloc(0) }]), /is a directory/));

  it('more entries than the cap (zip bomb by count)', () =>
    refused(pack([...items, ...Array.from({ length: 2000 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) }))]), /too many entries \(2008; limit 2000\)/));
  it('an entry larger than the per-entry cap (declared size)', async () => {
    const z = await pack(items.map((i) => (i.name === 'draft.json' ? { ...i, compress: true } : i)));
    return refused(Promise.resolve(patchCentral(z, 'draft.json', { uncompressed: 0xfffffff0 })), /entry "draft\.json" is too large \(4294967280 bytes uncompressed; limit 2147483648\)/);
  });
  it('more total uncompressed bytes than the cap', async () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5'];
    let z = await pack([...items, ...names.map((name) => ({ name, data: crypto.randomBytes(64), compress: true }))]);
    for (const name of names) z = patchCentral(z, name, { uncompressed: 0x7ff00000, compressed: 0x7ff00000 / 50 });
    return refused(Promise.resolve(z), /the archive is too large uncompressed \(more than 8589934592 bytes\)/);
  });
  it('a compression ratio beyond the cap (zip bomb)', () =>
    refused(pack([...items, { name: 'zeros', data: Buffer.alloc(8 * 1024 * 1024), compress: true }]), /entry "zeros" expands \d+ times \(limit 100\): refused as a possible zip bomb/));

  it('a truncated file', () => refused(Promise.resolve(valid.subarray(0, Math.floor(valid.length / 2))), /not a readable zip archive/));
  it('a truncated file (last bytes only missing)', () => refused(Promise.resolve(valid.subarray(0, valid.length - 10)), /not a readable zip archive/));
  it('a file that is not a zip', () => refused(Promise.resolve(Buffer.from('%PDF-1.4 this is not a bundle\n'.repeat(50))), /not a readable zip archive/));
  it('an empty file', () => refused(Promise.resolve(Buffer.alloc(0)), /the file is empty/));
  it('a folder given as the bundle file (a path typed at the CLI): said, not "EISDIR: illegal operation on a directory"', async () => {
    const folder = tempDir();
    const before = storeSnapshot(B);
    for (const [method, payload] of [['verifyBundle', { file: folder }], ['importBundle', { file: folder, acceptUnknownSigner: true }]] as const) {
      const err = await invoke(B.handlers, method, payload).then(() => null, (e: unknown) => e);
      expect((err as AppError).code).toBe('bad_file');
      expect((err as Error).message).toBe(`${folder} is a folder, not a bundle file`);
      wordedInEveryLanguage(err);
    }
    expect(storeSnapshot(B)).toBe(before);
  });
  it('a file that cannot be opened (a socket here; a file this user may not read alike): a bad_file refusal with the reason, not an internal error', async () => {
    const sock = path.join(tempDir(), 'not-a-bundle.gcmr');
    const server = net.createServer().listen(sock);
    await new Promise((r) => server.once('listening', r));
    try {
      const before = storeSnapshot(B);
      const err = await invoke(B.handlers, 'verifyBundle', { file: sock }).then(() => null, (e: unknown) => e);
      expect((err as AppError).code).toBe('bad_file');
      expect((err as Error).message).toMatch(new RegExp(`^cannot read ${sock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENXIO`));
      wordedInEveryLanguage(err);
      expect(storeSnapshot(B)).toBe(before);
    } finally {
      server.close();
    }
  });
  it('a zip that is not a bundle', () => refused(pack([{ name: 'hello.txt', data: Buffer.from('hi') }]), /not a GCM Review bundle: bundle\.json is missing/));

  it('a wrong type', () => refused(pack(editAndResign(items, A, { manifest: (m) => (m.type = 'odk-submission') })), /not a GCM Review bundle \(bundle\.json type is "odk-submission"\)/));
  it('an unsupported format version', () => refused(pack(editAndResign(items, A, { manifest: (m) => (m.formatVersion = 2) })), /unsupported bundle format version 2 \(this app reads version 1\)/));
  it('an unknown kind', () => refused(pack(editAndResign(items, A, { manifest: (m) => (m.kind = 'contributions') })), /bundle\.json is invalid/));
  it("times in draft.json that are no instants (a revision's, an attachment's, the draft's): refused (was: imported as free text)", async () => {
    await refused(pack(editAndResign(items, A, { draft: (d) => (d.fields[0].revisions[0].createdAt = '05/12/2026 18:00') })), /draft\.json is invalid: fields\.0\.revisions\.0\.createdAt/);
    await refused(pack(editAndResign(items, A, { draft: (d) => (d.attachments[0].addedAt = 'yesterday') })), /draft\.json is invalid: attachments\.0\.addedAt/);
    await refused(pack(editAndResign(items, A, { draft: (d) => (d.draft.createdAt = '2026-12-05 18:00:00') })), /draft\.json is invalid: draft\.createdAt/);
  });
  it('a draft.json that does not fit its template (wrong value kind)', () =>
    refused(
      pack(editAndResign(items, A, { draft: (d) => (d.fields.find((f: { field: string }) => f.field === 'I.a').revisions[0].value = { kind: 'principle', note: 'x' }) })),
      /draft\.json does not fit template arab-region-2020 1\.0\.0: field I\.a takes a value of kind "answer"/,
    ));
  it('a draft.json with a question the template lacks', () =>
    refused(
      pack(
        editAndResign(items, A, {
          draft: (d) => (d.fields.find((f: { field: string }) => f.field === 'II.b').field = 'II.z'),
          manifest: (m) => {
            m.baseRevisions['II.z'] = m.baseRevisions['II.b'];
            delete m.baseRevisions['II.b'];
          },
        }),
      ),
      /unknown question II\.z in template arab-region-2020/,
    ));
  it('a draft.json that is not valid against the schema', () => refused(pack(editAndResign(items, A, { draft: (d) => (d.fields[0].revisions[0].authorName = 42) })), /draft\.json is invalid: fields\.0\.revisions\.0\.authorName/));
  it('a revision history with a missing parent', () =>
    refused(pack(editAndResign(items, A, { draft: (d) => (d.fields.find((f: { field: string }) => f.field === 'I.a').revisions.shift()) })), /names a parent that is not in the bundle/));
  const fieldOf = (d: any, field: string) => d.fields.find((f: { field: string }) => f.field === field);
  it('a revision history that is a cycle', () =>
    refused(
      pack(editAndResign(items, A, { draft: (d) => { const revs = fieldOf(d, 'I.a').revisions; revs[0].parentId = revs[revs.length - 1].id; } })),
      /draft\.json the revision history of I\.a has a cycle|the revision history of I\.a has a cycle/,
    ));
  // a long history listed newest first: the order of draft.json's revisions is not prescribed
  const longChain = (d: any, n: number) => {
    const revs = fieldOf(d, 'I.a').revisions;
    let parent = revs[revs.length - 1].id;
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      revs.push({ ...revs[0], id, parentId: parent, value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `save ${i}` }] }] } } });
      parent = id;
    }
    fieldOf(d, 'I.a').head = parent;
    revs.reverse();
    return parent;
  };
  it('a long history listed children first imports (was: refused as "input nested too deep")', async () => {
    let head = '';
    const file = write(await pack(editAndResign(items, A, { draft: (d) => (head = longChain(d, 10_000)), manifest: (m) => ((m.bundleId = crypto.randomUUID()), (m.baseRevisions['I.a'] = head)) })));
    const C = createServices(path.join(dir, 'c.sqlite')); // not B: its snapshots below stay small
    try {
      const { draftId } = await invoke(C.handlers, 'importBundle', { file, acceptUnknownSigner: true });
      expect((await invoke(C.handlers, 'getDraft', { draftId })).fields['I.a']!.text).toBe('save 9999');
    } finally {
      C.close();
    }
  });
  it('a long cycle is refused as a cycle (was: "input nested too deep")', () =>
    refused(
      pack(editAndResign(items, A, { draft: (d) => { longChain(d, 10_000); const revs = fieldOf(d, 'I.a').revisions; revs[revs.length - 1].parentId = revs[0].id; } })),
      /the revision history of I\.a has a cycle/,
    ));
  it("a revision whose parent is another field's revision", () =>
    refused(pack(editAndResign(items, A, { draft: (d) => (fieldOf(d, 'II.b').revisions[0].parentId = fieldOf(d, 'I.a').revisions[0].id) })), /revision [0-9a-f-]{36} of II\.b names a parent that is not in the bundle/));
  it('the same revision id in two fields', () =>
    refused(pack(editAndResign(items, A, { draft: (d) => (fieldOf(d, 'II.b').revisions.push({ ...fieldOf(d, 'I.a').revisions[0], value: fieldOf(d, 'II.b').revisions[0].value, parentId: null })) })), /draft\.json lists revision [0-9a-f-]{36} twice/));
  it('an answer nested deeper than any document may be (100,000 levels)', () => {
    const levels = 100_000;
    const deep = `${'{"type":"bulletList","content":[{"type":"listItem","content":['.repeat(levels)}{"type":"paragraph","content":[]}${']}]}'.repeat(levels)}`;
    return refused(
      pack(
        editAndResign(items, A, {
          draft: (d) => (fieldOf(d, 'I.a').revisions[0].value = { kind: 'answer', doc: { type: 'doc', content: ['DEEP'] } }),
          draftBytes: (b) => Buffer.from(b.toString().replace('"DEEP"', deep)),
        }).map((i) => ({ ...i, compress: false })), // stored: not refused as a zip bomb first
      ),
      /draft\.json is invalid: .*nested too deep/,
    );
  });
  it('a link to javascript: or data: in an answer', async () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href } }] }] }] };
      await refused(pack(editAndResign(items, A, { draft: (d) => (fieldOf(d, 'I.a').revisions[0].value = { kind: 'answer', doc }) })), /attrs\.href: link must be http\(s\) or mailto/);
    }
  });
  it('an unknown template', () =>
    refused(
      pack(editAndResign(items, A, { manifest: (m) => (m.template = { id: 'gcm-global-2026', version: '1.0.0' }), draft: (d) => (d.draft.templateId = 'gcm-global-2026') })),
      /unknown template gcm-global-2026 version 1\.0\.0: import that template first/,
    ));

  it('a "__proto__" key in bundle.json (was: accepted, its value never checked, then dropped)', () => {
    const proto = (m: any) => Object.defineProperty(m.baseRevisions, '__proto__', { value: { polluted: true }, enumerable: true });
    return refused(pack(editAndResign(items, A, { manifest: proto })), /bundle\.json has a "__proto__" key \(baseRevisions\.__proto__\): refused/);
  });
  it('a "__proto__" key spelled with a \\u escape', () => {
    const key = (m: any) => (m.baseRevisions.PROTO = m.baseRevisions['I.a']);
    return refused(pack(editAndResign(items, A, { manifest: key, manifestText: (t) => t.replace('"PROTO"', '"\\u005f_proto__"') })), /bundle\.json has a "__proto__" key/);
  });
  it('a lone surrogate written as a \\u escape (was: imported, stored as bytes that are not UTF-8 and read back as three U+FFFD)', async () => {
    const author = (d: any) => (fieldOf(d, 'I.a').revisions[0].authorName = 'Amina \ud800');
    await refused(pack(editAndResign(items, A, { draft: author })), /draft\.json has a string that is not valid Unicode \(a lone surrogate, at fields\.\d\.revisions\.0\.authorName\): refused/);
    await refused(pack(editAndResign(items, A, { manifest: (m) => (m.signer.organisation = 'MFA \udc00') })), /bundle\.json has a string that is not valid Unicode \(a lone surrogate, at signer\.organisation\): refused/);
  });
  it('a title, country or authority with characters XML cannot carry: imported without them (was: kept, and the Word export of the draft not well-formed XML, which Word refuses); a title of spaces only: refused', async () => {
    const title = 'Revue nationale\ufffe — Maroc';
    const hostile = (d: any) => Object.assign(d.draft, { title, country: 'Maroc\uffff', authority: '\ufffeMinistère de l’Intérieur' });
    const file = write(await pack(editAndResign(items, A, { draft: hostile, manifest: (m) => Object.assign(m, { bundleId: crypto.randomUUID() }).draft.title = title })));
    const C = createServices(path.join(dir, 'xml.sqlite'));
    try {
      await invoke(C.handlers, 'setIdentity', { name: 'Coordinator', organisation: 'MFA' });
      const { draftId } = await invoke(C.handlers, 'importBundle', { file, acceptUnknownSigner: true });
      expect(await invoke(C.handlers, 'getDraft', { draftId })).toMatchObject({ title: 'Revue nationale — Maroc', country: 'Maroc', authority: 'Ministère de l’Intérieur' });
      const docx = Buffer.from((await invoke(C.handlers, 'exportDocx', { draftId })).dataBase64, 'base64');
      for (const part of ['word/document.xml', 'docProps/core.xml']) expect(await zipText(docx, part)).not.toMatch(/[\ufffe\uffff]/);
    } finally {
      C.close();
    }
    await refused(pack(editAndResign(items, A, { draft: (d) => (d.draft.title = '   '), manifest: (m) => (m.draft.title = '   ') })), /bundle\.json is invalid: draft\.title: title is required/);
  });
  it('a draft.json byte that is not UTF-8 (was: replaced by U+FFFD and imported as signed)', () =>
    refused(pack(editAndResign(items, A, { draftBytes: (b) => Buffer.from(b.toString('latin1').replace('First draft', 'First dr\xffft'), 'latin1') })), /draft\.json is not valid UTF-8/));

  const signedSums = (edit: (text: string) => string) => {
    const text = Buffer.from(edit(items.find((i) => i.name === 'SHA256SUMS')!.data.toString()));
    return items.map((i) => (i.name === 'SHA256SUMS' ? { ...i, data: text } : i.name === 'SHA256SUMS.sig' ? { ...i, data: storeKeySigner(A.store)(text) } : i));
  };
  it('SHA256SUMS with CRLF line ends (validly signed)', () => refused(pack(signedSums((t) => t.replace(/\n/g, '\r\n'))), /SHA256SUMS has a malformed line/));
  it('SHA256SUMS with a tab or a single space for the separator (validly signed)', async () => {
    await refused(pack(signedSums((t) => t.replace('  bundle.json', '\tbundle.json'))), /SHA256SUMS has a malformed line/);
    await refused(pack(signedSums((t) => t.replace('  bundle.json', ' bundle.json'))), /SHA256SUMS has a malformed line/);
  });
  it('SHA256SUMS listing a file twice (validly signed)', () => refused(pack(signedSums((t) => t.replace(/^(.*  VERIFY\.txt\n)/m, '$1$1'))), /SHA256SUMS lists VERIFY\.txt twice/));
  it('SHA256SUMS listing a file the bundle does not hold (validly signed)', () =>
    refused(pack(signedSums((t) => t.replace(/^(.*  attachments\/0002\.jpg\n)/m, `$1${'0'.repeat(64)}  attachments/0009.pdf\n`))), /SHA256SUMS lists attachments\/0009\.pdf, which bundle\.json does not/));
  it('SHA256SUMS leaving out a listed file (validly signed)', () => refused(pack(signedSums((t) => t.replace(/^.*  draft\.json\n/m, ''))), /SHA256SUMS does not cover draft\.json/));
  it('a local header naming an entry otherwise than the central directory (was: accepted; unzip warns of the mismatch)', async () => {
    const bytes = renameLocalOnly(await pack(items), attachment(), '../../../../evil.pdf');
    const file = write(bytes);
    let unzip = '';
    try {
      execFileSync('unzip', ['-t', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      unzip = `${(e as { stdout: string }).stdout}${(e as { stderr: string }).stderr}`;
    }
    expect(unzip).toMatch(/mismatching "local" filename \(\.\.\/\.\.\/\.\.\/\.\.\/evil\.pdf\)/);
    await refused(Promise.resolve(bytes), /entry "attachments\/0001\.pdf" is named "\.\.\/\.\.\/\.\.\/\.\.\/evil\.pdf" in its local header: the central directory and the local headers disagree/);
  });
  it('a local header giving another compression method than the central directory', async () => {
    const z = await pack(items.map((i) => (i.name === 'draft.json' ? { ...i, compress: false } : i)));
    return refused(Promise.resolve(patchCentral(z, 'draft.json', { method: 8 })), /entry "draft\.json": the central directory and its local header disagree on the compression method/);
  });
  it('an entry compressed with a method other than stored or deflate', async () =>
    refused(Promise.resolve(patchCentral(await pack(items), 'draft.json', { method: 12 })), /entry "draft\.json" uses unsupported compression method 12/));
  it('an entry name with a NUL or another control character', async () => {
    await refused(hostileName('evil\u0000.txt'), /contains control characters/);
    await refused(hostileName('evil\u001b[31m'), /contains control characters/);
  });

  it('decryption with the wrong age identity', async () => {
    const { generateIdentity, identityToRecipient } = await import('age-encryption');
    const right = await generateIdentity();
    const wrong = await generateIdentity();
    const wrongFile = path.join(dir, 'wrong.key');
    fs.writeFileSync(wrongFile, `# test\n${wrong}\n`);
    const out = path.join(dir, `enc-${++n}.gcmr`);
    const id = (await invoke(A.handlers, 'listDrafts', {}))[0]!.id;
    const r = await invoke(A.handlers, 'exportBundle', { draftId: id, outFile: out, recipients: [await identityToRecipient(right)] });
    await refused(Promise.resolve(fs.readFileSync(r.file)), /cannot decrypt: the given age identity is not a recipient of this bundle/, { identityFile: wrongFile });
    await refused(Promise.resolve(fs.readFileSync(r.file)), /this bundle is encrypted \(age\); give the identity/);
    await refused(Promise.resolve(fs.readFileSync(r.file).subarray(0, 400)), /cannot decrypt the bundle|not a recipient/, { identityFile: wrongFile });
  });

  it('a zip built by hand with a symlink flag from another "made by" system is still judged by its file set', async () => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('x'), 'bundle.json');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    await refused(Promise.resolve(Buffer.concat(chunks)), /bundle\.json is not valid JSON/);
  });
});

describe('random damage (property)', () => {
  it('flipping random bytes never crashes, never yields different content, never writes to the store', async () => {
    const original = await readArchive(write(valid));
    const file = path.join(dir, 'fuzz.gcmr');
    const before = storeSnapshot(B);
    const blobs = blobFiles(B);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (flips) => {
        const bytes = Buffer.from(valid);
        for (const [at, mask] of flips) bytes[at] = bytes[at]! ^ mask;
        fs.writeFileSync(file, bytes);
        try {
          const got = await readArchive(file);
          accepted++;
          // zip metadata (timestamps, attributes, local names) may change without changing content
          expect(got.payloadBytes.equals(original.payloadBytes)).toBe(true);
          expect(got.manifest).toEqual(original.manifest);
          expect(got.signerPem).toBe(original.signerPem);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('bad_file');
        }
        // a content-identical bundle is refused as already imported (baseline test); anything else as damaged
        await expect(invoke(B.handlers, 'importBundle', { file, acceptUnknownSigner: false })).rejects.toBeInstanceOf(AppError);
        expect(storeSnapshot(B)).toBe(before);
        expect(blobFiles(B)).toEqual(blobs);
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeLessThan(150);
  });

  it('flipping a byte inside file contents is never accepted', async () => {
    const file = path.join(dir, 'fuzz2.gcmr');
    // the stored (uncompressed) entries: SHA256SUMS, the signature, the key, the attachments
    const regions = items
      .filter((i) => !i.compress)
      .map((i) => {
        const at = valid.indexOf(i.data);
        return [at, at + i.data.length] as const;
      })
      .filter(([a]) => a >= 0);
    await fc.assert(
      fc.asyncProperty(fc.nat(regions.length - 1), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 255 }), async (r, pos, mask) => {
        const [a, b] = regions[r]!;
        const bytes = Buffer.from(valid);
        const at = a + Math.floor(pos * (b - a));
        bytes[at] = bytes[at]! ^ mask;
        fs.writeFileSync(file, bytes);
        await expect(readArchive(file)).rejects.toBeInstanceOf(AppError);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Hostile content behind the signature (./bundle-mutations.ts, the mutations the scratch fuzzer ran):
 * the bundle's JSON and file set mutated and re-signed with its signer's own key, plain or
 * age-encrypted, verified and imported into a store that already holds the original (so ids
 * collide). Each ends in a refusal that changed nothing or an import that reads back valid by the
 * contract and changed nothing already there (./bundle-mutations.ts judge). Before the fixes:
 * lone surrogates written as \u escapes imported (stored as bytes that are not UTF-8).
 */
describe('hostile content behind the signature (property)', () => {
  it('verify and import end in a clean import or a refusal that changed nothing', async () => {
    const C = createServices(path.join(dir, 'fuzz.sqlite'));
    try {
      const id = (await invoke(A.handlers, 'getIdentity', {}))!;
      await invoke(C.handlers, 'setIdentity', { name: 'Coordinator', organisation: 'MFA' });
      await invoke(C.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: id.name, organisation: id.organisation });
      await invoke(C.handlers, 'importBundle', { file: write(valid) });
      const ageKey = path.join(dir, 'fuzz.age');
      execFileSync('age-keygen', ['-o', ageKey], { stdio: 'ignore' });
      const recipient = execFileSync('age-keygen', ['-y', ageKey]).toString().trim();
      const outcomes = { done: 0, refused: 0 };
      for (const encrypted of [false, true]) {
        const r = await eachMutant(items, A, C, dir, 30, async (file, what, payload) => {
          if (encrypted) execFileSync('age', ['-r', recipient, '-o', `${file}.age`, file]);
          const input = encrypted ? { file: `${file}.age`, identityFile: ageKey } : { file };
          await judge(C, `${what}: verify`, () => invoke(C.handlers, 'verifyBundle', input), () => null, path.join(dir, 'fuzz-out.gcmr'));
          return judge(C, `${what}: import${encrypted ? ' (age)' : ''}`, () => invoke(C.handlers, 'importBundle', input), (v) => v.draftId, path.join(dir, 'fuzz-out.gcmr'), { payload, as: 'new draft' });
        });
        outcomes.done += r.done;
        outcomes.refused += r.refused;
      }
      // both outcomes were reached
      expect(outcomes.done).toBeGreaterThan(5);
      expect(outcomes.refused).toBeGreaterThan(20);
    } finally {
      C.close();
    }
  }, 60_000);
});

describe('who a bundle is recorded as coming from', () => {
  it('a trusted key whose bundle.json names another signer is recorded under the name the register knows (was: under the claimed name)', async () => {
    const claim = (m: any) => {
      m.bundleId = crypto.randomUUID();
      m.signer.name = 'Minister of Foreign Affairs';
      m.signer.organisation = 'Coordinating ministry';
    };
    const file = write(await pack(editAndResign(items, A, { manifest: claim })));
    const r = await invoke(B.handlers, 'importBundle', { file });
    const row = B.store.db.prepare("SELECT signer_name, signer_org, details FROM bundles WHERE id = ? AND direction = 'import'").get(r.report.bundleId) as { signer_name: string; signer_org: string; details: string };
    expect([row.signer_name, row.signer_org]).toEqual(['Amina Benali', 'Ministère de l’Intérieur']);
    expect(JSON.parse(row.details).claimedSigner).toEqual({ name: 'Minister of Foreign Affairs', organisation: 'Coordinating ministry' });
    const log = await invoke(B.handlers, 'auditLog', { draftId: r.draftId });
    expect(log.find((e) => e.action === 'bundle.import')!.new).toMatch(/from Amina Benali \(Ministère de l’Intérieur\) sha256:[0-9a-f]{64}; the bundle names its signer Minister of Foreign Affairs \(Coordinating ministry\)$/);
  });
});

describe('a bundle id already imported', () => {
  it('another bundle under the id of one imported (content differs, validly signed): refused as such (was: "already imported", as if it were the same)', async () => {
    const other = write(await pack(editAndResign(items, A, { draft: (d) => (d.draft.country = 'Elsewhere') })));
    const before = storeSnapshot(B);
    const err = await invoke(B.handlers, 'importBundle', { file: other }).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^another bundle than the one already imported under id [0-9a-f-]{36} \(into draft [0-9a-f-]{36}\): its signed contents \(SHA256SUMS\) differ; refused as a possible forgery or replay; nothing was added$/);
    wordedInEveryLanguage(err);
    expect(messageRef((err as AppError).details)?.messageKey).toBe('bundle.otherBundle');
    expect(storeSnapshot(B)).toBe(before);
    // the same bundle again, re-zipped: still "already imported"
    await expect(invoke(B.handlers, 'importBundle', { file: write(await pack(items)) })).rejects.toThrow(/^this bundle was already imported \(as draft/);
  });

  it('verify tells the same bundle from another one under its id (the rule the import and delivery pull use)', async () => {
    const other = write(await pack(editAndResign(items, A, { draft: (d) => (d.draft.country = 'Elsewhere') })));
    const same = await invoke(B.handlers, 'verifyBundle', { file: write(await pack(items)) });
    expect(same).toMatchObject({ alreadyImported: true, otherImported: false });
    const before = storeSnapshot(B);
    const r = await invoke(B.handlers, 'verifyBundle', { file: other });
    expect(r).toMatchObject({ alreadyImported: true, otherImported: true, importedAs: same.importedAs });
    const shown = await cli(path.join(dir, 'b.sqlite'), 'bundle', 'verify', other);
    expect(shown.out).toContain(`another bundle than the one already imported under id ${r.bundleId} (into draft ${same.importedAs})`);
    expect(shown.out).not.toMatch(/^already imported/m);
    expect((await cli(path.join(dir, 'b.sqlite'), 'bundle', 'verify', write(await pack(items)))).out).toMatch(/^already imported as draft /m);
    expect(storeSnapshot(B)).toBe(before);
    const fresh = await invoke(B.handlers, 'verifyBundle', { file: write(await pack(editAndResign(items, A, { manifest: (m: any) => (m.bundleId = crypto.randomUUID()) }))) });
    expect(fresh).toMatchObject({ alreadyImported: false, otherImported: false, importedAs: null });
  });
});

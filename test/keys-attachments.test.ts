import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { SigningKeys } from '../main/keys/signing-keys';
import { fingerprintOf, parsePublicKeyPem } from '../main/keys/fingerprint';
import { createServices } from '../main/services';
import { makeServices, storeSnapshot, tempDir } from './helpers';

describe('signing keys', () => {
  it('are made on identity init, stored 0600 beside the store, and fingerprinted over DER SPKI', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.sqlite');
    const s = makeServices(db);
    expect(await invoke(s.handlers, 'getIdentity', {})).toBeNull();
    await expect(invoke(s.handlers, 'ensureSigningKey', {})).rejects.toThrow(/set your identity first/);
    const id = await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'Interior' });
    expect(id.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const files = fs.readdirSync(`${db}.keys`);
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(`${db}.keys`, files[0]!)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${db}.keys`).mode & 0o777).toBe(0o700);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: id.publicKeyPem! });
    expect(`sha256:${crypto.createHash('sha256').update(der).digest('hex')}`).toBe(id.fingerprint);
    // the private file is the matching PKCS8 key
    const priv = crypto.createPrivateKey({ key: fs.readFileSync(path.join(`${db}.keys`, files[0]!)), format: 'der', type: 'pkcs8' });
    expect(fingerprintOf(crypto.createPublicKey(priv))).toBe(id.fingerprint);
    // the same key on later runs and after an identity change
    await invoke(s.handlers, 'setIdentity', { name: 'Amina B.', organisation: 'Interior' });
    expect((await invoke(s.handlers, 'getIdentity', {}))!.fingerprint).toBe(id.fingerprint);
    s.close();
    const again = createServices(db);
    expect((await invoke(again.handlers, 'ensureSigningKey', {})).fingerprint).toBe(id.fingerprint);
    again.close();
  });

  it('refuses a key sealed by another vault kind and a key file that does not match', async () => {
    const db = path.join(tempDir(), 's.sqlite');
    const s = makeServices(db);
    await invoke(s.handlers, 'setIdentity', { name: 'A', organisation: 'O' });
    // A key the keychain protects cannot be opened by a program that only has the file vault.
    s.store.db.prepare("UPDATE signing_keys SET vault_kind = 'safeStorage'").run();
    await expect(new SigningKeys(s.store).sign(Buffer.from('x'))).rejects.toThrow(/protected by "safeStorage", which this program cannot open/);
    s.store.db.prepare("UPDATE signing_keys SET vault_kind = 'file-0600'").run();
    const dir = `${db}.keys`;
    const f = path.join(dir, fs.readdirSync(dir)[0]!);
    fs.writeFileSync(f, crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }));
    await expect(new SigningKeys(s.store).sign(Buffer.from('x'))).rejects.toThrow(/does not match the recorded public key/);
  });

  it('parsePublicKeyPem accepts only Ed25519 SPKI PEM', () => {
    const ed = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(parsePublicKeyPem(ed).asymmetricKeyType).toBe('ed25519');
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parsePublicKeyPem(ec)).toThrow(/ec key, expected Ed25519/);
    expect(() => parsePublicKeyPem('hello')).toThrow(/not a PEM public key/);
  });
});

describe('attachments', () => {
  it('a 100 MB file is streamed in, hashed, stored once; list, remove (soft), open', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 's.sqlite'));
    await invoke(s.handlers, 'setIdentity', { name: 'A', organisation: 'O' });
    const d = await invoke(s.handlers, 'createDraft', { title: 'T' });
    const big = path.join(dir, 'census 2024.xlsx');
    const fd = fs.openSync(big, 'w');
    const chunk = crypto.randomBytes(1 << 20);
    for (let i = 0; i < 100; i++) {
      chunk[0] = i;
      fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
    const expected = execFileSync('sha256sum', [big], { encoding: 'utf8' }).split(' ')[0];
    const heapBefore = process.memoryUsage().heapUsed;
    const a = await invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'II.c', filePath: big });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
    expect(a).toMatchObject({ sha256: expected, size: 100 * 1024 * 1024, name: 'census 2024.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', removedAt: null });
    const opened = await invoke(s.handlers, 'openAttachment', { attachmentId: a.id });
    expect(opened.path).toBe(path.join(s.store.blobDir, expected!.slice(0, 2), expected!));
    expect(fs.statSync(opened.path).size).toBe(100 * 1024 * 1024);
    const b = await invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'I.a', filePath: big, name: 'same.xlsx' });
    expect(s.store.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 });
    expect(fs.readdirSync(path.join(s.store.blobDir, expected!.slice(0, 2)))).toEqual([expected]);
    expect((await invoke(s.handlers, 'listAttachments', { draftId: d.id })).map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await invoke(s.handlers, 'listAttachments', { draftId: d.id, field: 'I.a' })).map((x) => x.id)).toEqual([b.id]);
    const removed = await invoke(s.handlers, 'removeAttachment', { attachmentId: a.id });
    expect(removed.removedAt).not.toBeNull();
    expect((await invoke(s.handlers, 'listAttachments', { draftId: d.id })).map((x) => x.id)).toEqual([b.id]);
    expect((await invoke(s.handlers, 'listAttachments', { draftId: d.id, includeRemoved: true })).map((x) => x.id)).toEqual([a.id, b.id]);
    expect(fs.existsSync(opened.path)).toBe(true); // soft removal keeps the bytes
    expect(fs.readdirSync(path.join(s.store.blobDir, '.staging'))).toEqual([]);
  }, 120_000);

  it('refuses a missing file, a folder, an unknown question or a non-question field, writing nothing', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 's.sqlite'));
    const d = await invoke(s.handlers, 'createDraft', { title: 'T' });
    const before = storeSnapshot(s);
    await expect(invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'I.a', filePath: path.join(dir, 'nope.pdf') })).rejects.toThrow(/cannot read .*ENOENT/);
    await expect(invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'I.a', filePath: dir })).rejects.toThrow(/is not a file/);
    fs.writeFileSync(path.join(dir, 'x.pdf'), 'x');
    await expect(invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'I.z', filePath: path.join(dir, 'x.pdf') })).rejects.toThrow(/unknown question I\.z/);
    await expect(invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'III.a/objective/1', filePath: path.join(dir, 'x.pdf') })).rejects.toThrow(/unknown question/);
    expect(storeSnapshot(s)).toBe(before);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import type { KeyVault } from '../main/keys/vault';
import { cli, tempDir } from './helpers';

/** A stand-in for the OS keychain: a reversible transform with its own kind (not our crypto). */
const keychain: KeyVault = {
  kind: 'os-keychain:test',
  seal: async (b) => Buffer.concat([Buffer.from('SEALED:'), Buffer.from(b).reverse()]),
  open: async (s) => ({ bytes: Buffer.from(s.subarray(7)).reverse(), reseal: false }),
};

describe('signing key protection', () => {
  it('moves a key made by the CLI under the keychain the first time the desktop app signs with it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.sqlite');
    await cli(db, 'identity', 'init', '--name', 'Amina', '--organisation', 'MFA');
    const id = (await cli(db, 'draft', 'create', '--title', 'T')).out;
    const s = createServices(db, { vault: keychain });
    try {
      const row = () => s.store.db.prepare('SELECT vault_kind, private_key_ref FROM signing_keys').get() as { vault_kind: string; private_key_ref: string };
      expect(row().vault_kind).toBe('file-0600');
      const keyFile = fs.readdirSync(dir, { recursive: true }).map(String).find((f) => f.endsWith(row().private_key_ref))!;
      const before = fs.readFileSync(path.join(dir, keyFile));
      await invoke(s.handlers, 'exportBundle', { draftId: id, outFile: path.join(dir, 'a.gcmr') });
      expect(row().vault_kind).toBe('os-keychain:test');
      const after = fs.readFileSync(path.join(dir, keyFile));
      expect(after.subarray(0, 7).toString()).toBe('SEALED:');
      expect(after.equals(before)).toBe(false);
      await invoke(s.handlers, 'exportBundle', { draftId: id, outFile: path.join(dir, 'b.gcmr') }); // opens with the keychain now
    } finally {
      s.close();
    }
    // The plain CLI can no longer open it, and says why.
    const r = await cli(db, 'bundle', 'export', id, '--out', path.join(dir, 'c.gcmr'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/protected by "os-keychain:test"/);
  });
});

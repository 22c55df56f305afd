/**
 * Sets up a real merge conflict in a store, the way it happens in use: the master draft is
 * exported as a signed bundle, a department imports it, edits II.a and sends it back, while the
 * ministry edits II.a too; importing the returned bundle into the master leaves a conflict.
 * Usage: tsx test/e2e/make-conflict.ts STORE   (prints the master draft id)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { invoke } from '../../main/dispatch';
import { createServices, type Services } from '../../main/services';
import { getHead } from '../../main/store/revisions';
import { textToDoc } from '../../shared/plaintext';

async function save(s: Services, draftId: string, field: string, text: string) {
  const base = getHead(s.store, draftId, field)?.revision_id ?? null;
  await invoke(s.handlers, 'saveField', { draftId, field, value: { kind: 'answer', doc: textToDoc(text) }, baseRevisionId: base });
}

async function main() {
  const store = process.argv[2];
  if (!store) throw new Error('usage: make-conflict STORE');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-conflict-'));
  const M = createServices(store);
  const D = createServices(path.join(dir, 'dept.sqlite'));
  try {
    if (!(await invoke(M.handlers, 'getIdentity', {}))) await invoke(M.handlers, 'setIdentity', { name: 'Amina Test', organisation: 'Ministry of Interior' });
    await invoke(M.handlers, 'ensureSigningKey', {});
    await invoke(D.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of Labour' });
    await invoke(D.handlers, 'ensureSigningKey', {});
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Master with a returned draft' })).id;
    await save(M, master, 'II.a', 'Law 02-03.');
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file, acceptUnknownSigner: true });
    await save(D, dept, 'II.a', 'Law 02-03 and law 27-14.');
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
    await save(M, master, 'II.a', 'Law 02-03 (2003).');
    await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
    process.stdout.write(master + '\n');
  } finally {
    M.close();
    D.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

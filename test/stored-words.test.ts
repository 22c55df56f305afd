/**
 * The reasons and notes the services store in English (the import tray's reasons, the history's
 * notes, the audit's "why") are shown in the interface language: each is one of the app's own
 * phrases (shared/messages.ts, storedText) worded in French and Arabic. Checked on what the real
 * importers and services write, not on a list kept beside them: every Word fixture of every tool
 * and the Morocco review through the importer, then a text import, a Word import with comments,
 * an item placed from the tray and a copied draft through the services.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { parseDocxImport } from '../main/interchange/docx-import';
import { parseTextImport } from '../main/interchange/import-text';
import { storedText } from '../shared/messages';
import { ARAB_REGION_2020 } from '../shared/template';
import { fixture, makeServices } from './helpers';
import { tFor } from './i18n-tools';
import { storedFixtures } from './word/fixtures';

/** Each text as the French and Arabic screens show it; fails on a text that is not one of the app's phrases. */
async function expectWorded(texts: Iterable<string>) {
  const fr = await tFor('fr');
  const ar = await tFor('ar');
  for (const text of new Set(texts)) {
    const ref = storedText(text);
    expect(ref, `not one of the app's phrases: ${JSON.stringify(text)}`).not.toBeNull();
    const params = { ...ref!.messageParams, defaultValue: '' };
    const inFr = fr(`msg.${ref!.messageKey}`, params);
    const inAr = ar(`msg.${ref!.messageKey}`, params);
    expect(inFr, text).not.toBe('');
    expect(inFr, text).not.toMatch(/{{|undefined/);
    expect(inAr, text).toMatch(/\p{Script=Arabic}/u);
    expect(inAr, text).not.toMatch(/{{|undefined/);
  }
}

describe('stored English phrases are worded in every language', () => {
  it("every reason the importers give an unplaced item, on the Word fixtures of every tool and the Morocco review", async () => {
    const reasons: string[] = [];
    for (const f of storedFixtures()) reasons.push(...(await parseDocxImport(f.bytes, ARAB_REGION_2020, `docx:${f.name}.docx`)).unplaced.map((u) => u.reason));
    reasons.push(...parseTextImport(fs.readFileSync(fixture('seed-morocco.txt'), 'utf8'), ARAB_REGION_2020, 'text:seed.txt').unplaced.map((u) => u.reason));
    expect(reasons.length).toBeGreaterThan(10);
    await expectWorded(reasons);
  });

  it("the history's notes and the audit's reasons written by imports, placing from the tray and copying a draft", async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amal', organisation: 'Ministère' });
    const text = await invoke(s.handlers, 'importText', { text: fs.readFileSync(fixture('seed-morocco.txt'), 'utf8'), fileName: 'revue.txt' });
    const pasted = await invoke(s.handlers, 'importText', { text: 'I.b) Le ministère coordonne.\n' });
    const word = storedFixtures().find((f) => f.name === 'docx-en-table-typed')!;
    const docx = await invoke(s.handlers, 'importDocx', { dataBase64: word.bytes.toString('base64'), fileName: 'review.docx' });
    const tray = await invoke(s.handlers, 'listUnplaced', { draftId: text.draft.id });
    expect(tray.length).toBeGreaterThan(0);
    await invoke(s.handlers, 'placeUnplaced', { draftId: text.draft.id, itemId: tray[0]!.id, field: 'V.b' });
    const copy = await invoke(s.handlers, 'duplicateDraft', { draftId: text.draft.id });

    const said: string[] = [];
    for (const draftId of [text.draft.id, pasted.draft.id, docx.draft.id, copy.id]) {
      for (const e of await invoke(s.handlers, 'auditLog', { draftId })) if (e.why) said.push(e.why);
      const got = await invoke(s.handlers, 'getDraft', { draftId });
      for (const field of Object.keys(got.fields)) for (const r of await invoke(s.handlers, 'fieldHistory', { draftId, field })) if (r.note) said.push(r.note);
    }
    // each kind of note is there, from the real services
    expect(said.some((n) => /^imported from text:revue\.txt$/.test(n))).toBe(true);
    expect(said.some((n) => /^imported from docx:review\.docx$/.test(n))).toBe(true);
    expect(said.some((n) => /^placed from import/.test(n))).toBe(true);
    expect(said.some((n) => /^copied from draft/.test(n))).toBe(true);
    expect(said.some((n) => /^Word comment by /.test(n))).toBe(true);
    await expectWorded(said);
    expect((await tFor('ar'))('msg.note.importedFrom', { file: 'revue.txt' })).toBe('مستورد من الملف revue.txt');
  });

  it('the notes of a returned draft merged into the master, and of a bundle imported from a signer the user confirmed', async () => {
    // written by main/merge/returned-draft.ts and main/bundle/import.ts (their own tests make them)
    await expectWorded([
      'merged from bundle 0190a3c2-0000-7000-8000-000000000001 (Amal (Ministère de l’Intérieur))',
      'merged from bundle 0190a3c2-0000-7000-8000-000000000001',
      'merged from bundle 0190a3c2-0000-7000-8000-000000000001 (Amal): the changes that did not overlap; 2 places wait for a decision',
      'merged from bundle 0190a3c2-0000-7000-8000-000000000001: the changes that did not overlap; 1 place waits for a decision',
      'returned by Amal (Ministère)',
      'user confirmed importing bundle 0190a3c2-0000-7000-8000-000000000001 from a signer with trust status "unknown"',
      'user confirmed importing bundle 0190a3c2-0000-7000-8000-000000000001 from a signer with trust status "revoked"',
      '12 questions filled, 3 unplaced',
    ]);
    const ar = await tFor('ar');
    expect(new Set([0, 1, 2, 3, 11, 100].map((count) => ar('msg.note.mergedPartial', { count }))).size).toBe(6);
  });
});

/**
 * The reasons and notes the services store in English (the import tray's reasons, the history's
 * notes, the audit's "why") are shown in the interface language: each is one of the app's own
 * phrases (shared/messages.ts, storedText) worded in French and Arabic. Checked on what the real
 * importers and services write, not on a list kept beside them: every Word fixture of every tool
 * and the Morocco review through the importer, then a text import, a Word import with comments,
 * an item placed from the tray and a copied draft through the services.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { parseDocxImport } from '../main/interchange/docx-import';
import { parseTextImport } from '../main/interchange/import-text';
import { storedText, wordStored } from '../shared/messages';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import { noteFromText } from '../shared/note';
import { textToDoc } from '../shared/plaintext';
import { ARAB_REGION_2020 } from '../shared/template';
import { fixture, makeServices, tempDir } from './helpers';
import { answer, fieldRecords, headsOf, importAsNewDraft, ministryAndDepartment, save } from './merge-helpers';
import { tFor } from './i18n-tools';
import { storedFixtures } from './word/fixtures';

/** Each text as the French and Arabic screens show it; fails on a text that is not one of the app's phrases. */
async function expectWorded(texts: Iterable<string>) {
  const fr = await tFor('fr');
  const ar = await tFor('ar');
  for (const text of new Set(texts)) {
    const ref = storedText(text);
    expect(ref, `not one of the app's phrases: ${JSON.stringify(text)}`).not.toBeNull();
    const inFr = wordStored(ref!, fr, 'fr');
    const inAr = wordStored(ref!, ar, 'ar');
    expect(inFr, text).toBeTruthy();
    expect(inFr, text).not.toMatch(/{{|undefined/);
    expect(inAr, text).toMatch(/\p{Script=Arabic}/u);
    expect(inAr, text).not.toMatch(/{{|undefined/);
  }
}

/** Words a user wrote (a return comment, a dismissal's reason): shown as written, never worded. */
const USER_TEXT = ['Revoir la question I.a, svp.', 'Hors du sujet de la revue.'];
const OBJ = 'III.a/objective/5';
const objective = (status: 'planned' | 'achieved' | 'in_progress', note: string) => ({ kind: 'objective' as const, status, note: noteFromText(note) });

/** A ministry's master into which a department's copy was merged: five answers and an objective both sides changed. */
async function masterWithConflicts() {
  const { M, D, master } = await ministryAndDepartment();
  const fields = ['I.a', 'I.b', 'I.c', 'I.d', 'II.a'];
  for (const f of fields) await save(M, master, f, answer('Premier.\n\nDeuxième.'));
  await save(M, master, OBJ, objective('planned', 'Plan adopté.'));
  const baseRevisions = headsOf(M, master);
  const dept = await importAsNewDraft(D, fieldRecords(M, master), 'Copie');
  for (const f of fields) {
    await save(D, dept, f, answer('Premier, selon le département.\n\nDeuxième.'));
    await save(M, master, f, answer('Premier, selon le ministère.\n\nDeuxième.'));
  }
  await save(D, dept, OBJ, objective('achieved', 'Plan adopté.'));
  await save(M, master, OBJ, objective('in_progress', 'Plan adopté.'));
  mergeReturnedDraft(M.store, master, { fields: fieldRecords(D, dept), baseRevisions }, { bundleId: '0190a3c2-0000-7000-8000-000000000001', from: 'وزارة التشغيل' });
  return { M, master };
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
    // the versions the imports named, and a bundle export's, in the interface language too (one named by hand is the user's)
    await invoke(s.handlers, 'exportBundle', { draftId: text.draft.id, outFile: path.join(tempDir(), 'revue.gcmr') });
    const named = (await Promise.all([text.draft.id, docx.draft.id].map((draftId) => invoke(s.handlers, 'listVersions', { draftId })))).flat().filter((v) => v.kind !== 'manual').map((v) => v.label);
    for (const kind of [/^Imported from text:revue\.txt$/, /^Imported from docx:review\.docx$/, /^Bundle exported: /]) expect(named.some((n) => kind.test(n)), String(kind)).toBe(true);
    await expectWorded(named);
  });

  it("the audit's reasons and the history's notes after conflict decisions, review steps, workshop decisions and a restore", async () => {
    const { M, master } = await masterWithConflicts();
    const [a, b, c, d, e, obj] = await invoke(M.handlers, 'listConflicts', { draftId: master });
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: a!.id, place: 0, choice: 'ours' });
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: b!.id, place: 0, choice: 'edit', edited: textToDoc('Texte choisi.') });
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: c!.id, place: 0, choice: 'both' });
    await invoke(M.handlers, 'resolveConflict', { conflictId: d!.id, take: 'theirs' });
    await invoke(M.handlers, 'resolveConflict', { conflictId: e!.id, value: answer('Rédigé à la main.') });
    expect(obj!.field).toBe(OBJ);
    await invoke(M.handlers, 'resolveConflict', { conflictId: obj!.id, take: 'ours' });

    await invoke(M.handlers, 'setReviewRules', { approverNotSubmitter: false });
    for (const action of ['submit', 'return', 'submit', 'approve'] as const) await invoke(M.handlers, 'reviewTransition', { draftId: master, action, ...(action === 'return' ? { comment: USER_TEXT[0] } : {}) });
    await invoke(M.handlers, 'reopenDraft', { draftId: master });
    await save(M, master, 'IV.a', answer('Après approbation.'));

    const w = await invoke(M.handlers, 'createWorkshop', { title: 'Souss-Massa', date: '2021-03-02', place: 'Agadir', authority: 'Wilaya', draftId: master });
    const p = await invoke(M.handlers, 'addParticipant', { workshopId: w.id, name: 'F. Amrani', organisation: 'Association X', kind: 'migrant_association', consentToName: true });
    const add = (targets: string[], text: string, who: { participantId?: string; organisation?: string }) => invoke(M.handlers, 'addContribution', { workshopId: w.id, targets, content: textToDoc(text), ...who });
    const c1 = await add(['II.a', 'III.a/objective/7'], 'Un guichet unique.', { participantId: p.id });
    const c2 = await add(['II.b'], 'Hors sujet.', { organisation: 'Conseil régional' });
    const c3 = await add(['II.c'], 'Des cours de langue.', { organisation: 'Conseil régional' });
    await invoke(M.handlers, 'acceptContribution', { contributionId: c1.id, draftId: master });
    await invoke(M.handlers, 'acceptContribution', { contributionId: c3.id, draftId: master, content: textToDoc('Des cours de langue, revus.') });
    await invoke(M.handlers, 'dismissContribution', { contributionId: c2.id, reason: USER_TEXT[1] });
    await invoke(M.handlers, 'updateParticipant', { participantId: p.id, consentToName: false });

    // a revision to restore whose value is not the current one (the history is in time order, and
    // the department's revisions carry its own clock: which one comes third depends on timing)
    const history = await invoke(M.handlers, 'fieldHistory', { draftId: master, field: 'I.a' });
    const newest = history[0]!;
    const current = JSON.stringify((await invoke(M.handlers, 'getRevision', { revisionId: newest.id })).value);
    let older: string | undefined;
    for (const r of history.slice(1)) if (JSON.stringify((await invoke(M.handlers, 'getRevision', { revisionId: r.id })).value) !== current) older ??= r.id;
    await invoke(M.handlers, 'restoreRevision', { draftId: master, field: 'I.a', revisionId: older!, baseRevisionId: newest.id });

    const said: string[] = [];
    for (const x of await invoke(M.handlers, 'auditLog', { draftId: master })) if (x.why && !USER_TEXT.includes(x.why)) said.push(x.why);
    for (const field of Object.keys((await invoke(M.handlers, 'getDraft', { draftId: master })).fields)) for (const r of await invoke(M.handlers, 'fieldHistory', { draftId: master, field })) if (r.note) said.push(r.note);
    // each kind is there, from the real services
    for (const kind of [/^place 1: ours$/, /^place 1: edited$/, /^place 1: both$/, /^place 1: theirs$/, /^combined by hand$/, /^kept ours$/, /^merge conflict resolved: place 1: ours$/, /^opened for editing by /, /^accepted contribution .*workshop "Souss-Massa"/, /\(edited when accepted\)$/, /^consent to be named withdrawn/, /^restored from revision /]) {
      expect(said.some((n) => kind.test(n)), String(kind)).toBe(true);
    }
    await expectWorded(said);
    // the names the app gave the versions it kept: the merge, each review step
    const named = (await invoke(M.handlers, 'listVersions', { draftId: master })).filter((v) => v.kind !== 'manual').map((v) => v.label);
    for (const kind of [/^Merged from وزارة التشغيل$/, /^Submitted for review \(version 1\)$/, /^Returned with comments \(version 1\)$/, /^Approved \(version 1\)$/]) expect(named.some((n) => kind.test(n)), String(kind)).toBe(true);
    await expectWorded(named);
    const [fr, ar] = [await tFor('fr'), await tFor('ar')];
    const how = storedText('merge conflict resolved: place 1: ours, place 2: edited')!;
    expect(wordStored(how, fr, 'fr')).toBe('conflit de fusion résolu\u00a0: endroit 1\u00a0: le nôtre gardé et endroit 2\u00a0: rédigé à la main');
    expect(wordStored(how, ar, 'ar')).toBe('حُلّ تعارض الدمج: الموضع 1: أُبقي نصّنا والموضع 2: كُتب يدويًا');
    // the workshop's day inside the note, as the language writes a day (its page says "2 mars 2021"), never 2021-03-02
    const accepted = storedText(said.find((n) => /^accepted contribution .*workshop "Souss-Massa"/.test(n))!)!;
    expect(wordStored(accepted, fr, 'fr')).toMatch(/^contribution de F\. Amrani \(Association X\) reprise \(atelier «\u00a0Souss-Massa\u00a0», 2 mars 2021, Agadir\)$/);
    expect(wordStored(accepted, ar, 'ar')).toBe('أُدرجت مساهمة من F. Amrani (Association X) (ورشة العمل «Souss-Massa»، 2 مارس 2021، Agadir)');
  });

  it('a stored phrase with a part that is not one of the app\'s phrases is shown as written', () => {
    expect(storedText('merge conflict resolved: as I saw fit')).toBeNull();
    expect(storedText('place 1: ours, my own words')).toBeNull();
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

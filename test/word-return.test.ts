/**
 * A Word file exported from a draft, edited in Word, brought back into that draft
 * (main/services/word-return.ts): a three-way merge against the revisions it was exported from.
 * "Edited in Word" is made the way it happens without XML surgery: the content of another export
 * (a copy of the draft edited differently) under the properties of the first export, its last
 * editor set as Word sets it. In ar, fr and en.
 */
import { Hash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { invoke } from '../main/dispatch';
import { rewriteDocx } from '../main/interchange/docx-safety';
import type { Services } from '../main/services';
import { AppError } from '../shared/contract/common';
import { docText } from '../shared/doc';
import { textToDoc } from '../shared/plaintext';
import fc from 'fast-check';
import { contract } from '../shared/contract';
import { docWithTable } from './doc-fixtures';
import { fixture, makeServices, storeSnapshot } from './helpers';
import { ops, rng, zipOps, type Ctx, type Item } from './word/docx-mutations';
import { pack, unpack, zipText } from './bundle-tools';
import { commentsPart, commented, run } from './word/ooxml-parts';
import { pngBytes } from './picture-fixtures';

const save = async (s: Services, draftId: string, field: string, text: string) => {
  const base = (await invoke(s.handlers, 'getDraft', { draftId })).fields[field]?.revisionId ?? null;
  return invoke(s.handlers, 'saveField', { draftId, field, value: { kind: 'answer', doc: textToDoc(text) }, baseRevisionId: base });
};
const textOf = async (s: Services, draftId: string, field: string) => {
  const v = (await invoke(s.handlers, 'getDraft', { draftId })).fields[field]?.value;
  return v?.kind === 'answer' ? docText(v.doc) : null;
};
/** A text as the draft shows it back (docText of its paragraphs). */
const shown = (text: string) => docText(textToDoc(text));
const exportOf = async (s: Services, draftId: string) => Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId })).dataBase64, 'base64');
const revisionCount = (s: Services, draftId: string) => s.store.sql('SELECT count(*) FROM revisions r JOIN revision_drafts d ON d.n = r.draft WHERE d.id = ?').pluck().get(draftId) as number;
const merge = (s: Services, draftId: string, bytes: Buffer, fileName = 'retour.docx') => invoke(s.handlers, 'mergeDocx', { draftId, dataBase64: bytes.toString('base64'), fileName });

/**
 * A draft exported, and the same export "edited in Word": `word` writes the edits (on a copy of the
 * draft); the result carries the first export's properties, `lastSavedBy` as the last editor.
 */
async function editedInWord(s: Services, draftId: string, word: (copyId: string) => Promise<void>, lastSavedBy: string) {
  const sent = await exportOf(s, draftId);
  const copy = await invoke(s.handlers, 'duplicateDraft', { draftId, title: 'copy' });
  await word(copy.id);
  const core = (await zipText(sent, 'docProps/core.xml')).replace(/<cp:lastModifiedBy>[^<]*<\/cp:lastModifiedBy>/, `<cp:lastModifiedBy>${lastSavedBy}</cp:lastModifiedBy>`);
  const edited = await rewriteDocx(await exportOf(s, copy.id), new Map([
    ['docProps/core.xml', Buffer.from(core)],
    ['docProps/custom.xml', Buffer.from(await zipText(sent, 'docProps/custom.xml'))],
  ]));
  return { sent, edited, copyId: copy.id };
}

/** The file saved again in Word without a change to its text: other bytes (its revision number and time of saving), the same edits. */
async function savedAgain(bytes: Buffer): Promise<Buffer> {
  const core = (await zipText(bytes, 'docProps/core.xml'))
    .replace(/<cp:revision>(\d+)<\/cp:revision>/, (_, n: string) => `<cp:revision>${Number(n) + 1}</cp:revision>`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*/, '$12026-12-24T09:00:00Z');
  const again = await rewriteDocx(bytes, new Map([['docProps/core.xml', Buffer.from(core)]]));
  expect(again.equals(bytes)).toBe(false);
  return again;
}

const TEXT = {
  ar: {
    one: 'تتولى وزارة الداخلية تنسيق المراجعة الوطنية.',
    two: 'أُنشئت لجنة وطنية للهجرة سنة 2014.',
    twoWord: 'أُنشئت لجنة وطنية للهجرة واللجوء سنة 2014 بمرسوم.',
    oneApp: 'تتولى وزارة الداخلية ووزارة الخارجية تنسيق المراجعة الوطنية.',
    other: 'يشارك المجتمع المدني في الاستعراض.',
  },
  fr: {
    one: 'Le ministère de l’Intérieur coordonne la revue nationale.',
    two: 'Une commission nationale a été créée en 2014.',
    twoWord: 'Une commission nationale des migrations a été créée en 2014 par décret.',
    oneApp: 'Le ministère de l’Intérieur et celui des Affaires étrangères coordonnent la revue nationale.',
    other: 'La société civile participe à la revue.',
  },
  en: {
    one: 'The Ministry of the Interior coordinates the national review.',
    two: 'A national commission was set up in 2014.',
    twoWord: 'A national commission on migration was set up in 2014 by decree.',
    oneApp: 'The Ministries of the Interior and of Foreign Affairs coordinate the national review.',
    other: 'Civil society takes part in the review.',
  },
} as const;

describe('a Word file edited outside the app, brought back into its draft', () => {
  for (const lang of ['ar', 'fr', 'en'] as const) {
    it(`${lang}: Word's change and the draft's own change to other places are both kept; the same file again changes nothing`, async () => {
      const x = TEXT[lang];
      const s = makeServices();
      const d = await invoke(s.handlers, 'createDraft', { title: `Revue ${lang}`, country: 'Maroc', language: lang });
      await save(s, d.id, 'I.a', `${x.one}\n\n${x.two}`);
      await save(s, d.id, 'II.a', x.other);
      const exportedIa = (await invoke(s.handlers, 'getDraft', { draftId: d.id })).fields['I.a']!.revisionId;
      // in Word: the second paragraph of I.a reworded, an answer to I.c added
      const { edited } = await editedInWord(s, d.id, async (c) => {
        await save(s, c, 'I.a', `${x.one}\n\n${x.twoWord}`);
        await save(s, c, 'I.c', x.other);
      }, lang === 'ar' ? 'أحمد بنعلي' : 'Amina Alaoui');
      // meanwhile in the app: the first paragraph of I.a, and II.a
      await save(s, d.id, 'I.a', `${x.oneApp}\n\n${x.two}`);
      await save(s, d.id, 'II.a', `${x.other} ${x.two}`);

      // (its name with a right-to-left override, as a hostile name may hold: the history names the file without it)
      const r = await merge(s, d.id, edited, 'retour\u202E.docx');
      expect(r.fileName).toBe('retour.docx');
      expect(Object.fromEntries(r.fields.map((f) => [f.field, f.outcome]))).toEqual({ 'I.a': 'merged', 'I.c': 'new' });
      expect(r.emptied).toEqual([]);
      expect(r.already).toBe(false);
      expect(await textOf(s, d.id, 'I.a')).toBe(shown(`${x.oneApp}\n\n${x.twoWord}`));
      expect(await textOf(s, d.id, 'I.c')).toBe(shown(x.other));
      expect(await textOf(s, d.id, 'II.a')).toBe(`${x.other} ${x.two}`); // not in Word's changes: the app's stays
      // Word's text is a revision of its own: its parent the exported one, its author the file's last editor (a claim, said as such)
      const history = await invoke(s.handlers, 'fieldHistory', { draftId: d.id, field: 'I.a' });
      const word = history.filter((h) => h.authorOrganisation === 'Word file retour.docx');
      expect(word).toHaveLength(1);
      expect(word[0]).toMatchObject({ authorName: lang === 'ar' ? 'أحمد بنعلي' : 'Amina Alaoui', parentId: exportedIa });

      const count = revisionCount(s, d.id);
      const again = await merge(s, d.id, edited);
      expect(again.already).toBe(true);
      expect(revisionCount(s, d.id)).toBe(count);
      expect(await textOf(s, d.id, 'I.a')).toBe(shown(`${x.oneApp}\n\n${x.twoWord}`));
      // saved again in Word, its text unchanged (new bytes, so new ids): the same edits are already here, nothing written
      const resaved = await merge(s, d.id, await savedAgain(edited));
      expect([resaved.already, resaved.fields.map((f) => f.outcome)]).toEqual([true, ['up-to-date', 'up-to-date']]);
      expect(revisionCount(s, d.id)).toBe(count);
      expect(await textOf(s, d.id, 'I.a')).toBe(shown(`${x.oneApp}\n\n${x.twoWord}`));
    });
  }

  it('fr: both changed the same paragraph: a conflict to decide, the draft keeping its text meanwhile; an answer emptied in Word is not emptied', async () => {
    const x = TEXT.fr;
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', language: 'fr' });
    await save(s, d.id, 'I.a', `${x.one}\n\n${x.two}`);
    await save(s, d.id, 'I.b', x.other);
    const { edited } = await editedInWord(s, d.id, async (c) => {
      await save(s, c, 'I.a', `${x.one}\n\n${x.twoWord}`);
      await save(s, c, 'I.b', '');
    }, 'Amina Alaoui');
    await save(s, d.id, 'I.a', `${x.one}\n\n${x.two} Elle se réunit deux fois par an.`);
    const r = await merge(s, d.id, edited);
    expect(r.fields).toEqual([{ field: 'I.a', outcome: 'conflict' }]);
    expect(r.emptied).toEqual(['I.b']);
    expect(await textOf(s, d.id, 'I.a')).toBe(shown(`${x.one}\n\n${x.two} Elle se réunit deux fois par an.`));
    expect(await textOf(s, d.id, 'I.b')).toBe(shown(x.other));
    const conflicts = await invoke(s.handlers, 'listConflicts', { draftId: d.id });
    expect(conflicts.map((c) => c.field)).toEqual(['I.a']);
    // the same file again while its conflict waits: said to be already here, no second conflict
    expect((await merge(s, d.id, edited)).already).toBe(true);
    expect(await invoke(s.handlers, 'listConflicts', { draftId: d.id })).toHaveLength(1);
    // and saved again in Word without a change to its text: the same edit waits in that conflict, nothing written
    const count = revisionCount(s, d.id);
    expect((await merge(s, d.id, await savedAgain(edited))).already).toBe(true);
    expect(await invoke(s.handlers, 'listConflicts', { draftId: d.id })).toHaveLength(1);
    expect(revisionCount(s, d.id)).toBe(count);
  });

  it('ar: a question empty when exported, answered both in Word and in the app since: a conflict to decide, not both texts joined', async () => {
    const x = TEXT.ar;
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'مراجعة', language: 'ar' });
    await save(s, d.id, 'I.a', x.one);
    await save(s, d.id, 'I.b', x.two);
    await save(s, d.id, 'I.b', ''); // answered, then emptied before the export
    // I.c never answered, I.b emptied: each answered in Word, and in the app by someone else
    const { edited } = await editedInWord(s, d.id, async (c) => {
      await save(s, c, 'I.b', x.twoWord);
      await save(s, c, 'I.c', x.other);
    }, 'أحمد بنعلي');
    await save(s, d.id, 'I.b', x.two);
    await save(s, d.id, 'I.c', x.oneApp);
    const r = await merge(s, d.id, edited);
    expect(r.fields).toEqual([{ field: 'I.b', outcome: 'conflict' }, { field: 'I.c', outcome: 'conflict' }]);
    expect([await textOf(s, d.id, 'I.b'), await textOf(s, d.id, 'I.c')]).toEqual([shown(x.two), shown(x.oneApp)]); // the draft's until decided
    const conflicts = await invoke(s.handlers, 'listConflicts', { draftId: d.id });
    const c = conflicts.find((k) => k.field === 'I.c')!;
    // one place, the whole of each answer
    expect(c.places.map((p) => [docText(p.base), docText(p.ours), docText(p.theirs)])).toEqual([['', shown(x.oneApp), shown(x.other)]]);
    await invoke(s.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'theirs' });
    expect(await textOf(s, d.id, 'I.c')).toBe(shown(x.other));
    // the file saved again: its answers already here (I.c decided, I.b waiting), nothing new
    expect((await merge(s, d.id, await savedAgain(edited))).already).toBe(true);
    expect(await invoke(s.handlers, 'listConflicts', { draftId: d.id })).toHaveLength(1);
  });

  it('ar: a comment written in Word on an answer becomes a comment thread on its question, once however often the file comes back', async () => {
    const x = TEXT.ar;
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'مراجعة', language: 'ar' });
    await save(s, d.id, 'I.a', x.one);
    // Word's way: comments.xml, its relationship and content type, the commented run in the body
    const items = await unpack(await exportOf(s, d.id));
    const part = (name: string) => items.find((i) => i.name === name)!;
    const doc = part('word/document.xml');
    const at = doc.data.toString('utf8');
    const runOf = new RegExp(`<w:r>(?:(?!<w:r>).)*?${x.one.slice(0, 12)}.*?</w:r>`, 's').exec(at)![0];
    doc.data = Buffer.from(at.replace(runOf, commented(1, runOf)));
    const rels = part('word/_rels/document.xml.rels');
    rels.data = Buffer.from(rels.data.toString('utf8').replace('</Relationships>', '<Relationship Id="rIdGcmC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'));
    const types = part('[Content_Types].xml');
    types.data = Buffer.from(types.data.toString('utf8').replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'));
    items.push({ name: 'word/comments.xml', data: Buffer.from(commentsPart({ 1: ['أحمد بنعلي', '2026-11-30T10:00:00Z', [run('أي سنة؟')]] })) });
    const edited = await pack(items);
    const r = await merge(s, d.id, edited);
    expect([r.fields, r.commentsAdded]).toEqual([[], 1]);
    const threads = await invoke(s.handlers, 'listComments', { draftId: d.id, field: 'I.a' });
    expect(threads.map((c) => [c.body, c.authorName])).toEqual([['أي سنة؟', 'أحمد بنعلي']]);
    const again = await merge(s, d.id, edited);
    expect([again.fields, again.commentsAdded]).toEqual([[], 0]);
    expect(await invoke(s.handlers, 'listComments', { draftId: d.id, field: 'I.a' })).toHaveLength(1);
  });

  it('fr: pictures: those the export drew after an answer are no edit; one added in Word becomes an attachment of its question, in its place, once', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', language: 'fr' });
    await save(s, d.id, 'I.a', 'Texte.\n\n[Picture 1: carte]\n\nSuite.');
    const attach = (draftId: string, name: string, w: number) => invoke(s.handlers, 'addAttachmentData', { draftId, field: 'I.a', name, base64: pngBytes(w, 20).toString('base64') });
    await attach(d.id, 'carte.png', 40);
    await attach(d.id, 'graphique.png', 60); // no placeholder names it: drawn after the answer with a caption
    // exported and brought back as it was: nothing changed (the drawn-after picture came back as a placeholder paragraph at the end: Word's text seemed changed)
    const same = await merge(s, d.id, await exportOf(s, d.id));
    expect([same.fields, same.unchanged, same.picturesAdded]).toEqual([[], 1, 0]);
    // in Word: a new chart inserted after "Suite."
    const { edited } = await editedInWord(s, d.id, async (c) => {
      await save(s, c, 'I.a', 'Texte.\n\n[Picture 1: carte]\n\nSuite.\n\n[Picture 3: nouveau graphique]');
      await attach(c, 'nouveau graphique.png', 80);
    }, 'Amina Alaoui');
    // the new picture's bytes are hashed once, to tell whether the draft holds it and to store it (the hash passed along)
    const added = pngBytes(80, 20);
    const hashing = vi.spyOn(Hash.prototype, 'update');
    const r = await merge(s, d.id, edited);
    const hashed = hashing.mock.calls.filter(([data]) => Buffer.isBuffer(data) && data.equals(added)).length;
    hashing.mockRestore();
    expect(hashed).toBe(1);
    expect([r.fields, r.picturesAdded, r.picturesNotPlaced]).toEqual([[{ field: 'I.a', outcome: 'fast-forward' }], 1, 0]);
    const names = (await invoke(s.handlers, 'listAttachments', { draftId: d.id })).filter((a) => a.field === 'I.a').map((a) => a.name).sort();
    expect(names).toEqual(['carte.png', 'graphique.png', 'nouveau graphique.png']);
    expect(await textOf(s, d.id, 'I.a')).toContain('nouveau graphique]');
    // drawn in its place by the next export: three pictures, none twice
    const media = (await unpack(await exportOf(s, d.id))).filter((e) => e.name.startsWith('word/media/'));
    expect(media).toHaveLength(3);
    const again = await merge(s, d.id, edited);
    expect([again.fields, again.picturesAdded]).toEqual([[], 0]);
  });

  it('a paragraph whose text the import cuts into nodes otherwise ("[1] " and the note\'s text, joined in Word) is no change', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', language: 'fr' });
    const split = { type: 'doc' as const, content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: '[1] ' }, { type: 'text' as const, text: 'Source : rapport du ministère 2014.' }] }] };
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: split }, baseRevisionId: null });
    const r = await merge(s, d.id, await exportOf(s, d.id));
    expect([r.fields, r.unchanged]).toEqual([[], 1]);
  });

  it('refused, changing nothing: a file from another draft, one without our properties, one made from revisions this draft does not have, an older export that does not list them', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review', language: 'en' });
    await save(s, d.id, 'I.a', TEXT.en.one);
    const other = await invoke(s.handlers, 'createDraft', { title: 'Other review', language: 'en' });
    await save(s, other.id, 'I.a', TEXT.en.two);
    const fromOther = await exportOf(s, other.id);
    const own = await exportOf(s, d.id);
    const stripped = await rewriteDocx(own, new Map([['docProps/custom.xml', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>')]]));
    const custom = await zipText(own, 'docProps/custom.xml');
    const revision = (await invoke(s.handlers, 'getDraft', { draftId: d.id })).fields['I.a']!.revisionId;
    const foreignRevision = await rewriteDocx(own, new Map([['docProps/custom.xml', Buffer.from(custom.replace(revision, '0190a4c2-1111-7222-8333-444455556666'))]]));
    // as an export made before the revisions were listed: no count, and so no way to tell what Word changed
    const older = await rewriteDocx(own, new Map([['docProps/custom.xml', Buffer.from(custom.replace(/<property [^>]*name="GCM (fields exported|revision [^"]+)"[^>]*>.*?<\/property>/g, ''))]]));
    const before = revisionCount(s, d.id);
    const refusal = async (bytes: Buffer) => {
      const e = await merge(s, d.id, bytes).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).details as { messageKey: string };
    };
    expect((await refusal(fromOther)).messageKey).toBe('wordReturn.otherDraft');
    expect((await refusal(stripped)).messageKey).toBe('wordReturn.notExported');
    expect((await refusal(foreignRevision)).messageKey).toBe('wordReturn.unknownRevision');
    expect((await refusal(older)).messageKey).toBe('wordReturn.olderExport');
    expect(revisionCount(s, d.id)).toBe(before);
    expect(await textOf(s, d.id, 'I.a')).toBe(shown(TEXT.en.one));
  });
});

/**
 * Damaged files (./word/docx-mutations.ts, the mutations the scratch fuzzer ran): an export of a
 * draft in ar, fr and en (a table, nested lists, pictures) and another tool's file (footnotes,
 * comments, a picture) under that export's properties, mutated, then imported as a new draft and
 * merged back into the draft. Each ends in a clean import or merge (the draft readable, its
 * answers valid by the contract) or in a bad_file / invalid_input refusal that changed nothing.
 * Before the fixes: internal errors (footnote and comment marks without their notes or comments,
 * pictures without their relationship, rows without cells, a body lost) and refusals of a whole
 * file for one cell spanning 10,000 columns.
 */
describe('damaged Word files', () => {
  it('import and merge end clean or in a refusal that changed nothing, whatever was damaged', async () => {
    const s = makeServices();
    const ctx: Ctx = { exports: [] };
    const seeds: Array<{ items: Item[]; draftId: string }> = [];
    for (const lang of ['ar', 'fr', 'en'] as const) {
      const d = await invoke(s.handlers, 'createDraft', { title: `Revue ${lang}`, country: 'Maroc', language: lang });
      await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: docWithTable(lang) }, baseRevisionId: null });
      await save(s, d.id, 'I.b', `${TEXT[lang].one}\n\n- ${TEXT[lang].two}\n  - ${TEXT[lang].other}`);
      await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: 'chart.png', base64: pngBytes(40, 20).toString('base64') });
      const items = await unpack(await exportOf(s, d.id));
      ctx.exports.push({ draftId: d.id, items, revisions: [], bytes: Buffer.alloc(0) });
      seeds.push({ items, draftId: d.id });
    }
    const other = await unpack(fixture('word/pandoc-fr-headings-typed.docx'));
    const props = (i: Item) => i.name === 'docProps/custom.xml' || i.name === 'docProps/core.xml';
    seeds.push({ items: [...other.filter((i) => !props(i)), ...ctx.exports[1]!.items.filter(props)], draftId: ctx.exports[1]!.draftId });
    const names = Object.keys(ops);
    const outcomes = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }), fc.nat(), fc.option(fc.constantFrom(...Object.keys(zipOps)), { freq: 6 }), async (k, applied, n, zipOp) => {
        const r = rng(n);
        const items = seeds[k]!.items.map((i) => ({ ...i, data: Buffer.from(i.data) }));
        for (const op of applied) await ops[op]!(items, r, ctx);
        const bytes = zipOp ? zipOps[zipOp]!(await pack(items), r) : await pack(items);
        for (const call of [
          async () => (await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'abîmé.docx' })).draft.id,
          async () => (await merge(s, seeds[k]!.draftId, bytes)).draftId,
        ]) {
          const before = storeSnapshot(s);
          const draftId = await call().catch((e: unknown) => {
            expect(e, `${applied.join('+')} ${zipOp ?? ''}`).toBeInstanceOf(AppError);
            expect(['bad_file', 'invalid_input'], (e as Error).message).toContain((e as AppError).code);
            expect(storeSnapshot(s)).toBe(before);
            return null;
          });
          outcomes[draftId ? 'ok' : 'refused']++;
          if (draftId) contract.getDraft.output.parse(await invoke(s.handlers, 'getDraft', { draftId }));
        }
      }),
      { seed: 2026, numRuns: 40 },
    );
    // both outcomes were reached
    expect(outcomes.ok).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  }, 60_000);
});

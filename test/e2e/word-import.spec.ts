/**
 * Importing Word reviews through the UI: a French one (automatic "a)" labels, pictures, footnotes,
 * a table in an answer) with the interface in French, and an Arabic one (headings layout, Arabic
 * automatic labels) with the interface in Arabic. The report says what was filled, what became
 * attachments, which footnotes were kept; the answers open with their tables and attachments.
 * The draft, exported to Word and imported again, comes back with its title, country, authority
 * and language, which the report lists as taken from the file; the same file edited in Word is
 * brought back into the draft (a merge, not a new draft), and the screen says what it did. An older
 * Word document (.doc, as LibreOffice saves one) chosen first is refused with a sentence saying what
 * it is and what to do, in the interface's language (right to left in Arabic). The report, shown,
 * has the focus on its heading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rewriteDocx } from '../../main/interchange/docx-safety';
import { zipText } from '../bundle-tools';
import { expect, test, withDraft } from './fixtures';
import { root } from './global-setup';

const fixture = (name: string, ext = 'docx') => path.join(root, 'test', 'fixtures', 'word', `${name}.${ext}`);

const CASES = [
  {
    lang: 'fr' as const,
    file: 'docx-fr-table-auto',
    filled: 'Questions remplies : 21 sur 23',
    pictures: /3 images sont devenues des pièces jointes/,
    footnotes: '4 notes de bas de page ont été conservées à la fin de leur réponse.',
    question: 'I.d',
    cell: 'Bénéficiaires',
    picturesQuestion: 'I.e',
    picture: 'Graphique des régularisations I.e.png',
    country: 'Maroc',
    authority: 'Ministère des Affaires étrangères',
    edited: 'Texte revu dans Word par le ministère de l’Intérieur.',
    openReturn: 'Réintégrer depuis Word…',
    returnFile: 'Fichier Word (.docx) exporté depuis ce brouillon',
    returnButton: 'Réintégrer dans ce brouillon',
    returned: 'Réintégré depuis «\u00a0fr-edited.docx\u00a0». Reprises telles qu’écrites dans Word\u00a0: 1\u202f; fusionnées avec les modifications faites ici\u00a0: 0\u202f; conflits à trancher\u00a0: 0\u202f; inchangées\u00a0: 20.',
    already: '«\u00a0fr-edited.docx\u00a0» a déjà été réintégré dans ce brouillon\u00a0: rien n’a changé.',
    olderWord: [/^Il s’agit d’un ancien document Word \(\.doc, Word 97-2003\)/, /^Ouvrez-le dans Word \(ou LibreOffice\) et enregistrez-le en tant que «\u00a0Document Word \(\.docx\)\u00a0», puis importez ce fichier\.$/],
    fromFile: ['Titre\u00a0: docx-fr-table-auto', 'Pays\u00a0: Maroc', 'Autorité soumettant l’examen\u00a0: Ministère des Affaires étrangères', 'Langue du document\u00a0: français'],
  },
  {
    lang: 'ar' as const,
    file: 'docx-ar-headings-auto',
    filled: 'الأسئلة المُجاب عنها: 23 من 23',
    pictures: /أصبحت 3 صور مرفقات لأسئلتها/,
    footnotes: 'حُفظت 5 حواشٍ في آخر إجاباتها.',
    question: 'I.d',
    cell: 'المستفيدون',
    picturesQuestion: 'I.e',
    picture: 'رسم بياني للتسويات I.e.png',
    country: 'المغرب',
    authority: 'وزارة الشؤون الخارجية',
    edited: 'نص رُوجع في Word من قبل وزارة الداخلية.',
    openReturn: 'إعادة الدمج من Word…',
    returnFile: /ملف Word .*مُصدَّر من هذه المسودة/,
    returnButton: 'إعادة الدمج في هذه المسودة',
    returned: 'أُعيد الدمج من «ar-edited.docx». إجابات اعتُمدت كما كُتبت في Word: 1؛ إجابات دُمجت مع التعديلات التي أُجريت هنا: 0؛ تعارضات تنتظر القرار: 0؛ دون تغيير: 22.',
    already: 'سبق دمج «ar-edited.docx» في هذه المسودة: لم يتغير شيء.',
    olderWord: [/^هذا مستند Word من إصدار أقدم \(\u200e\.doc\u200e،\u200f Word 97-2003\)/, /^افتحه في Word \(أو LibreOffice\) واحفظه بصيغة/],
    fromFile: ['العنوان: docx-ar-headings-auto', 'البلد: المغرب', 'الجهة المقدِّمة: وزارة الشؤون الخارجية', 'لغة المستند: العربية'],
  },
];

for (const c of CASES)
  test(`imports ${c.lang === 'fr' ? 'a French' : 'an Arabic'} Word review through the UI, with its report, tables and pictures`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    await withDraft(app);
    await page.goto(app.url);
    await page.getByLabel('Language').selectOption(c.lang);
    await page.evaluate(() => (location.hash = '#/exchange/text'));
    const fileLabel = c.lang === 'fr' ? 'Fichier Word (.docx) ou texte' : /ملف Word/;
    const importButton = page.getByRole('button', { name: c.lang === 'fr' ? 'Importer' : 'استيراد', exact: true });

    // an older Word document: what it is and what to do, in the interface's language, nothing imported
    await page.getByLabel(fileLabel).setInputFiles(fixture('older-word-97', 'doc'));
    await importButton.click();
    const refusal = page.getByRole('alert');
    await expect(refusal.locator('p')).toHaveText(c.olderWord);
    await expect(refusal).toHaveCSS('direction', c.lang === 'ar' ? 'rtl' : 'ltr');
    await expect(refusal).not.toContainText('zip');
    expect(await app.cliJson('draft', 'list', '--json')).toHaveLength(1); // withDraft's only
    // a .docx cut short (a copy or download that did not finish): damaged, said so with what to do (was: "This file cannot be read.")
    const words = JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `file-kind.${c.lang}.json`), 'utf8')).msg.fileKind;
    const whole = fs.readFileSync(fixture(c.file));
    await page.getByLabel(fileLabel).setInputFiles({ name: `${c.file}.docx`, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: whole.subarray(0, whole.length >> 1) });
    await importButton.click();
    await expect(refusal.locator('p').first()).toHaveText(words.damaged);
    await expect(refusal).toContainText(words.saveAsDocx);
    expect(await app.cliJson('draft', 'list', '--json')).toHaveLength(1);

    await page.getByLabel(fileLabel).setInputFiles(fixture(c.file));
    await importButton.click();
    const report = page.getByTestId('import-report');
    await expect(report).toContainText(c.filled, { timeout: 60_000 });
    await expect(report).toContainText(c.pictures);
    await expect(report.getByTestId('import-pictures')).toContainText(c.picture);
    await expect(report).toContainText(c.footnotes);
    // the report has the focus on its heading (it was left on the Import button), and Tab goes on to its link
    await expect(report.getByRole('heading', { level: 2 })).toBeFocused();
    await report.getByRole('link', { name: c.lang === 'fr' ? /Ouvrir/ : /فتح/ }).click();
    const draftId = /#\/draft\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // the answer with a table opens with it, header row and all
    await page.evaluate(([d, q]) => (location.hash = `#/draft/${d}/${q}`), [draftId, c.question] as const);
    const editor = page.locator('.answer-editor');
    await expect(editor.locator('table th').nth(1)).toHaveText(c.cell);
    await expect(editor.locator('table tr')).toHaveCount(4);

    // the picture is an attachment of its question
    await page.evaluate(([d, q]) => (location.hash = `#/draft/${d}/${q}`), [draftId, c.picturesQuestion] as const);
    await expect(page.locator('.x-attachments')).toContainText(c.picture);
    const atts = await app.cliJson<Array<{ field: string; name: string }>>('attach', 'list', draftId, '--json');
    expect(atts.map((a) => [a.field, a.name])).toContainEqual([c.picturesQuestion, c.picture]);

    // the Word file the app exports, imported again: the new draft takes its title, country,
    // authority and language from it, and the report says so in the interface's language
    const exported = path.join(path.dirname(app.db), `${c.lang}-export.docx`);
    expect((await app.cli('draft', 'set', draftId, '--language', c.lang, '--country', c.country, '--authority', c.authority)).code).toBe(0);
    expect((await app.cli('export', 'docx', draftId, '--out', exported)).code).toBe(0);
    await page.evaluate(() => (location.hash = '#/exchange/text'));
    await page.getByLabel(fileLabel).setInputFiles(exported);
    await importButton.click();
    await expect(page.getByTestId('import-from-file').getByRole('listitem')).toHaveText(c.fromFile, { timeout: 60_000 });

    // the same export edited in Word by someone without the app (a copy's text under the export's
    // properties), brought back into the draft from its tools: Word's change taken, a merge, not a new draft
    const dir = path.dirname(app.db);
    const copy = (await app.cli('draft', 'duplicate', draftId)).out.trim();
    expect((await app.cli('answer', 'set', copy, 'I.a', '--text', c.edited)).code).toBe(0);
    expect((await app.cli('export', 'docx', copy, '--out', path.join(dir, 'copy.docx'))).code).toBe(0);
    const edited = path.join(dir, `${c.lang}-edited.docx`);
    const own = await zipText(fs.readFileSync(exported), 'docProps/custom.xml');
    fs.writeFileSync(edited, await rewriteDocx(fs.readFileSync(path.join(dir, 'copy.docx')), new Map([['docProps/custom.xml', Buffer.from(own)]])));
    const drafts = (await app.cliJson<unknown[]>('draft', 'list', '--json')).length;
    await page.evaluate((d) => (location.hash = `#/draft/${d}/I.a`), draftId);
    await page.getByRole('button', { name: c.openReturn }).click();
    await page.getByLabel(c.returnFile).setInputFiles(edited);
    await page.getByRole('button', { name: c.returnButton }).press('Enter');
    await expect(page.getByTestId('word-return-done')).toHaveText(c.returned, { timeout: 60_000 });
    await expect(page.getByTestId('word-return-changed')).toContainText('I.a');
    expect(await page.locator('.x-word-return').evaluate((el) => getComputedStyle(el).direction)).toBe(c.lang === 'ar' ? 'rtl' : 'ltr');
    await expect(page.locator('.answer-editor')).toContainText(c.edited);
    // the question reopened on Word's text, the focus still on the button, just above the report (not moved to the question's heading)
    await expect(page.getByRole('button', { name: c.returnButton })).toBeFocused();
    // the file saved again in Word, its text unchanged (other bytes, so other ids; the same name, from
    // another folder: the page's reference to the first file stays that file's): already here, said so
    const core = (await zipText(fs.readFileSync(edited), 'docProps/core.xml')).replace(/<cp:revision>(\d+)<\/cp:revision>/, (_, n: string) => `<cp:revision>${Number(n) + 1}</cp:revision>`);
    const resaved = path.join(dir, 'saved-again', path.basename(edited));
    fs.mkdirSync(path.dirname(resaved));
    fs.writeFileSync(resaved, await rewriteDocx(fs.readFileSync(edited), new Map([['docProps/core.xml', Buffer.from(core)]])));
    await page.getByLabel(c.returnFile).setInputFiles(resaved);
    await page.getByRole('button', { name: c.returnButton }).click();
    await expect(page.locator('.x-word-return')).toContainText(c.already, { timeout: 60_000 });
    await expect(page.getByTestId('word-return-done')).toHaveCount(0);
    expect((await app.cliJson<unknown[]>('draft', 'list', '--json')).length).toBe(drafts);
    expect(problems).toEqual([]);
  });

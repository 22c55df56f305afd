/**
 * Importing Word reviews through the UI: a French one (automatic "a)" labels, pictures, footnotes,
 * a table in an answer) with the interface in French, and an Arabic one (headings layout, Arabic
 * automatic labels) with the interface in Arabic. The report says what was filled, what became
 * attachments, which footnotes were kept; the answers open with their tables and attachments.
 * The draft, exported to Word and imported again, comes back with its title, country, authority
 * and language, which the report lists as taken from the file.
 */
import path from 'node:path';
import { expect, test, withDraft } from './fixtures';
import { root } from './global-setup';

const fixture = (name: string) => path.join(root, 'test', 'fixtures', 'word', `${name}.docx`);

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
    await page.getByLabel(fileLabel).setInputFiles(fixture(c.file));
    const importButton = page.getByRole('button', { name: c.lang === 'fr' ? 'Importer' : 'استيراد', exact: true });
    await importButton.click();
    const report = page.getByTestId('import-report');
    await expect(report).toContainText(c.filled, { timeout: 60_000 });
    await expect(report).toContainText(c.pictures);
    await expect(report.getByTestId('import-pictures')).toContainText(c.picture);
    await expect(report).toContainText(c.footnotes);
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
    expect(problems).toEqual([]);
  });

import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';

const NAMES = {
  en: { lang: 'English', insert: 'Insert table', addRow: 'Add row below', deleteTable: 'Delete table', underline: 'Underline' },
  fr: { lang: 'Langue', insert: 'Insérer un tableau', addRow: 'Ajouter une ligne en dessous', deleteTable: 'Supprimer le tableau', underline: 'Souligné' },
  ar: { lang: 'اللغة', insert: 'إدراج جدول', addRow: 'إضافة صف أدناه', deleteTable: 'حذف الجدول', underline: 'تسطير' },
} as const;

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`a table is inserted, filled and saved from the toolbar (${lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    await page.goto(app.url);
    if (lang !== 'en') await page.getByLabel('Language').selectOption(lang);
    await openQuestion(page, app, draftId, 'II.c');
    const n = NAMES[lang];
    const editor = page.locator('.answer-editor');
    await editor.click();
    await page.keyboard.type(lang === 'ar' ? 'أرقام:' : 'Figures:');
    await page.getByRole('button', { name: n.insert }).click();
    await expect(editor.locator('table th')).toHaveCount(2);
    // Type through the cells with Tab, as in Word.
    const cells = lang === 'ar' ? ['السنة', 'العدد', '2014', '18000', '2017', '28400'] : ['Year', 'Count', '2014', '18000', '2017', '28400'];
    for (const [i, c] of cells.entries()) {
      await page.keyboard.type(c);
      if (i < cells.length - 1) await page.keyboard.press('Tab');
    }
    await page.getByRole('button', { name: n.addRow }).click();
    await expect(editor.locator('table tr')).toHaveCount(4);
    await page.keyboard.press('Tab');
    await page.keyboard.type('2020');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+u');
    await page.keyboard.type('5');
    await waitSaved(page);
    const got = await app.cliJson<{ text: string }>('answer', 'get', draftId, 'II.c', '--json');
    const [h1, h2] = cells;
    expect(got.text).toContain(`| ${h1} | ${h2} |\n| --- | --- |\n| 2014 | 18000 |\n| 2017 | 28400 |\n| 2020 | 5 |`);
    const json = await app.cliJson<{ value: { doc: { content: Array<{ type: string }> } } }>('answer', 'get', draftId, 'II.c', '--json');
    expect(json.value.doc.content.map((b) => b.type)).toEqual(['paragraph', 'table']);
    expect(JSON.stringify(json.value.doc)).toContain('{"type":"text","text":"5","marks":[{"type":"underline"}]}');
    // A table cannot go inside a table: the insert button is disabled there.
    await expect(page.getByRole('button', { name: n.insert })).toHaveAttribute('aria-disabled', 'true');
    await page.getByRole('button', { name: n.deleteTable }).click();
    await expect(editor.locator('table')).toHaveCount(0);
    expect(problems).toEqual([]);
  });
}

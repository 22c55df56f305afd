/**
 * A text file saved on Windows in a legacy code page imports from the screen, and the report says
 * which encoding it was read in, in the interface's language (en, fr, ar).
 */
import path from 'node:path';
import { expect, test, useLanguage } from './fixtures';
import { root } from './global-setup';

const file = (name: string) => path.join(root, 'test', 'fixtures', 'encodings', name);

const CASES = [
  { lang: 'en', file: 'fr.windows-1252.txt', said: 'Text encoding read: Windows-1252 (Western European).', answer: 'Ministère de l’Intérieur' },
  { lang: 'fr', file: 'fr.windows-1252.txt', said: 'Encodage du texte lu : Windows-1252 (Europe occidentale).', answer: 'Ministère de l’Intérieur' },
  { lang: 'ar', file: 'ar.windows-1256.txt', said: 'ترميز النص المقروء: Windows-1256 (العربية).', answer: 'وزارة الداخلية' },
];

test('a Windows-1252/1256 text file imports from the screen; the report names its encoding in en, fr and ar', async ({ page, app }) => {
  expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministry of Interior')).code).toBe(0);
  await page.goto(app.url);
  for (const c of CASES) {
    await useLanguage(page, c.lang);
    await page.evaluate(() => (location.hash = '#/exchange/text'));
    await page.locator('input[type=file]').setInputFiles(file(c.file));
    await page.locator('form.x-form button[type=submit]').click();
    const report = page.getByTestId('import-report');
    await expect(report.getByTestId('import-encoding')).toHaveText(c.said);
    const draftId = /#\/draft\/([0-9a-f-]{36})/.exec((await report.locator('a').last().getAttribute('href'))!)![1]!;
    expect((await app.cli('answer', 'get', draftId, 'I.c')).out).toContain(c.answer);
    await page.evaluate(() => (location.hash = '#/'));
  }
});

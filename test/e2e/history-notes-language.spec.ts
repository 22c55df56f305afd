import path from 'node:path';
import { expect, openQuestion, test, useLanguage } from './fixtures';
import { root } from './global-setup';

/**
 * The notes the services store with a revision ("imported from text:FILE", "placed from import…",
 * "merged from bundle…") are shown in the interface language in the history panel, the file name
 * isolated as the user's own text (test/stored-words.test.ts checks every such phrase).
 */
test("the history's note on an imported answer is in the interface language (en, fr, ar)", async ({ page, app, problems }) => {
  expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministère de l’Intérieur')).code).toBe(0);
  const r = await app.cli('import', 'text', path.join(root, 'test', 'fixtures', 'seed-morocco.txt'));
  expect(r.code, r.err).toBe(0);
  await openQuestion(page, app, r.out.trim(), 'I.b');
  await page.getByRole('button', { name: 'History' }).click();
  const note = page.locator('.revisions > li.hist-session-row').first().locator('.rev-note');
  await expect(note).toHaveText('imported from the file seed-morocco.txt');
  await useLanguage(page, 'fr');
  await expect(note).toHaveText('importé du fichier seed-morocco.txt');
  await useLanguage(page, 'ar');
  await expect(note).toHaveText('مستورد من الملف seed-morocco.txt');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(problems).toEqual([]);
});

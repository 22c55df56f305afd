/**
 * Issue 12: a department's returned draft imported into the master through the import screen: the
 * merge's outcome is said in the interface language (en, fr, ar), and the file the department
 * attached arrives on the question (test/merge-attachments.test.ts has the service side).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, withDraft } from './fixtures';
import { makeConflict } from './conflict-setup';

const SAID = {
  en: /Merged from .*Karim.*Answers merged: 0; taken: 0; unchanged: 0; conflicts to resolve: 1; attached files added: 1\./,
  fr: /Fusionné depuis .*Karim.*Réponses fusionnées\u00a0: 0\u202f; reprises\u00a0: 0\u202f; inchangées\u00a0: 0\u202f; conflits à résoudre\u00a0: 1\u202f; fichiers joints ajoutés\u00a0: 1\./,
  ar: /دُمج من .*Karim.*تعارضات للحل: ١?1?؛ ملفات مرفقة أضيفت: ١?1?\./,
} as const;

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`${lang}: a returned draft merged from the import screen says what it did, and its attachment arrives`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    await withDraft(app);
    const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-returned-')), 'back.gcmr');
    const master = await makeConflict(app.db, 'returned', bundle);
    await page.goto(app.url);
    if (lang !== 'en') await page.getByLabel('Language', { exact: true }).selectOption(lang);
    await page.evaluate(() => (location.hash = '#/exchange/import'));
    await page.locator('form.x-form input[type="file"]').setInputFiles(bundle);
    await page.locator('form.x-form button[type="submit"]').click();
    const result = page.getByTestId('verify-result');
    await result.locator('.x-confirm select').selectOption(master);
    await result.locator('.x-confirm button.primary').click();
    await expect(result.locator('p.x-ok[role="status"]')).toContainText(SAID[lang]);
    const files = JSON.parse((await app.cli('attach', 'list', master, '--json')).out) as Array<{ field: string; name: string; authorName: string }>;
    expect(files.map((f) => [f.field, f.name, f.authorName])).toEqual([['II.a', 'law-27-14.pdf', 'Karim']]);
    expect(problems).toEqual([]);
  });
}

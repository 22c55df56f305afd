/**
 * The daily backups on screen (home/Backups.tsx), in en/fr/ar: a backup made, a draft written after
 * it, the backup restored from the list after a confirmation; the drafts are then as in the backup,
 * and the store as it was is kept beside it (named on screen). Also reached from the damaged-store banner.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { expect, literally, test, useLanguage, withDraft } from './fixtures';
import { root } from './global-setup';

const strings = (lang: string) => {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared/i18n', f), 'utf8'));
  return { s: read(`safety.${lang}.json`).safety, home: read(`${lang}.json`).home };
};

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`a backup is restored from the list after a confirmation; what was there is kept (${lang})`, async ({ page, app, problems }) => {
    const { s, home } = strings(lang);
    await withDraft(app, 'Kept in the backup');
    const made = await app.cli('backup', 'create');
    expect(made.code, made.err).toBe(0);
    const name = path.basename(made.out.trim());
    expect((await app.cli('draft', 'create', '--title', 'Written after the backup', '--country', 'Morocco')).code).toBe(0);

    await page.goto(app.url);
    await useLanguage(page, lang);
    await expect(page.getByRole('link', { name: 'Written after the backup', exact: true })).toBeVisible();
    await page.getByRole('link', { name: home.backups, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: s.backups.title })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByText(name)).toBeVisible();
    const restore = page.getByRole('button', { name: new RegExp(`^${literally(s.backups.restoreNamed.split('{{time}}')[0])}`) });
    await expect(restore).toHaveText(s.restore);
    await restore.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(s.backups.confirmBody);
    await dialog.getByRole('button', { name: s.backups.confirm }).click();
    await expect(dialog).toBeHidden();
    const said = page.getByRole('status').filter({ hasText: name });
    await expect(said).toBeVisible();
    const kept = /(\S+\.before-restore-\S+?)\.?$/.exec((await said.textContent()) ?? '')?.[1];
    expect(kept, 'the kept file is named on screen').toBeTruthy();

    await page.getByRole('link', { name: s.backups.back }).click();
    await expect(page.getByRole('link', { name: 'Kept in the backup', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Written after the backup', exact: true })).toHaveCount(0);
    // the store as it was, with the draft written after the backup, is kept beside it
    const k = new Database(kept!, { readonly: true });
    try {
      expect(k.prepare('SELECT title FROM drafts ORDER BY title').pluck().all()).toEqual(['Kept in the backup', 'Written after the backup']);
    } finally {
      k.close();
    }
    expect(problems).toEqual([]);
  });
}

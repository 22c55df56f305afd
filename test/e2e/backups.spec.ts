/**
 * The daily backups on screen (home/Backups.tsx), in en/fr/ar: a backup made from the screen, a draft written after
 * it, the backup restored from the list after a confirmation; the drafts are then as in the backup,
 * and the store as it was is kept beside it (named on screen). A damaged data file (open read-only)
 * leads here from its banner, and restoring a backup ends read-only mode.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, literally, test, useLanguage, withDraft } from './fixtures';
import { cliInProcess, root } from './global-setup';
import { startHost } from './start-host';

const strings = (lang: string) => {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared/i18n', f), 'utf8'));
  return { s: read(`safety.${lang}.json`).safety, home: read(`${lang}.json`).home };
};

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`a backup is restored from the list after a confirmation; what was there is kept (${lang})`, async ({ page, app, problems }) => {
    const { s, home } = strings(lang);
    await withDraft(app, 'Kept in the backup');
    await page.goto(app.url);
    await useLanguage(page, lang);
    await page.getByRole('link', { name: home.backups, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: s.backups.title })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    // made now, from the screen
    await page.getByRole('button', { name: s.backups.makeNow }).click();
    const madeSaid = page.getByRole('status').filter({ hasText: s.backups.made.split('{{name}}')[0]!.trim() });
    await expect(madeSaid).toContainText(/gcm-review-\S+\.sqlite/);
    const name = /gcm-review-\S+?\.sqlite/.exec((await madeSaid.textContent()) ?? '')![0];
    expect((await app.cli('draft', 'create', '--title', 'Written after the backup', '--country', 'Morocco')).code).toBe(0);

    // the host's own daily backup may be listed too (10 s after it starts): the one made above, by its name
    const item = page.getByRole('listitem').filter({ hasText: name });
    await expect(item).toBeVisible();
    const restore = item.getByRole('button', { name: new RegExp(`^${literally(s.backups.restoreNamed.split('{{time}}')[0])}`) });
    await expect(restore).toHaveText(s.restore);
    await restore.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(s.backups.confirmBody);
    await dialog.getByRole('button', { name: s.backups.confirm }).click();
    await expect(dialog).toBeHidden();
    const said = page.getByRole('status').filter({ hasText: '.before-restore-' });
    await expect(said).toContainText(name);
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

/** A store with an identity, a draft, a backup, then a second draft, closed; then one index page overwritten (quick_check fails: the app opens it read-only). */
async function damagedStoreWithBackup(): Promise<string> {
  const { runCliCaught } = (await import(pathToFileURL(cliInProcess).href)) as typeof import('./cli-in-process');
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-e2e-damaged-')), 'store.sqlite');
  const cli = async (...args: string[]) => {
    const r = await runCliCaught(['--db', db, ...args]);
    expect(r.code, r.err).toBe(0);
  };
  await cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministry of Interior');
  await cli('draft', 'create', '--title', 'Kept in the backup', '--country', 'Morocco');
  await cli('backup', 'create');
  await cli('draft', 'create', '--title', 'Written after the backup', '--country', 'Morocco');
  const d = new Database(db, { readonly: true });
  const page = d.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'revision_authors' ORDER BY rootpage DESC LIMIT 1").pluck().get() as number;
  const size = d.pragma('page_size', { simple: true }) as number;
  d.close();
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0xab), 0, 64, (page - 1) * size);
  fs.closeSync(fd);
  return db;
}

for (const [lang, locale] of [['en', 'en-US'], ['fr', 'fr-FR'], ['ar', 'ar-MA']] as const) {
  test.describe(`a damaged data file (${lang})`, () => {
    test.use({ locale });
    test(`the read-only banner leads to the backups; restoring one ends read-only mode (${lang})`, async ({ page, problems }) => {
      const { s } = strings(lang);
      const db = await damagedStoreWithBackup();
      const host = await startHost(db);
      try {
        await page.goto(host.url);
        const banner = page.locator('.store-damaged');
        await expect(banner).toContainText(s.damagedBanner);
        await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
        await banner.getByRole('link', { name: s.backups.title }).click();
        const [name] = fs.readdirSync(path.join(path.dirname(db), 'backups'));
        await page.getByRole('listitem').filter({ hasText: name! }).getByRole('button', { name: new RegExp(`^${literally(s.backups.restoreNamed.split('{{time}}')[0])}`) }).click();
        await page.getByRole('dialog').getByRole('button', { name: s.backups.confirm }).click();
        await expect(page.getByRole('status').filter({ hasText: '.before-restore-' })).toBeVisible();
        await expect(banner).toHaveCount(0); // the restored store is sound: saving works again
        await page.getByRole('link', { name: s.backups.back }).click();
        await expect(page.getByRole('link', { name: 'Kept in the backup', exact: true })).toBeVisible();
        await expect(page.getByRole('link', { name: 'Written after the backup', exact: true })).toHaveCount(0);
        expect(problems).toEqual([]);
      } finally {
        await host.stop();
        fs.rmSync(path.dirname(db), { recursive: true, force: true });
      }
    });
  });
}

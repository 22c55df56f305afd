/**
 * Issue 13: browser mode on a store from before migration 013 (a schema-12 store grown to 20,000
 * revisions, built in a few seconds) shows a progress screen while the store upgrades, in the
 * interface language, not a blank page; then the app itself, on the upgraded store.
 */
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { root } from './global-setup';
import { startHost } from './start-host';

const CASES = [
  { locale: 'en-US', lang: 'en', dir: 'ltr', title: /^Upgrading your data… \d+ %$/, step: /Converting your data/, home: 'Revue nationale — المغرب' },
  { locale: 'fr-FR', lang: 'fr', dir: 'ltr', title: /^Mise à niveau de vos données… \d+\u202f%$/, step: /Conversion de vos données/, home: 'Revue nationale — المغرب' },
  { locale: 'ar-MA', lang: 'ar', dir: 'rtl', title: /^جارٍ ترقية بياناتك… \d+%$/, step: /تحويل بياناتك/, home: 'Revue nationale — المغرب' },
] as const;

/** The schema-12 store, built once for the three languages (~3.5 s each): each test upgrades its own copy. */
let built: string | null = null;
function oldStore(): string {
  if (built) return built;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-e2e-v12-')), 'store.sqlite');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'store-v12-large.ts'), file, '20000'], { cwd: root });
  const raw = new Database(file);
  raw.prepare("INSERT INTO settings (key, value) VALUES ('identity.name', 'Amina Test'), ('identity.organisation', 'Ministry of Interior')").run();
  raw.close(); // the last connection: its journal is folded into the file, which is then the whole store
  return (built = file);
}
test.afterAll(() => {
  if (built) fs.rmSync(path.dirname(built), { recursive: true, force: true });
  built = null;
});

for (const c of CASES) {
  test.describe(`upgrading the store (${c.lang})`, () => {
    test.use({ locale: c.locale });
    test('a progress screen while the store upgrades, then the app', async ({ page }) => {
      test.setTimeout(240_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-e2e-upgrade-'));
      const db = path.join(dir, 'store.sqlite');
      fs.copyFileSync(oldStore(), db);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const host = await startHost(db);
      try {
        await page.goto(host.url);
        const screen = page.getByTestId('upgrade-screen');
        await expect(screen).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
        await expect(page.locator('html')).toHaveAttribute('dir', c.dir);
        // the percent while the revisions are converted, with a determinate bar and the step in words
        await expect(screen.getByRole('heading', { level: 1 })).toHaveText(c.title, { timeout: 60_000 });
        await expect(screen.getByRole('status')).toHaveText(c.step);
        const value = Number(await screen.locator('progress').getAttribute('value'));
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
        // then the app on the upgraded store: its drafts listed
        await expect(screen).toHaveCount(0, { timeout: 180_000 });
        await expect(page.getByRole('link', { name: c.home, exact: true })).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('dir', c.dir);
        expect(errors).toEqual([]);
      } finally {
        await host.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

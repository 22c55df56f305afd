/**
 * A search while the index is still catching up (issue 13: a bulk import): the results screen says
 * how many answers are still to be indexed, in a polite live status, shows what the index has, and
 * searches again by itself until the index has caught up, then shows the complete results. The host
 * is started with a test-only hold on the index (GCM_TEST_INDEX_HOLD: while the file it names
 * exists, the index does not catch up), so the backlog stays on screen until the test lets it go.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, launchApp, test, withDraft } from './fixtures';

const LOCALE = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-MA' } as const;
/** "Still indexing 3 answers: results may be incomplete." in each language (shared/i18n/<lang>.json, search.stillIndexing). */
const PENDING = {
  en: /^Still indexing 3 answers: results may be incomplete\.$/,
  fr: /^Indexation en cours \(3 réponses restantes\)\u00a0: les résultats peuvent être incomplets\.$/,
  ar: /^ما زالت [3٣] إجابات قيد الفهرسة: قد تكون النتائج غير مكتملة\.$/,
};
const HEADING = { en: 'Search results for', fr: 'Résultats pour', ar: 'نتائج البحث عن' };

for (const lang of ['en', 'fr', 'ar'] as const) {
  test.describe(`search during a catch-up (${lang})`, () => {
    test.use({ locale: LOCALE[lang] });
    test(`says how many answers are still to be indexed, then shows the complete results by itself (${lang})`, async ({ page, problems }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-e2e-hold-'));
      const hold = path.join(dir, 'hold');
      const app = await launchApp({ env: { GCM_TEST_INDEX_HOLD: hold } });
      try {
        const draftId = await withDraft(app);
        expect((await app.cli('answer', 'set', draftId, 'I.a', '--text', 'La coordination nationale est assurée par le ministère.')).code).toBe(0);
        await page.goto(app.url);
        const go = (hash: string) => page.evaluate((h) => (location.hash = h), hash);
        await go('#/search/coordination');
        const hits = page.locator('.search-hits li');
        const status = page.getByRole('status').filter({ hasText: PENDING[lang] });
        await expect(page.getByRole('heading', { level: 1, name: new RegExp(HEADING[lang]) })).toBeVisible();
        await expect(hits).toHaveCount(1); // indexed before the answer (nothing held yet)
        await expect(page.locator('.search-pending')).toBeEmpty();

        // a bulk write while the index is held: three answers logged, none indexed
        fs.writeFileSync(hold, '');
        for (const f of ['I.b', 'I.c', 'II.a']) expect((await app.cli('answer', 'set', draftId, f, '--text', `Coordination ${f} : réponse.`)).code).toBe(0);
        await go('#/');
        await expect(page.locator('.draft-card')).toHaveCount(1);
        await go('#/search/coordination');
        await expect(status).toBeVisible();
        await expect(page.locator('.search-pending')).toHaveAttribute('role', 'status'); // polite by its role
        await expect(hits).toHaveCount(1); // what the index has so far
        await page.screenshot({ path: `test-results/screens/search-pending-${lang}.png` });

        // let the index catch up: the screen searches again by itself and shows everything
        fs.rmSync(hold);
        await expect(hits).toHaveCount(4, { timeout: 15_000 });
        await expect(page.locator('.search-pending')).toBeEmpty();
        await expect(status).toHaveCount(0);
        expect(problems).toEqual([]);
      } finally {
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

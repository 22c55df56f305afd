/**
 * The history panel's first opening is prepared ahead (renderer/src/history/warm.tsx, issue 13):
 * once the first screen is up the panel is rendered out of sight and removed in the same task, and
 * opening a question asks the host for its first page of sessions before History is clicked. In
 * English, French and Arabic: nothing of the warm-up is left in the page, the question's sessions
 * are asked ahead, and the panel then shows them in the screen's language (right to left in Arabic).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type App } from './fixtures';
import { root } from './global-setup';

type Lang = 'en' | 'fr' | 'ar';
const LOCALE: Record<Lang, string> = { en: 'en-US', fr: 'fr-FR', ar: 'ar-MA' };
const TEXT: Record<Lang, [string, string]> = {
  en: ['The ministry coordinated the review.', 'The ministry coordinated the review with the regions.'],
  fr: ['Le ministère a coordonné l’examen.', 'Le ministère a coordonné l’examen avec les régions.'],
  ar: ['نسّقت الوزارة الاستعراض.', 'نسّقت الوزارة الاستعراض مع الجهات.'],
};

function words(lang: Lang): { show: string; twoSaves: string } {
  const main = JSON.parse(fs.readFileSync(path.join(root, 'shared/i18n', `${lang}.json`), 'utf8')) as { history: { show: string } };
  const versions = JSON.parse(fs.readFileSync(path.join(root, 'shared/i18n', `versions.${lang}.json`), 'utf8')) as { hist: Record<string, string> };
  const two = versions.hist.saves_two ?? versions.hist.saves_other!;
  return { show: main.history.show, twoSaves: two.replace('{{count}}', '2') };
}

async function seed(app: App, lang: Lang): Promise<string> {
  expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministry of Interior')).code).toBe(0);
  const id = (await app.cli('draft', 'create', '--title', 'Warm', '--language', lang)).out.trim();
  for (const t of TEXT[lang]) expect((await app.cli('answer', 'set', id, 'I.a', '--text', t)).code).toBe(0);
  return id;
}

for (const lang of ['en', 'fr', 'ar'] as const) {
  test.describe(`history warm-up (${lang})`, () => {
    test.use({ locale: LOCALE[lang] });
    test(`the panel's first run happens out of sight, the sessions are asked ahead, then shown (${lang})`, async ({ page, app, problems }) => {
      const draftId = await seed(app, lang);
      await page.goto(app.url);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // the warm-up ran once the first screen was up, and left nothing behind
      await page.waitForFunction(() => performance.getEntriesByName('gcm:history-warmed').length === 1);
      expect(await page.evaluate(() => document.querySelectorAll('.history, .hist-scroll, body > [inert]').length)).toBe(0);

      // opening the question asks for its first page of sessions before History is clicked
      const ahead = page.waitForRequest((r) => r.url().includes('/api/fieldSessions'));
      await page.evaluate((h) => (location.hash = h), `#/draft/${draftId}/I.a`);
      const req = await ahead;
      expect(req.postDataJSON()).toMatchObject({ draftId, field: 'I.a' });

      const w = words(lang);
      await page.locator('.answer-footer').getByRole('button', { name: w.show }).click();
      const rows = page.locator('.revisions > li.hist-session-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('Amina Test');
      await expect(rows.first()).toContainText(w.twoSaves);
      if (lang === 'ar') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      // still only the one real panel
      await expect(page.locator('.history')).toHaveCount(1);
      expect(problems).toEqual([]);
    });
  });
}

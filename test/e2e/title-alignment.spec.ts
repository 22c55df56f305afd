/**
 * A draft's title in another script than the interface (a French title on an Arabic screen, an
 * Arabic one on a French or English screen) reads in its own direction but is drawn where the
 * page's headings are: at the right edge on an Arabic screen, at the left on the others. Measured
 * with the text's geometry, on the home page, the draft's side bar and the consolidation page.
 */
import type { Locator } from '@playwright/test';
import { expect, test, useLanguage } from './fixtures';

const CASES = [
  { lang: 'ar', title: 'Revue nationale du Maroc 2020' },
  { lang: 'fr', title: 'الاستعراض الوطني للمغرب 2020' },
  { lang: 'en', title: 'الاستعراض الوطني للمغرب 2020' },
] as const;

test("a title in another script sits at the headings' side (ar, fr, en)", async ({ page, app, problems }) => {
  expect((await app.cli('identity', 'init', '--name', 'Amina', '--organisation', 'Ministry')).code).toBe(0);
  const ids = new Map<string, string>();
  for (const c of CASES) if (!ids.has(c.title)) ids.set(c.title, (await app.cli('draft', 'create', '--title', c.title)).out.trim());
  await page.goto(app.url);
  const go = (hash: string) => page.evaluate((h) => (location.hash = h), hash);
  /** How far the title's text is from the heading's start edge (right on an Arabic screen, left otherwise). */
  const fromStart = (heading: Locator) =>
    heading.evaluate((h) => {
      const r = document.createRange();
      r.selectNodeContents(h);
      const text = r.getBoundingClientRect();
      const box = h.getBoundingClientRect();
      const cs = getComputedStyle(h);
      return document.documentElement.dir === 'rtl' ? box.right - parseFloat(cs.paddingRight) - text.right : text.left - box.left - parseFloat(cs.paddingLeft);
    });
  for (const c of CASES) {
    await useLanguage(page, c.lang);
    const draftId = ids.get(c.title)!;
    for (const [hash, heading] of [
      ['#/', page.locator('.draft-card h3', { hasText: c.title })],
      [`#/draft/${draftId}`, page.locator('h1.draft-title')],
      [`#/review/${draftId}/dashboard`, page.locator('h1#review-h')],
    ] as const) {
      await go(hash);
      await expect(heading).toHaveText(c.title);
      expect(Math.abs(await fromStart(heading)), `${c.lang} ${hash}`).toBeLessThan(2);
    }
  }
  expect(problems).toEqual([]);
});

/**
 * The audit table fits the page and keeps its columns readable when a row holds a long token
 * without spaces (a signer's sha256 fingerprint, a bundle id, a file path): before, one
 * fingerprint widened the "what" column to 640 px, pushed the table past the page and left the
 * "after" column 60 px wide, one word (or a few letters) a line. Measured in en, fr and ar.
 */
import { expect, test, useLanguage } from './fixtures';
import { makeConflict } from './conflict-setup';

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`the audit table fits the page with a fingerprint in a row (${lang})`, async ({ page, app, problems }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    const master = await makeConflict(app.db, 'places');
    await page.goto(app.url);
    await useLanguage(page, lang);
    await page.evaluate((h) => (location.hash = h), `#/review/${master}/audit`);
    const table = page.locator('table.audit-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(table).toContainText('sha256:'); // the row that widened the column is there
    const g = await table.evaluate((t) => {
      const box = t.parentElement!.getBoundingClientRect();
      const r = t.getBoundingClientRect();
      const heads = [...t.querySelectorAll('thead th')].map((th) => th.getBoundingClientRect().width);
      return { overflow: Math.max(box.left - r.left, r.right - box.right), heads };
    });
    expect(g.overflow).toBeLessThanOrEqual(1);
    // who, before, after: wide enough for words, not letters
    for (const i of [1, 3, 4]) expect(g.heads[i]).toBeGreaterThan(120);
    expect(problems).toEqual([]);
  });
}

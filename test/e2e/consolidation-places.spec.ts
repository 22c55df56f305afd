/**
 * Issue 12: a returned draft whose answer changed on both sides, in different paragraphs and in
 * the same one. The changes that did not overlap are merged already; the one place both sides
 * changed is shown with base, ours and theirs, and resolved with "both". In English and Arabic.
 */
import { expect, test, withDraft } from './fixtures';
import { makeConflict } from './conflict-setup';

const L = {
  en: { both: 'Keep both (ours first)', done: 'Resolved; both versions stay in the history.', left: /1 of 1 places still to decide/ },
  ar: { both: 'الإبقاء على الاثنين (نصّنا أولًا)', done: 'حُلّ التعارض؛ ويبقى الإصداران في السجل.', left: /بقي موضع واحد من 1/ },
} as const;

for (const lang of ['en', 'ar'] as const) {
  test(`${lang}: the paragraphs only one side changed are merged; the place both changed is resolved with both`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    await withDraft(app);
    const master = await makeConflict(app.db, 'places');
    await page.goto(app.url);
    if (lang === 'ar') {
      await page.getByLabel('Language', { exact: true }).selectOption('ar');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    await page.evaluate((d) => (location.hash = `#/review/${d}/conflicts`), master);
    await page.locator('.cons-list a').first().click();

    const merged = page.locator('.merged-answer');
    await expect(merged).toContainText(L[lang].left);
    await expect(merged.locator('.merged-settled').first()).toContainText('Paragraph one stays as it was.');
    await expect(merged).toContainText('Paragraph three, improved by the ministry.');
    await expect(merged).toContainText('A fourth paragraph added by the department.');
    const place = page.locator('.conflict-place');
    await expect(place).toHaveCount(1);
    const sides = place.locator('.conflict-side');
    await expect(sides.nth(0)).toContainText('Paragraph two as it was.');
    await expect(sides.nth(1)).toContainText('Paragraph two, as the ministry rewrote it.');
    await expect(sides.nth(2)).toContainText('Paragraph two, as the department rewrote it.');

    await place.getByRole('button', { name: L[lang].both }).click();
    await expect(page.getByRole('status').filter({ hasText: L[lang].done })).toBeVisible();
    expect((await app.cli('answer', 'get', master, 'I.a')).out).toBe(
      [
        'Paragraph one stays as it was.',
        'Paragraph two, as the ministry rewrote it.',
        'Paragraph two, as the department rewrote it.',
        'Paragraph three, improved by the ministry.',
        'A fourth paragraph added by the department.',
      ].join('\n\n'),
    );
    expect(problems).toEqual([]);
  });
}

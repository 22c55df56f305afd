/**
 * Issue 12: a conflict that a newer text of the same history answered was closed without a
 * decision; the conflicts list and its page say so, and the audit gives the reason, in English,
 * French and Arabic (test/merge-superseded.test.ts has the service side).
 */
import { expect, test, withDraft } from './fixtures';
import { makeConflict } from './conflict-setup';

const L = {
  en: { badge: 'Answered by a newer text', closed: 'closed without a decision', page: 'This conflict was closed without a decision', why: 'answered by the newer text of the same history, in bundle' },
  fr: { badge: 'Répondu par un texte plus récent', closed: 'clos sans décision', page: 'Ce conflit a été clos sans décision', why: 'répondu par le texte plus récent du même historique, dans le paquet' },
  ar: { badge: 'أجاب عنه نص أحدث', closed: 'أُغلق دون قرار', page: 'أُغلق هذا التعارض دون قرار', why: 'أجاب عنه النص الأحدث من السجل نفسه، في الحزمة' },
} as const;

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`${lang}: a conflict a newer text answered is not shown as decided`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    await withDraft(app);
    const master = await makeConflict(app.db, 'answered');
    await page.goto(app.url);
    if (lang !== 'en') await page.getByLabel('Language', { exact: true }).selectOption(lang);
    await page.evaluate((d) => (location.hash = `#/review/${d}/conflicts`), master);
    const done = page.locator('li[data-answered]');
    await expect(done).toHaveCount(1);
    await expect(done.locator('.badge')).toHaveText(L[lang].badge);
    await expect(done).toContainText(L[lang].closed);
    await expect(done).toContainText('Amina Test');
    await done.locator('a').click();
    await expect(page.locator('.conflict-resolve .notice')).toContainText(L[lang].page);
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), master);
    await expect(page.locator('.audit-table')).toContainText(L[lang].why);
    expect(problems).toEqual([]);
  });
}

/**
 * Issue 12: a conflict that a newer text of the same history answered was closed without a
 * decision; the conflicts list and its page say so, and the audit gives the reason, in English,
 * French and Arabic (test/merge-superseded.test.ts has the service side). The newer conflict
 * says which decisions taken in the answered one were carried over and which no longer apply;
 * one whose every place was carried over is saved with "Save the answer as decided".
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, withDraft } from './fixtures';
import { makeConflict } from './conflict-setup';
import { root } from './global-setup';

type Places = Record<string, string> & { decided: Record<string, string> };
const places = (lang: string) =>
  (JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `consolidation.${lang}.json`), 'utf8')) as { consolidate: { places: Places }; cons: { conflicts: Record<string, string> } });

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
    // II.a, I.a and I.b: each first conflict answered by the department's second text
    const done = page.locator('li[data-answered]');
    await expect(done).toHaveCount(3);
    await expect(done.locator('.badge')).toHaveText([L[lang].badge, L[lang].badge, L[lang].badge]);
    for (const li of await done.all()) await expect(li).toContainText(L[lang].closed);
    await expect(done.first()).toContainText('Amina Test');
    await done.filter({ hasText: 'II.a' }).locator('a').click();
    await expect(page.locator('.conflict-resolve .notice')).toContainText(L[lang].page);
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), master);
    await expect(page.locator('.audit-table')).toContainText(L[lang].why);

    // I.a: the decision on the 1st place is carried over (decided as it was), the 5th's no longer applies
    const w = places(lang);
    const count = (key: string, n: number) => (w.consolidate.places[`${key}_${lang === 'ar' && n === 2 ? 'two' : n === 1 ? 'one' : 'other'}`] ?? '').replace('{{count}}', String(n));
    const openConflict = async (field: RegExp) => {
      await page.evaluate((d) => (location.hash = `#/review/${d}/conflicts`), master);
      await page.locator('.conflicts .cons-list li.card a').filter({ hasText: field }).click();
    };
    await openConflict(/\bI\.a\b/);
    await expect(page.locator('[data-earlier="carried"]')).toHaveText(count('carried', 1));
    await expect(page.locator('[data-earlier="superseded"]')).toHaveText(count('superseded', 1));
    await expect(page.locator('.conflict-place .badge')).toHaveText([w.consolidate.places.decided.theirs!]);
    await expect(page.getByRole('button', { name: w.consolidate.places.applyDecided! })).toHaveCount(0);
    // I.b: both decisions carried over, every place decided: the answer waits to be saved as decided
    await openConflict(/\bI\.b\b/);
    await expect(page.locator('[data-earlier="carried"]')).toHaveText(count('carried', 2));
    await expect(page.locator('[data-earlier="superseded"]')).toHaveCount(0);
    await expect(page.getByTestId('places-left')).toHaveText(w.consolidate.places.decidedUnsaved!);
    await expect(page.locator('.conflict-place .badge')).toHaveText([w.consolidate.places.decided.theirs!, w.consolidate.places.decided.ours!]);
    await page.getByRole('button', { name: w.consolidate.places.applyDecided! }).click();
    await expect(page.getByRole('status').filter({ hasText: w.cons.conflicts.done! })).toBeVisible();
    await expect(page.getByRole('status').getByRole('link', { name: w.cons.conflicts.back! })).toBeFocused();
    await expect(page.getByTestId('places-left')).toHaveText(w.consolidate.places.allDecided!);
    await expect(page.locator('[data-earlier]')).toHaveCount(0);
    expect((await app.cli('answer', 'get', master, 'I.b')).out).toBe(
      ['The committee meets every quarter with Health.', 'It has twelve ministries.', 'Its secretariat sits at the ministry.', 'It publishes a report.', 'It reports to the Council of Ministers.'].join('\n\n'),
    );
    expect(problems).toEqual([]);
  });
}

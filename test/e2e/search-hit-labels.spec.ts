/**
 * A search hit in an objective's or a principle's note says where it is in the interface
 * language ("Note sur l’objectif 7"), not the field's internal id ("III.a/objective/7"); the words
 * searched are quoted as the language quotes (as its catalogue does).
 */
import { expect, test, useLanguage, withDraft } from './fixtures';

const CASES = [
  { lang: 'en', objective: 'Note on objective 7', quotes: null },
  { lang: 'fr', objective: 'Note sur l’objectif 7', quotes: ['«\u00a0', '\u00a0»'] },
  { lang: 'ar', objective: 'ملاحظة بشأن الهدف 7', quotes: ['«', '»'] },
] as const;

for (const c of CASES) {
  test(`search hits in objective and principle notes are labelled in the interface language (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    expect((await app.cli('objective', 'set', draftId, '7', '--status', 'in_progress', '--note', 'Protection des femmes migrantes.')).code).toBe(0);
    expect((await app.cli('principle', 'set', draftId, 'c', '--note', 'Protection consulaire.')).code).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, c.lang);
    await page.evaluate(() => (location.hash = '#/search/protection'));
    const labels = page.locator('.search-hits .hit-field');
    await expect(labels).toHaveCount(2);
    const texts = await labels.allTextContents();
    expect(texts.some((t) => t.includes(c.objective))).toBe(true);
    expect(texts.some((t) => t.includes('III.b (c)'))).toBe(true);
    for (const t of texts) expect(t).not.toMatch(/objective\/|principle\//);
    // Chrome's own (quotes: auto) were “…” in Arabic and «…» without the spaces in French
    const quotes = await page.getByRole('heading', { level: 1 }).locator('q').evaluate((el) => getComputedStyle(el).quotes);
    if (c.quotes) expect(quotes.startsWith(c.quotes.map((m) => JSON.stringify(m)).join(' '))).toBe(true);
    expect(problems).toEqual([]);
  });
}

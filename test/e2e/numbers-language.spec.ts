/** A long answer's word count on screen, its digits grouped as the interface language writes them. */
import { expect, openQuestion, test, useLanguage, withDraft } from './fixtures';

const CASES = [
  { lang: 'en', shown: '2,400 words' },
  { lang: 'fr', shown: '2\u202f400 mots' },
  // a browser set to the United States names no Arab country: standard Arabic's grouping (Morocco's, "2.400", in test/i18n-numbers.test.ts)
  { lang: 'ar', shown: '2,400 كلمة' },
] as const;

for (const c of CASES) {
  test(`a word count in the thousands is written as the language writes numbers (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    const text = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} has exactly eight words in it.`).join('\n\n');
    const set = await app.cli('answer', 'set', draftId, 'I.a', '--text', text);
    expect(set.code, set.err).toBe(0);
    await openQuestion(page, app, draftId, 'I.a');
    await useLanguage(page, c.lang);
    await expect(page.locator('.word-count')).toHaveText(c.shown);
    expect(problems).toEqual([]);
  });
}

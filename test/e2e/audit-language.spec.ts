/**
 * The audit log as a French- or Arabic-speaking official uses it: the filter finds rows by the
 * words the table shows in the interface language (an action's label, not its code), however
 * the word is typed (case, accents, hamza), and the action list is in the language's order.
 */
import { expect, test, useLanguage, withDraft } from './fixtures';

const CASES = [
  // the rename's label as shown, then as typed without its capitals and accents / its hamza
  { lang: 'en', shown: 'Draft renamed', typed: ['renamed', 'DRAFT REN'] },
  { lang: 'fr', shown: 'Brouillon renommé', typed: ['renommé', 'BROUILLON RENOMME'] },
  { lang: 'ar', shown: 'إعادة تسمية مسودة', typed: ['تسمية', 'اعادة تسميه'] },
] as const;

for (const c of CASES) {
  test(`the audit filter finds rows by the words shown, and lists actions in the language's order (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    expect((await app.cli('draft', 'rename', draftId, '--title', 'Morocco — review 2020, final')).code).toBe(0);
    expect((await app.cli('draft', 'set', draftId, '--language', 'fr')).code).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, c.lang);
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), draftId);
    const rows = page.locator('.audit-table tbody tr');
    await expect(rows).toHaveCount(3); // created, renamed, document language changed
    const filter = page.locator('.audit .filters input[type=search]');
    for (const typed of c.typed) {
      await filter.fill(typed);
      await expect(rows).toHaveCount(1);
      await expect(rows).toContainText(c.shown);
    }
    await filter.fill('');
    await expect(rows).toHaveCount(3);
    const options = (await page.locator('.audit .filters select option').allTextContents()).slice(1);
    expect(options).toHaveLength(3);
    expect(options).toEqual([...options].sort(new Intl.Collator({ en: 'en-GB', fr: 'fr-FR', ar: 'ar-MA' }[c.lang]).compare));
    expect(problems).toEqual([]);
  });
}

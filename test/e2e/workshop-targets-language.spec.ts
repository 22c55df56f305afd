/**
 * Tagging a workshop contribution in French or Arabic: the type-ahead offers the questions and
 * objectives in the interface language and finds them by its words (accents, Arabic spellings).
 */
import { expect, test, useLanguage, withDraft } from './fixtures';

const CASES = [
  { lang: 'en', typed: 'vulnerabilities', text: 'Address and reduce vulnerabilities in migration', dir: 'ltr' },
  { lang: 'fr', typed: 'VULNERABILITE', text: 'S’attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire', dir: 'ltr' },
  { lang: 'ar', typed: 'ضعف الهجره', text: 'معالجة أوجه الضعف في الهجرة والحد منها', dir: 'rtl' },
] as const;

for (const c of CASES) {
  test(`the capture's questions and objectives are in the interface language and found by its words (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    const w = await app.cli('workshop', 'create', '--title', 'Consultation Oujda', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
    expect(w.code, w.err).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, c.lang);
    await page.evaluate((id) => (location.hash = `#/workshop/${id}`), w.out.trim());
    const picker = page.locator('.target-picker input[role=combobox]');
    await picker.fill(c.typed);
    const option = page.locator('.target-picker [role=option]').first();
    await expect(option).toContainText('Obj 7');
    const text = option.locator('span[lang]');
    await expect(text).toHaveText(c.text);
    await expect(text).toHaveAttribute('lang', c.lang);
    await expect(text).toHaveAttribute('dir', c.dir);
    expect(problems).toEqual([]);
  });
}

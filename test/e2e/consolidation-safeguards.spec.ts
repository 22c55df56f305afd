/**
 * Issue 12: approving asks for confirmation naming the version, and with the rule on (a new
 * store), the person who submitted cannot approve; someone else can. In English and Arabic.
 */
import { expect, test, withDraft } from './fixtures';

const L = {
  en: { title: 'Approve version 1 as final?', confirm: 'Approve version 1', rule: 'The person who approves a draft must not be the person who last submitted it', refused: 'You submitted version 1 yourself: under this store\'s review rule, someone else approves it.', saved: 'Saved. New changes are recorded under this name and organisation.' },
  ar: { title: 'اعتماد الإصدار 1 نهائيًا؟', confirm: 'اعتماد الإصدار 1', rule: 'يجب ألا يكون من يعتمد المسودة هو آخر من قدّمها', refused: 'قدّمتَ الإصدار 1 بنفسك: ووفق قاعدة المراجعة في قاعدة البيانات هذه، يجب أن يعتمده شخص آخر.', saved: 'تم الحفظ. تُسجَّل التعديلات الجديدة باسم هذا الشخص وهذه الجهة.' },
} as const;

for (const lang of ['en', 'ar'] as const) {
  test(`${lang}: approval asks first, naming the version; self-approval is refused under the rule, another person approves`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const draftId = await withDraft(app);
    expect((await app.cli('answer', 'set', draftId, 'I.a', '--text', 'Text to approve.')).code).toBe(0);
    await page.goto(app.url);
    if (lang === 'ar') {
      await page.getByLabel('Language', { exact: true }).selectOption('ar');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    // the rule is shown in the settings, on for this new store
    await page.evaluate(() => (location.hash = '#/identity'));
    await expect(page.getByLabel(L[lang].rule)).toBeChecked();

    await page.evaluate((d) => (location.hash = `#/draft/${d}/I.a`), draftId);
    const bar = page.locator('section.review-bar');
    await bar.locator('.actions button').first().click(); // submit
    await expect(bar.locator('.badge.review-submitted')).toBeVisible();
    await bar.locator('.actions button.primary').click(); // approve as final
    const ask = page.getByRole('dialog', { name: L[lang].title });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: L[lang].confirm }).click();
    // the refusal in the interface language (coded by the service, worded by the renderer)
    await expect(bar.locator('.error, [role=alert]').first()).toContainText(L[lang].refused);
    await expect(bar.locator('.badge.review-submitted')).toBeVisible();
    expect((await app.cli('review', 'history', draftId)).out).not.toMatch(/approve/);

    // someone else approves (on this machine: the identity changed in the settings)
    await page.evaluate(() => (location.hash = '#/identity'));
    await page.locator('form.identity-card input[autocomplete=name]').fill('Nadia Reviewer');
    await page.locator('form.identity-card button[type=submit]').click();
    await expect(page.locator('header a.who')).toHaveText('Nadia Reviewer');
    // the save is said where it was made, the focus on its button (it went home, the focus on the page's body)
    await expect(page.getByTestId('identity-saved')).toHaveText(L[lang].saved);
    await expect(page.locator('form.identity-card button[type=submit]')).toBeFocused();
    await page.evaluate((d) => (location.hash = `#/draft/${d}/I.a`), draftId);
    await bar.locator('.actions button.primary').click();
    await page.getByRole('dialog', { name: L[lang].title }).getByRole('button', { name: L[lang].confirm }).click();
    await expect(bar.locator('.badge.review-approved')).toBeVisible();
    expect((await app.cli('review', 'versions', draftId)).out).toContain('Nadia Reviewer');
    expect(problems).toEqual([]);
  });
}

/**
 * The one confirm dialog (renderer/src/ui/ConfirmDialog.tsx), seen on a captured contribution's
 * Delete, in English, French and Arabic (right-to-left): modal, named by its question and
 * described by its message, focus on Cancel, Esc closes without acting and focus returns to the
 * button that opened it; confirming acts. No serious axe violation while it is open.
 */
import { seriousViolations } from './axe';
import { expect, test, withDraft, type App } from './fixtures';

async function ok(app: App, ...args: string[]): Promise<string> {
  const r = await app.cli(...args);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

const L = {
  en: { title: 'Delete this contribution?', says: 'Its text stays in its history', confirm: 'Delete the contribution', cancel: 'Cancel' },
  fr: { title: 'Supprimer cette contribution ?', says: 'Son texte reste dans son historique', confirm: 'Supprimer la contribution', cancel: 'Annuler' },
  ar: { title: 'هل تريد حذف هذه المساهمة؟', says: 'يبقى نصها في سجلها', confirm: null, cancel: null },
} as const;

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`${lang}: the confirm dialog is modal, labelled, starts on Cancel, closes on Esc and gives focus back`, async ({ page, app, problems }) => {
    test.setTimeout(240_000); // axe on a loaded machine
    const draftId = await withDraft(app);
    const w = await ok(app, 'workshop', 'create', '--title', 'Oujda consultation', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
    await ok(app, 'contribution', 'add', w, '--question', 'II.a', '--text', 'Legal aid is missing.', '--organisation', 'Association Ain Ghazal');

    await page.goto(app.url);
    if (lang !== 'en') {
      await page.getByLabel('Language', { exact: true }).selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }
    await page.evaluate((id) => (location.hash = `#/workshop/${id}`), w);
    const item = page.locator('.captured-item').first();
    const opener = item.locator('.actions button[aria-haspopup=dialog]');
    await opener.click();

    const dialog = page.getByRole('dialog', { name: L[lang].title });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleDescription(new RegExp(L[lang].says));
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
    const [confirm, cancel] = [dialog.locator('.confirm-actions button[type=submit]'), dialog.locator('.confirm-actions button[type=button]')];
    await expect(cancel).toBeFocused(); // the safe choice
    if (L[lang].confirm) await expect(confirm).toHaveText(L[lang].confirm!);
    if (L[lang].cancel) await expect(cancel).toHaveText(L[lang].cancel!);
    // the page behind is inert while it is open
    expect(await page.evaluate(() => document.querySelector('dialog[open]')?.matches(':modal'))).toBe(true);
    // right-to-left in Arabic: the dialog takes the page's direction, the confirm button comes first from the right
    const dir = await dialog.evaluate((d) => getComputedStyle(d).direction);
    expect(dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    const [c, x] = [(await confirm.boundingBox())!, (await cancel.boundingBox())!];
    if (lang === 'ar') expect(c.x).toBeGreaterThan(x.x);
    else expect(c.x).toBeLessThan(x.x);
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    await expect(page.locator('.captured-item')).toHaveCount(1);

    await opener.click();
    await dialog.locator('.confirm-actions button[type=submit]').click();
    await expect(page.locator('.captured-item')).toHaveCount(0);
    expect(await ok(app, 'contribution', 'list', draftId)).not.toContain('Legal aid');
    expect(problems).toEqual([]);
  });
}

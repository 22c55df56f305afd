import { seriousViolations } from './axe';
import { expect, openQuestion, test, withDraft } from './fixtures';

test('the draft tools, attachments and export dialog have no serious accessibility violations; Esc closes, focus returns', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await app.cli('answer', 'set', draftId, 'I.a', '--text', 'First answer.');
  await openQuestion(page, app, draftId, 'I.a');
  await expect(page.getByRole('region', { name: /Evidence files/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  await page.getByLabel('Only some sections').check();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  // focus returns to the button that opened the dialog
  await expect(page.getByRole('button', { name: 'Export bundle…' })).toBeFocused();

  expect(problems).toEqual([]);
});

for (const lang of ['en', 'ar'] as const) {
  test(`exchange screens have no serious accessibility violations (${lang})`, async ({ page, app, problems }) => {
    test.setTimeout(480_000); // axe scans are slow on a loaded machine
    const draftId = await withDraft(app);
    await page.goto(app.url);
    if (lang === 'ar') {
      await page.getByLabel('Language').selectOption('ar');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    for (const hash of ['#/exchange/outbox', '#/exchange/import', '#/exchange/text', '#/exchange/trust', '#/identity', `#/exchange/print/${draftId}`]) {
      await page.evaluate((h) => (location.hash = h), hash);
      await expect(page.locator('main h1').first()).toBeVisible();
      expect(await seriousViolations(page), `${lang} ${hash}`).toEqual([]);
    }
    if (lang === 'ar') {
      await page.evaluate(() => (location.hash = '#/exchange/outbox'));
      await expect(page.getByRole('heading', { level: 1, name: 'صندوق الصادر' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'التبادل' })).toBeVisible();
    }
    expect(problems).toEqual([]);
  });
}

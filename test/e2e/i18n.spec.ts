import { expect, openQuestion, test, withDraft } from './fixtures';

test('switching the interface to Arabic mirrors it right-to-left, and the choice is remembered', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await page.goto(app.url);
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1, name: 'الاستعراضات الوطنية' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'إنشاء المسودة' })).toBeVisible();

  // The layout mirrors: in the draft view the navigation is on the right of the question.
  await openQuestion(page, app, draftId, 'I.a');
  const nav = await page.locator('nav.sidebar').boundingBox();
  const main = await page.locator('main.draft-main').boundingBox();
  expect(nav!.x).toBeGreaterThan(main!.x);
  await expect(page.getByRole('button', { name: 'غامق' })).toBeVisible(); // the Bold button, translated
  expect(await page.locator('.toolbar').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

  // Remembered across a reload (saved with setSetting('language')).
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('link', { name: /جميع المسودات/ })).toBeVisible();

  // And back to French.
  await page.getByLabel('اللغة').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('link', { name: /Tous les brouillons/ })).toBeVisible();
  expect(problems).toEqual([]);
});

test.describe('with a French system locale', () => {
  test.use({ locale: 'fr-FR' });
  test('the first run follows the system language', async ({ page, app, problems }) => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Bienvenue dans GCM Review' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    expect(problems).toEqual([]);
  });
});

test.describe('with an Arabic system locale', () => {
  test.use({ locale: 'ar-MA' });
  test('the first run is in Arabic, right-to-left', async ({ page, app, problems }) => {
    await page.goto(app.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('button', { name: 'متابعة' })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

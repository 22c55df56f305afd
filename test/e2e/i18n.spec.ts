import type { Page } from '@playwright/test';
import { expect, hintAndRoom, openQuestion, test, useLanguage, withDraft } from './fixtures';

/**
 * The first-run form sent empty: each field's message is in the flow (it covers neither the next
 * label nor the button: it pushes them down), tied to its field, and the FIRST invalid field has
 * the focus (it used to be the last one).
 */
async function emptyFirstRunRefused(page: Page, continueName: string) {
  await page.setViewportSize({ width: 1024, height: 768 });
  const [name, organisation] = [page.locator('.identity-card input').nth(0), page.locator('.identity-card input').nth(1)];
  await page.getByRole('button', { name: continueName }).click();
  const errors = page.locator('.field-error');
  await expect(errors).toHaveCount(2);
  await expect(name).toBeFocused();
  for (const [field, i] of [[name, 0], [organisation, 1]] as const) {
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAttribute('aria-describedby', (await errors.nth(i).getAttribute('id'))!);
  }
  const box = async (l: ReturnType<Page['locator']>) => (await l.boundingBox())!;
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const others = [page.locator('.identity-card label').nth(1), organisation, page.getByRole('button', { name: continueName })];
  for (const e of [errors.nth(0), errors.nth(1)]) for (const o of others) expect(overlap(await box(e), await box(o))).toBe(false);
  // the first message sits between the name field and the organisation's label, the second above the button
  expect((await box(errors.nth(0))).y).toBeGreaterThanOrEqual((await box(name)).y + (await box(name)).height);
  expect((await box(errors.nth(1))).y + (await box(errors.nth(1))).height).toBeLessThanOrEqual((await box(page.getByRole('button', { name: continueName }))).y);
  // edited, the field's message goes
  await name.fill('Amina');
  await expect(errors).toHaveCount(1);
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
}

/**
 * The answer's toolbar on at most `lines` lines, each group of tools whole on one (Toolbar.tsx):
 * at 1280 px, beside the contributions panel, the Arabic one wrapped and left Undo alone below.
 */
async function toolbarLines(page: Page, lines: number) {
  await expect(async () => {
    const { all, groups } = await page.locator('.answer .toolbar').first().evaluate((el) => {
      const tops = (parent: Element) => new Set([...parent.querySelectorAll('.tool')].map((b) => Math.round(b.getBoundingClientRect().top))).size;
      return { all: tops(el), groups: [...el.querySelectorAll('.tool-group')].map(tops) };
    });
    expect(all).toBeLessThanOrEqual(lines);
    expect(groups.filter((n) => n > 1)).toEqual([]);
  }).toPass();
}

test('switching the interface to Arabic mirrors it right-to-left, and the choice is remembered', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await page.goto(app.url);
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1, name: 'الاستعراضات الوطنية' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'إنشاء المسودة' })).toBeVisible();
  // the header's empty search field shows its Arabic hint right to left (dir="auto" alone made it
  // left to right); typed Latin words are still laid out as they are
  const search = page.getByRole('searchbox');
  expect(await search.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await search.fill('Morocco');
  expect(await search.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  await search.fill('');

  // The layout mirrors: in the draft view the navigation is on the right of the question.
  await openQuestion(page, app, draftId, 'I.a');
  const nav = await page.locator('nav.sidebar').boundingBox();
  const main = await page.locator('main.draft-main').boundingBox();
  expect(nav!.x).toBeGreaterThan(main!.x);
  await expect(page.getByRole('button', { name: 'غامق' })).toBeVisible(); // the Bold button, translated
  expect(await page.locator('.toolbar').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await toolbarLines(page, 1);
  // the numbered list's icon mirrors as the bulleted one does, its numbers at the lines' right, not mirrored
  const [numbers, lines] = await page.locator('.tool-ordered svg path').evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
  expect(numbers!.left).toBeGreaterThanOrEqual(lines!.right);
  expect(await page.locator('.tool-ordered svg path').first().evaluate((p) => new DOMMatrix(getComputedStyle(p).transform).a)).toBe(-1);

  // Remembered across a reload (saved with setSetting('language')).
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('link', { name: /جميع المسودات/ })).toBeVisible();

  // And back to French.
  await page.getByLabel('اللغة').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('link', { name: /Tous les brouillons/ })).toBeVisible();
  await toolbarLines(page, 1);
  // at 1024 px the header's search field still holds its French hint whole (it was cut)
  await page.setViewportSize({ width: 1024, height: 768 });
  const [hint, room] = await hintAndRoom(page.getByRole('searchbox'), 20);
  expect(hint).toBeLessThanOrEqual(room);
  await toolbarLines(page, 2);
  expect(problems).toEqual([]);
});

test.describe('with a French system locale', () => {
  test.use({ locale: 'fr-FR' });
  test('the first run follows the system language', async ({ page, app, problems }) => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Bienvenue dans GCM Review' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await emptyFirstRunRefused(page, 'Continuer');
    await expect(page.locator('.field-error')).toHaveText('Veuillez remplir ce champ.');
    // a message still shown follows the interface into Arabic, right to left (it stayed French, ltr)
    await useLanguage(page, 'ar');
    await expect(page.locator('.field-error')).toHaveText('يُرجى ملء هذه الخانة.');
    await expect(page.locator('.field-error')).toHaveAttribute('dir', 'rtl');
    expect(problems).toEqual([]);
  });
});

test.describe('with an Arabic system locale', () => {
  test.use({ locale: 'ar-MA' });
  test('the first run is in Arabic, right-to-left', async ({ page, app, problems }) => {
    await page.goto(app.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('button', { name: 'متابعة' })).toBeVisible();
    await emptyFirstRunRefused(page, 'متابعة');
    expect(problems).toEqual([]);
  });
});

import { seriousViolations } from './axe';
import type { Page } from '@playwright/test';
import { expect, openQuestion, test, withDraft } from './fixtures';

/**
 * At 1280 px: a form's submit button is as wide as its words, not the form (it read as one more
 * text field); a file field says "Choose a file…" and "No file chosen" in the interface language
 * (the browser's own said it in English on an Arabic screen); the settings screen's cards are
 * one width (they were 510, 540 and 910 px).
 */
async function looksRight(page: Page, hash: string, lang: 'en' | 'ar') {
  await page.setViewportSize({ width: 1280, height: 800 });
  const form = page.locator('main form.x-form').first();
  if (/import|text|trust/.test(hash)) {
    const f = (await form.boundingBox())!;
    const b = (await form.locator('button[type=submit]').boundingBox())!;
    expect(b.width, hash).toBeLessThan(f.width / 2);
    const face = form.locator('.file-input');
    await expect(face).toHaveText(lang === 'ar' ? 'اختيار ملف…لم يُختر أي ملف' : 'Choose a file…No file chosen');
    // the real field is there for the keyboard: focused, its focus shows on the face
    await form.locator('input[type=file]').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(form.locator('input[type=file]')).toBeFocused();
    expect(await face.locator('.button-link').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  }
  if (hash === '#/identity') {
    // the key and review-rule cards are a chunk of their own, loaded on demand: waited for
    await expect(page.locator('main > .card')).toHaveCount(3);
    const widths = await page.locator('main > .card').evaluateAll((cs) => cs.map((c) => Math.round(c.getBoundingClientRect().width)));
    expect(widths.length).toBe(3);
    expect(new Set(widths).size).toBe(1);
  }
}

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
      await looksRight(page, hash, lang);
    }
    if (lang === 'ar') {
      await page.evaluate(() => (location.hash = '#/exchange/outbox'));
      await expect(page.getByRole('heading', { level: 1, name: 'صندوق الصادر' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'التبادل' })).toBeVisible();
    }
    expect(problems).toEqual([]);
  });
}

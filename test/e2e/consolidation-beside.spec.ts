/**
 * Issue 12: waiting contributions sit beside the answer from 1280 px (above/below under it), the
 * answer keeping the larger share of the width,
 * sidebar counts them per question (legible badges on the question's row), and accepting inserts at a chosen paragraph, then highlights
 * and scrolls to the new text. A contribution tagged to two questions keeps waiting under the
 * other one. In English and Arabic (right to left).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test, withDraft, type App } from './fixtures';

async function ok(app: App, ...args: string[]): Promise<string> {
  const r = await app.cli(...args);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

const LONG = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1} of a long answer about the coordination mechanism and its working groups.`);

const WORKSHOP = 'Consultation régionale (associations de migrants)';

async function seeded(app: App) {
  const draftId = await withDraft(app);
  await ok(app, 'answer', 'set', draftId, 'II.a', '--text', LONG.join('\n\n'));
  // a French title with brackets and an Arabic organisation: the dashboard's From cell once scrambled them
  const w = await ok(app, 'workshop', 'create', '--title', WORKSHOP, '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
  await ok(app, 'contribution', 'add', w, '--question', 'II.a,I.e', '--text', 'Legal aid is missing in the border regions.', '--organisation', 'مجلس الجهة');
  await ok(app, 'comment', 'add', draftId, 'II.a', '--text', 'Check the figures.');
  await ok(app, 'comment', 'add', draftId, 'I.e', '--text', 'Name the associations.');
  return draftId;
}

const box = async (page: Page, sel: string) => (await page.locator(sel).first().boundingBox())!;

/** WCAG contrast of an element's text colour on its background (both opaque rgb() as getComputedStyle gives them). */
async function contrast(el: Locator): Promise<number> {
  const [fg, bg] = await el.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
  const lum = (css: string) => {
    const [r, g, b] = css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((x) => Number(x) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

/**
 * A sidebar row: the id, the text and what follows it (✓, waiting count, comment count) side by
 * side on the row's first line, each badge one line high (not stretched, not wrapped below).
 */
async function expectOneRow(link: Locator) {
  const text = (await link.locator('.q-text').boundingBox())!;
  const row = (await link.boundingBox())!;
  const items = link.locator('.q-id, .check, .badge');
  for (let i = 0; i < (await items.count()); i++) {
    const b = (await items.nth(i).boundingBox())!;
    expect(b.y, await items.nth(i).evaluate((e) => e.className)).toBeLessThan(text.y + 8);
    expect(b.height).toBeLessThan(30);
  }
  // nothing under the text: the row is as tall as its (at most two) lines of text and its padding
  expect(row.y + row.height).toBeLessThan(text.y + text.height + 12);
}

for (const lang of ['en', 'ar'] as const) {
  test(`${lang}: contributions beside the answer, counted in the sidebar, inserted after a chosen paragraph and highlighted`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const draftId = await seeded(app);
    await page.setViewportSize({ width: 1500, height: 900 });
    await page.goto(app.url);
    if (lang === 'ar') {
      await page.getByLabel('Language', { exact: true }).selectOption('ar');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    await page.evaluate((d) => (location.hash = `#/draft/${d}/II.a`), draftId);
    await expect(page.locator('li.contribution')).toHaveCount(1);

    // beside: the panel starts level with the answer, on the inline-end side
    const editor = await box(page, '.answer-editor');
    const panel = await box(page, 'aside.consolidation');
    expect(Math.abs(panel.y - editor.y)).toBeLessThan(120);
    if (lang === 'en') expect(panel.x).toBeGreaterThan(editor.x + editor.width - 5);
    else expect(panel.x + panel.width).toBeLessThan(editor.x + 5);
    // nothing in the panel is wider than the panel: the insertion menu's widest option (a paragraph's
    // opening words) once widened the card past it, so the panel scrolled sideways and cut off the
    // card's text and its Accept button
    expect(await page.locator('aside.consolidation').evaluate((a) => a.scrollWidth - a.clientWidth)).toBeLessThanOrEqual(1);

    // the sidebar counts what waits, per question
    const link = (q: string) => page.locator(`nav.sidebar a[href$="/${q}"]`);
    await expect(link('II.a').locator('.waiting-count')).toHaveText('1');
    await expect(link('I.e').locator('.waiting-count')).toHaveText('1');
    // legible (it was white on pale blue), and on the row of its question: answered with a comment (✓, 1, 1), open with one (1, 1), the current one
    await expect(link('II.a').locator('.comment-count')).toHaveText('1');
    await expect(link('I.e').locator('.comment-count')).toHaveText('1');
    expect(await contrast(link('I.e').locator('.waiting-count'))).toBeGreaterThanOrEqual(4.5);
    expect(await contrast(link('II.a').locator('.comment-count'))).toBeGreaterThanOrEqual(4.5);
    // on the current question's row (II.a), the comment count stands out from the row's own colour (both were accent-soft)
    await expect(link('II.a')).toHaveAttribute('aria-current', 'page');
    const [badgeBg, rowBg, ring] = await link('II.a').locator('.comment-count').evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e.closest('a')!).backgroundColor, getComputedStyle(e).boxShadow]);
    expect(badgeBg).not.toBe(rowBg);
    expect(ring).toContain('inset');
    for (const q of ['II.a', 'I.e']) await expectOneRow(link(q));
    await expect(link('II.a').locator('.check')).toBeVisible();

    // after paragraph 2
    await page.locator('li.contribution .placement select').selectOption('2');
    await page.locator('li.contribution .actions button.primary').click();
    await expect(page.locator('li.contribution')).toHaveCount(0);
    const inserted = page.locator('.answer-editor .just-inserted');
    await expect(inserted).toHaveText('Legal aid is missing in the border regions.');
    await expect(inserted).toBeInViewport();
    await expect(page.locator('.answer-editor > p').nth(2)).toHaveText('Legal aid is missing in the border regions.');
    expect(await ok(app, 'answer', 'get', draftId, 'II.a')).toBe([LONG[0], LONG[1], 'Legal aid is missing in the border regions.', ...LONG.slice(2)].join('\n\n'));
    await expect(link('II.a').locator('.waiting-count')).toHaveCount(0);
    await expect(link('I.e').locator('.waiting-count')).toHaveText('1');

    // still waiting under I.e
    await link('I.e').click();
    await expect(page.locator('li.contribution')).toHaveCount(1);

    // the dashboard says from whom: organisation, workshop title, day (in the interface language) and place, each isolated
    await page.evaluate((d) => (location.hash = `#/review/${d}/dashboard`), draftId);
    // (Arabic: a browser set to the United States names no Arab country: the standard month name, not Morocco’s شتنبر)
    await expect(page.locator('.cons-table .from bdi')).toHaveText(['مجلس الجهة', WORKSHOP, lang === 'en' ? '15 September 2020' : '15 سبتمبر 2020', 'Oujda']);
    await expect(page.locator('.cons-table .from')).toHaveText(lang === 'en' ? `مجلس الجهة (workshop “${WORKSHOP}”, 15 September 2020, Oujda) × 1` : `مجلس الجهة (ورشة العمل «${WORKSHOP}»، 15 سبتمبر 2020، Oujda) × 1`);
    await page.goBack();
    await expect(page.locator('li.contribution')).toHaveCount(1);

    // a 1280 px laptop: still beside, and the answer keeps the larger share of the width
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(async () => {
      const e1 = await box(page, '.answer-editor');
      const p1 = await box(page, 'aside.consolidation');
      expect(Math.abs(p1.y - e1.y)).toBeLessThan(120);
      expect(e1.width).toBeGreaterThan(1.4 * p1.width);
      expect(e1.width).toBeGreaterThan(480);
    }).toPass();

    // narrower: the panel goes below the answer
    await page.setViewportSize({ width: 1100, height: 900 });
    const e2 = await box(page, '.answer-editor');
    const p2 = await box(page, 'aside.consolidation');
    expect(p2.y).toBeGreaterThan(e2.y + e2.height);
    expect(problems).toEqual([]);
  });
}

/**
 * Issue 12: waiting contributions sit beside the answer from 1280 px (above/below under it), the
 * answer keeping the larger share of the width,
 * sidebar counts them per question, and accepting inserts at a chosen paragraph, then highlights
 * and scrolls to the new text. A contribution tagged to two questions keeps waiting under the
 * other one. In English and Arabic (right to left).
 */
import type { Page } from '@playwright/test';
import { expect, test, withDraft, type App } from './fixtures';

async function ok(app: App, ...args: string[]): Promise<string> {
  const r = await app.cli(...args);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

const LONG = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1} of a long answer about the coordination mechanism and its working groups.`);

async function seeded(app: App) {
  const draftId = await withDraft(app);
  await ok(app, 'answer', 'set', draftId, 'II.a', '--text', LONG.join('\n\n'));
  const w = await ok(app, 'workshop', 'create', '--title', 'Oujda consultation', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
  await ok(app, 'contribution', 'add', w, '--question', 'II.a,I.e', '--text', 'Legal aid is missing in the border regions.', '--organisation', 'Croissant-Rouge');
  return draftId;
}

const box = async (page: Page, sel: string) => (await page.locator(sel).first().boundingBox())!;

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

    // the sidebar counts what waits, per question
    const link = (q: string) => page.locator(`nav.sidebar a[href$="/${q}"]`);
    await expect(link('II.a').locator('.waiting-count')).toHaveText('1');
    await expect(link('I.e').locator('.waiting-count')).toHaveText('1');

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

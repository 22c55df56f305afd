/**
 * The answer first (issue 11): at 1366x768, on a question of an imported draft, the editor's top
 * edge and the first lines of the answer are inside the viewport; draft-level tools are one
 * compact bar; the unplaced text is one badge per draft that opens a panel and is gone once
 * nothing waits. In English, French and Arabic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { root } from './global-setup';

const LANGS = ['en', 'fr', 'ar'] as const;
type Lang = (typeof LANGS)[number];
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', name), 'utf8')) as { exchange: { tray: { title: string; dismiss: string } } };
const seed = path.join(root, 'test', 'fixtures', 'seed-morocco.txt');

for (const lang of LANGS) {
  test(`at 1366x768 the answer of an imported question is above the fold; one tray badge per draft (${lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const tray = read(`exchange.${lang}.json`).exchange.tray;
    expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministry of Interior')).code).toBe(0);
    const imp = await app.cli('import', 'text', seed, '--title', 'Morocco — imported');
    expect(imp.code, imp.err).toBe(0);
    const draftId = imp.out.trim();
    expect((await app.cli('unplaced', 'list', draftId)).out.trim()).not.toBe('');
    // the first question the import answered
    const shown = await app.cliJson<{ answers: Record<string, { text: string }> }>('draft', 'show', draftId, '--json');
    const q = Object.keys(shown.answers).filter((k) => !k.includes('/')).sort()[0]!;

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(app.url);
    if (lang !== 'en') {
      await page.getByLabel('Language', { exact: true }).selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }
    await page.evaluate(([d, qq]) => (location.hash = `#/draft/${d}/${qq}`), [draftId, q] as const);
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(q.replace('.', '\\.')) })).toBeVisible();
    const editor = page.locator('.answer-editor').first();
    await expect(editor).toContainText(/\S/);
    const box = (await editor.boundingBox())!;
    const firstBlock = (await editor.locator(':scope > *').first().boundingBox())!;
    const measured = `${lang}: editor top ${Math.round(box.y)} px, first line ends ${Math.round(firstBlock.y + Math.min(firstBlock.height, 30))} px`;
    test.info().annotations.push({ type: 'editor-y', description: measured });
    console.log(measured);
    expect(box.y).toBeGreaterThan(0);
    expect(box.y).toBeLessThan(768 - 60);
    // the first line of the answer is readable without scrolling
    expect(firstBlock.y + Math.min(firstBlock.height, 30)).toBeLessThan(768);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    // one badge for the draft, the panel closed; the same on the next question
    const badge = page.getByRole('button', { name: new RegExp(tray.title) });
    await expect(badge).toHaveCount(1);
    await expect(page.locator('.x-tray')).toHaveCount(0);
    await page.getByRole('heading', { level: 2 }).click();
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(q.replace('.', '\\.')) })).toBeHidden();
    await expect(badge).toHaveCount(1);
    await expect(page.locator('.x-tray')).toHaveCount(0);

    // opened, emptied: the badge and the panel are gone, no "0" is left
    await badge.click();
    const region = page.getByRole('region', { name: tray.title });
    await expect(region).toBeVisible();
    while ((await region.getByRole('listitem').count()) > 0) {
      const n = await region.getByRole('listitem').count();
      await region.getByRole('listitem').first().getByRole('button', { name: tray.dismiss }).click();
      await expect(region.getByRole('listitem')).not.toHaveCount(n);
      if (n === 1) break;
    }
    await expect(badge).toHaveCount(0);
    await expect(page.locator('.x-tray')).toHaveCount(0);
    expect((await app.cli('unplaced', 'list', draftId)).out.trim()).toBe('');
    expect(problems).toEqual([]);
  });
}

/**
 * A person's name inside a sentence of another script: an Arabic screen naming "Amina El Idrissi",
 * a French or English screen naming "أمينة الإدريسي". The name is isolated, so the sentence reads
 * in the interface's direction and the words after the name (the date) stay after it: to its left
 * on an Arabic screen, to its right on a French or English one. Measured with the text's geometry.
 */
import type { Locator } from '@playwright/test';
import { expect, test, useLanguage } from './fixtures';

const CASES = [
  { lang: 'ar', name: 'Amina El Idrissi', rtl: true },
  { lang: 'fr', name: 'أمينة الإدريسي', rtl: false },
  { lang: 'en', name: 'أمينة الإدريسي', rtl: false },
] as const;

/**
 * Where the name and the text after it are drawn in `el` (which holds the name once): the
 * horizontal extent of each, from the client rectangles of their ranges of text.
 */
async function sides(el: Locator, name: string) {
  return el.evaluate((node, name) => {
    const texts: Array<{ n: Text; at: number }> = [];
    let full = '';
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      texts.push({ n: n as Text, at: full.length });
      full += (n as Text).data;
    }
    const extent = (from: number, to: number) => {
      const point = (i: number) => {
        const t = [...texts].reverse().find((x) => x.at <= i)!;
        return [t.n, i - t.at] as const;
      };
      const r = document.createRange();
      r.setStart(...point(from));
      r.setEnd(...point(to));
      const rects = [...r.getClientRects()].filter((x) => x.width > 0);
      return { left: Math.min(...rects.map((x) => x.left)), right: Math.max(...rects.map((x) => x.right)) };
    };
    const start = full.indexOf(name);
    const after = full.slice(start + name.length).replace(/\s+$/, '');
    return { name: extent(start, start + name.length), after: extent(start + name.length, start + name.length + after.length), after_text: after };
  }, name);
}

for (const c of CASES) {
  test(`a name in another script keeps its place in the sentence: versions and comments (${c.lang})`, async ({ page, app, problems }) => {
    expect((await app.cli('identity', 'init', '--name', c.name, '--organisation', 'Ministry')).code).toBe(0);
    const draftId = (await app.cli('draft', 'create', '--title', 'Review 2020', '--country', 'Morocco')).out.trim();
    expect((await app.cli('version', 'create', draftId, '--label', 'v1')).code).toBe(0);
    const comment = await app.cli('comment', 'add', draftId, 'I.a', '--text', 'Which ministry leads?');
    expect(comment.code, comment.err).toBe(0);
    expect((await app.cli('comment', 'resolve', comment.out.trim())).code).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, c.lang);

    // the named versions: "{{name}}, {{time}}"
    await page.evaluate((d) => (location.hash = `#/versions/${d}`), draftId);
    const by = page.locator('li.card p.meta').first();
    await expect(by).toContainText(c.name);
    // the resolved comment thread: "Resolved by {{who}}, {{time}}"
    await page.evaluate((d) => (location.hash = `#/draft/${d}/I.a`), draftId);
    const resolved = page.locator('li.thread.resolved > p.meta');
    await expect(resolved).toContainText(c.name);

    for (const el of [by, resolved]) {
      const s = await sides(el, c.name);
      expect(s.after_text.length).toBeGreaterThan(5); // the date follows the name
      if (c.rtl) expect(s.after.right, JSON.stringify(s)).toBeLessThanOrEqual(s.name.left + 0.5);
      else expect(s.after.left, JSON.stringify(s)).toBeGreaterThanOrEqual(s.name.right - 0.5);
    }
    expect(problems).toEqual([]);
  });
}

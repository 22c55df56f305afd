/**
 * Issue 8: an Arabic answer's lists read right-to-left at every level, in the editor and in the
 * print view, whatever the interface language. Checked with element geometry, not attributes:
 * each list's marker area (its padding on the inline-start side, where outside markers are drawn)
 * is on the right of its items, the items' text starts at their right edge, and each nesting level
 * is indented further from the right. One item starts with a Latin acronym, the case dir="auto"
 * on list items drew left-to-right.
 */
import type { Page } from '@playwright/test';
import { expect, openQuestion, test, withDraft } from './fixtures';

const ANSWER = [
  'أنشأت الحكومة لجنة وطنية لتنسيق الاستعراض.',
  '',
  '- وزارة الداخلية',
  '  - UNHCR ومفوضية الأمم المتحدة',
  '    1. وحدة الحدود',
  '    2. 2021 سنة الإطلاق',
  '- المندوبية السامية للتخطيط',
  '',
  '| السنة التي بدأ فيها تسجيل الطلبات | الطلبات المقبولة |',
  '| --- | --- |',
  '| 2014 | 23.096 |',
  '| المجموع | 43.096 |',
].join('\n');

/**
 * How far the text of the answer table's "2014" cell ends from the cell's right edge: a cell of
 * digits only sits on the right like its Arabic neighbours ("المجموع"); dir="auto" made it
 * left-to-right (no strong letter) and drew it at the cell's left, the column ragged.
 */
async function digitsCellGap(page: Page, root: string): Promise<number> {
  const gap = (text: string) =>
    page.locator(root).locator('td', { hasText: text }).first().evaluate((td) => {
      const range = document.createRange();
      range.selectNodeContents(td.querySelector('p') ?? td);
      return td.getBoundingClientRect().right - range.getBoundingClientRect().right;
    });
  return Math.abs((await gap('2014')) - (await gap('المجموع')));
}

interface Geometry {
  depth: number;
  ul: { left: number; right: number };
  li: { left: number; right: number };
  text: { left: number; right: number };
  direction: string;
}

/** For each list item under `root`: its list's box, its own box, its first line of text, its computed direction. */
async function listGeometry(page: Page, root: string): Promise<Geometry[]> {
  return page.locator(root).first().evaluate((el) =>
    [...el.querySelectorAll('li')].map((li) => {
      const list = li.parentElement!;
      let depth = 0;
      for (let p: Element | null = list; p && p !== el; p = p.parentElement) if (p.tagName === 'UL' || p.tagName === 'OL') depth++;
      const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode()!;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const u = list.getBoundingClientRect();
      const l = li.getBoundingClientRect();
      return { depth, ul: { left: u.left, right: u.right }, li: { left: l.left, right: l.right }, text: { left: r.left, right: r.right }, direction: getComputedStyle(li).direction };
    }),
  );
}

function expectRightToLeft(g: Geometry[]) {
  expect(g.length).toBe(5);
  expect(new Set(g.map((x) => x.depth))).toEqual(new Set([1, 2, 3]));
  for (const x of g) {
    expect(x.direction).toBe('rtl');
    // the marker area (inline-start padding) is on the right; nothing is reserved on the left
    expect(x.ul.right - x.li.right).toBeGreaterThan(8);
    expect(Math.abs(x.li.left - x.ul.left)).toBeLessThan(2);
    // the item's text starts at its right edge, just left of the marker (also when it starts with a Latin acronym)
    expect(x.li.right - x.text.right).toBeLessThan(4);
  }
  // deeper levels are indented further from the right
  const rightOf = (d: number) => Math.max(...g.filter((x) => x.depth === d).map((x) => x.li.right));
  expect(rightOf(2)).toBeLessThan(rightOf(1) - 8);
  expect(rightOf(3)).toBeLessThan(rightOf(2) - 8);
}

async function arabicAnswer(app: Parameters<typeof withDraft>[0]) {
  const draftId = await withDraft(app);
  const r = await app.cli('answer', 'set', draftId, 'I.a', '--text', ANSWER);
  expect(r.code, r.err).toBe(0);
  return draftId;
}

test('English interface: the editor and the print view draw an Arabic answer’s three list levels right-to-left', async ({ page, app, problems }) => {
  const draftId = await arabicAnswer(app);
  await openQuestion(page, app, draftId, 'I.a');
  await expect(page.locator('.answer-editor li').first()).toBeVisible();
  await expect(page.locator('.answer-editor')).toHaveAttribute('dir', 'rtl');
  expectRightToLeft(await listGeometry(page, '.answer-editor'));
  await page.getByRole('link', { name: 'Print view' }).click();
  await expect(page.locator('.x-print-doc li').first()).toBeVisible();
  expectRightToLeft(await listGeometry(page, '.x-print-doc tr:has(li)'));
  expect(problems).toEqual([]);
});

test.describe('Arabic interface', () => {
  test.use({ locale: 'ar-MA' });
  test('the editor draws the lists right-to-left, and the print view of an Arabic document too', async ({ page, app, problems }) => {
    const draftId = await arabicAnswer(app);
    expect((await app.cli('draft', 'set', draftId, '--language', 'ar')).code).toBe(0);
    await openQuestion(page, app, draftId, 'I.a');
    await expect(page.locator('.answer-editor li').first()).toBeVisible();
    expectRightToLeft(await listGeometry(page, '.answer-editor'));
    expect(await digitsCellGap(page, '.answer-editor')).toBeLessThan(3);
    await page.evaluate((d) => (location.hash = `#/exchange/print/${d}`), draftId);
    await expect(page.locator('.x-print-doc li').first()).toBeVisible();
    await expect(page.locator('.x-print-doc')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('columnheader', { name: 'الأسئلة' }).first()).toBeVisible();
    await expect(page.locator('.x-print-doc')).toContainText('لم تتم الإجابة');
    // the question column is on the right of the answer column
    const q = await page.getByRole('columnheader', { name: 'الأسئلة' }).first().boundingBox();
    const a = await page.getByRole('columnheader', { name: 'الإجابات' }).first().boundingBox();
    expect(q!.x).toBeGreaterThan(a!.x);
    expectRightToLeft(await listGeometry(page, '.x-print-doc tr:has(li)'));
    expect(await digitsCellGap(page, '.x-print-doc')).toBeLessThan(3);
    expect(problems).toEqual([]);
  });
});

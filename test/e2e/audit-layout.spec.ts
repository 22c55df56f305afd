/**
 * The audit table fits the page and keeps its columns readable when a row holds a long token
 * without spaces (a signer's sha256 fingerprint, a bundle id, a file path): before, one
 * fingerprint widened the "what" column to 640 px, pushed the table past the page and left the
 * "after" column 60 px wide, one word (or a few letters) a line. Measured in en, fr and ar.
 */
import { expect, test, useLanguage } from './fixtures';
import { makeConflict } from './conflict-setup';

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`the audit table fits the page with a fingerprint in a row (${lang})`, async ({ page, app, problems }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    const master = await makeConflict(app.db, 'places');
    // a long answer (a real review's answers run to pages): its row stayed as tall as the whole text,
    // 37 rows made a page 53,000 px long
    const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} on the national coordination mechanism.`).join('\n\n');
    expect((await app.cli('answer', 'set', master, 'I.b', '--text', long)).code).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, lang);
    await page.evaluate((h) => (location.hash = h), `#/review/${master}/audit`);
    const table = page.locator('table.audit-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(table).toContainText('sha256:'); // the row that widened the column is there
    const g = await table.evaluate((t) => {
      const box = t.parentElement!.getBoundingClientRect();
      const r = t.getBoundingClientRect();
      const heads = [...t.querySelectorAll('thead th')].map((th) => th.getBoundingClientRect().width);
      return { overflow: Math.max(box.left - r.left, r.right - box.right), heads };
    });
    expect(g.overflow).toBeLessThanOrEqual(1);
    // who, before, after: wide enough for words, not letters
    for (const i of [1, 3, 4]) expect(g.heads[i]).toBeGreaterThan(120);
    // the long answer's row: a few lines of it and a button that shows it whole, the focus kept on it
    const row = table.locator('tbody tr', { hasText: 'Paragraph 1 on the national' }).first();
    expect((await row.boundingBox())!.height).toBeLessThan(300);
    const more = row.locator('td.clip button[aria-expanded]');
    await more.focus();
    await page.keyboard.press('Enter');
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    await expect(more).toBeFocused();
    await expect(row).toContainText('Paragraph 40 on the national');
    expect(problems).toEqual([]);
  });
}

/**
 * A name at the end of a stored phrase on an Arabic screen ("أعاده Karim (Ministry of Labour)",
 * the why of a returned draft's merge) keeps its closing parenthesis after "Labour": the stored
 * phrases' values are isolated as Sentence isolates them. Without it the bidi algorithm gives the
 * final ")" to the right-to-left sentence and draws it at the far left, mirrored.
 */
test('a name at the end of an Arabic stored phrase keeps its parenthesis (ar)', async ({ page, app, problems }) => {
  const master = await makeConflict(app.db, 'places');
  await page.goto(app.url);
  await useLanguage(page, 'ar');
  await page.evaluate((h) => (location.hash = h), `#/review/${master}/audit`);
  const cell = page.locator('table.audit-table td', { hasText: 'Karim (Ministry of Labour)' }).last();
  await expect(cell).toBeVisible();
  const x = await cell.evaluate((td) => {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    let labour: DOMRect | null = null;
    let paren: DOMRect | null = null;
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf('Labour)');
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 6);
      labour = r.getBoundingClientRect();
      r.setStart(n, i + 6);
      r.setEnd(n, i + 7);
      paren = r.getBoundingClientRect();
    }
    return { labour: labour && { left: labour.left, right: labour.right, top: labour.top }, paren: paren && { left: paren.left, top: paren.top } };
  });
  expect(x.labour && x.paren).toBeTruthy();
  // on the same line, just right of "Labour"
  expect(Math.abs(x.paren!.top - x.labour!.top)).toBeLessThan(4);
  expect(x.paren!.left).toBeGreaterThanOrEqual(x.labour!.right - 1);
  expect(x.paren!.left - x.labour!.right).toBeLessThan(4);
  expect(problems).toEqual([]);
});

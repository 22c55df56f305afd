import { expect, openQuestion, test, withDraft } from './fixtures';

/** Screenshots of the main views in English and Arabic, for review (test-results/screens/). */
test('screenshots of the main views in English and Arabic', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/identity-en.png' });
  const draftId = await withDraft(app);
  await page.reload();
  await app.cli('answer', 'set', draftId, 'I.b', '--text', 'The National Committee.\n\n- Ministry of Interior\n  - Directorate\n    - Unit\n\nتتولى وزارة الداخلية تنسيق المراجعة الوطنية.');
  await app.cli('answer', 'set', draftId, 'I.b', '--text', 'The National Committee on Migration.\n\n- Ministry of Interior\n  - Directorate of Migration\n    - Unit\n\nتتولى وزارة الداخلية تنسيق المراجعة.');
  await openQuestion(page, app, draftId, 'I.b');
  await page.getByRole('button', { name: 'History' }).click();
  await page.locator('.revisions > li').first().getByRole('button', { name: /^Changes made in the session/ }).click(); // two saves in a row: one session
  await page.screenshot({ path: 'test-results/screens/history-en.png', fullPage: true });
  await app.cli('answer', 'set', draftId, 'I.b', '--text', 'Changed elsewhere.');
  await page.locator('.answer-editor').click();
  await page.keyboard.type(' more');
  await expect(page.locator('.conflict')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/conflict-en.png', fullPage: true });
  await page.getByLabel('Language', { exact: true }).selectOption('ar');
  await openQuestion(page, app, draftId, 'III.a');
  await page.getByLabel('حالة الهدف 1', { exact: true }).selectOption('in_progress');
  await page.screenshot({ path: 'test-results/screens/objectives-ar.png' });
  await openQuestion(page, app, draftId, 'III.b');
  await page.screenshot({ path: 'test-results/screens/principles-ar.png' });
  await page.evaluate(() => (location.hash = '#/search/' + encodeURIComponent('الداخلية')));
  await expect(page.locator('.search-hits, .empty')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/search-ar.png' });
  await page.goto(app.url);
  await expect(page.locator('.draft-card')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/home-ar.png' });
  // on a narrow window the draft's "answered" line stays on one line (at 800 px "أجيب عن 23 من 23"
  // broke before its last number, the bar beside it keeping its width)
  await page.setViewportSize({ width: 720, height: 800 });
  const lines = await page.locator('.draft-card .progress-text').first().evaluate((e) => {
    const r = document.createRange();
    r.selectNodeContents(e);
    return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
  });
  expect(lines).toBe(1);
});

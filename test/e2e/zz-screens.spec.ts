import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';

test('screens', async ({ page, app }) => {
  const draftId = await withDraft(app);
  await app.cli('answer', 'set', draftId, 'I.b', '--text', 'The National Committee.\n\n- Ministry of Interior\n  - Directorate\n    - Unit\n\nتتولى وزارة الداخلية تنسيق المراجعة الوطنية.');
  await page.goto(app.url);
  await expect(page.locator('.draft-card')).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/home-en.png' });
  await openQuestion(page, app, draftId, 'I.b');
  await page.screenshot({ path: '/tmp/shots/draft-en.png' });
  await page.getByRole('button', { name: 'History' }).click();
  await page.screenshot({ path: '/tmp/shots/history-en.png', fullPage: true });
  await openQuestion(page, app, draftId, 'III.a');
  await page.screenshot({ path: '/tmp/shots/objectives-en.png', fullPage: true });
  await page.getByLabel('Language').selectOption('ar');
  await openQuestion(page, app, draftId, 'I.b');
  await page.screenshot({ path: '/tmp/shots/draft-ar.png' });
  await page.goto(app.url);
  await expect(page.locator('.draft-card')).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/home-ar.png' });
});

import { seriousViolations } from './axe';
import { expect, openQuestion, test, withDraft } from './fixtures';

test('no serious or critical accessibility violations on home, draft, history and objectives, in English and Arabic', async ({ page, app, problems }) => {
  test.setTimeout(480_000); // seven axe scans: about 45 s alone, over 2 min on a loaded 2-core machine
  const draftId = await withDraft(app);
  await app.cli('answer', 'set', draftId, 'I.a', '--text', 'First.\n\n- one\n  - two\n\nالنص العربي.');
  await app.cli('answer', 'set', draftId, 'I.a', '--text', 'Second.');
  await page.goto(app.url);
  await expect(page.locator('.draft-card')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await openQuestion(page, app, draftId, 'I.a');
  await page.getByRole('button', { name: 'History' }).click();
  await page.locator('.revisions > li').first().getByRole('button', { name: /^Changes made in the session/ }).click(); // two saves in a row: one session
  await expect(page.locator('.diff')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await openQuestion(page, app, draftId, 'III.a');
  expect(await seriousViolations(page)).toEqual([]);
  await openQuestion(page, app, draftId, 'III.b');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Language', { exact: true }).selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto(app.url);
  await expect(page.locator('.draft-card')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the first-run screen and the trash have no serious violations', async ({ page, app, problems }) => {
  await page.goto(app.url);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await withDraft(app);
  await page.goto(app.url + '');
  await page.reload();
  await page.getByRole('button', { name: /Move .* to trash/ }).click();
  await page.getByRole('link', { name: 'Trash' }).click();
  await expect(page.getByRole('button', { name: /Restore/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

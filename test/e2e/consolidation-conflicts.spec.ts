import { expect, test, withDraft } from './fixtures';
import { makeConflict } from './conflict-setup';

test('a conflict from a returned draft is resolved side by side by combining both texts', async ({ page, app, problems }) => {
  await withDraft(app);
  const master = await makeConflict(app.db);
  await page.goto(app.url);
  await page.evaluate((d) => (location.hash = `#/draft/${d}/II.a`), master);
  const bar = page.getByRole('region', { name: 'Review' });
  await expect(bar.getByRole('link', { name: /Conflicts/ })).toContainText('1');
  await bar.getByRole('link', { name: /Conflicts/ }).click();
  await expect(page.getByRole('heading', { name: '1 conflict to resolve' })).toBeVisible();
  await page.getByRole('link', { name: 'Resolve II.a' }).click();

  const sides = page.locator('.conflict-place .three-columns .conflict-side');
  await expect(sides.nth(0)).toContainText('Law 02-03.');
  await expect(sides.nth(1)).toContainText('Law 02-03 (2003).');
  await expect(sides.nth(2)).toContainText('Law 02-03 and law 27-14.');
  await expect(sides.nth(2)).toContainText('Karim (Ministry of Labour)');
  await expect(page.locator('.conflict-place .diff ins').first()).toBeVisible();
  // the place's buttons clear its columns, and the whole answer's buttons the place's border (they touched them)
  const box = async (css: string) => (await page.locator(css).first().boundingBox())!;
  expect((await box('.conflict-place .actions')).y).toBeGreaterThanOrEqual((await box('.conflict-place .three-columns')).y + (await box('.conflict-place .three-columns')).height + 4);
  const place = await box('.conflict-place');
  expect((await box('.conflict-resolve > .actions')).y).toBeGreaterThanOrEqual(place.y + place.height + 4);

  await page.getByText('Or write the whole answer by hand').click();
  const merged = page.getByLabel('Combine: the merged text');
  await expect(merged).toHaveValue('Law 02-03 (2003).');
  // meanwhile someone edits the answer (the same place): the text begun before is not saved over it
  expect((await app.cli('answer', 'set', master, 'II.a', '--text', 'Law 02-03 (2003), amended in 2011.')).code).toBe(0);
  await merged.fill('Law 02-03 (2003) and law 27-14.');
  await page.getByRole('button', { name: 'Save the combined text' }).click();
  await expect(page.getByText('The answer was changed since this text was begun: nothing was overwritten.')).toBeVisible();
  expect((await app.cli('answer', 'get', master, 'II.a')).out).toBe('Law 02-03 (2003), amended in 2011.');

  // opened again: the way out of a place the edit touched too
  await page.reload();
  await expect(page.locator('.edited-since')).toContainText('This answer was changed after the merge');
  await expect(page.locator('.edited-since').getByRole('button', { name: 'Keep the current text' })).toBeVisible();
  await page.locator('.conflict-place').getByRole('button', { name: 'Take theirs' }).click();
  await expect(page.locator('.conflict-place')).toContainText('only ours can be kept there');
  const current = page.getByLabel('Combine: the current text');
  await expect(current).toHaveValue('Law 02-03 (2003), amended in 2011.');
  await expect(page.locator('form .conflict-side')).toContainText('Their version, to copy from');
  await expect(page.locator('form .conflict-side')).toContainText('Law 02-03 and law 27-14.');
  await current.fill('Law 02-03 (2003), amended in 2011, and law 27-14.');
  await page.getByRole('button', { name: 'Save the combined text' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Resolved; both versions stay in the history.' })).toBeVisible();
  // the form that did it is gone: the focus is on the way back, not left at the top of the page
  await expect(page.getByRole('status').getByRole('link', { name: 'All conflicts' })).toBeFocused();
  await expect(page.getByText('This conflict is resolved.')).toBeVisible();

  expect((await app.cli('answer', 'get', master, 'II.a')).out).toBe('Law 02-03 (2003), amended in 2011, and law 27-14.');
  await page.evaluate((d) => (location.hash = `#/draft/${d}/II.a`), master);
  await expect(page.locator('.answer-editor')).toHaveText('Law 02-03 (2003), amended in 2011, and law 27-14.');
  await expect(bar.getByRole('link', { name: /Conflicts/ }).locator('.badge')).toHaveCount(0);
});

import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';

test('a workshop is recorded and captured by keyboard; its contributions are accepted or dismissed beside the master answer', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'II.a');
  // Something already in the master answer: the contribution goes after it.
  await page.locator('.answer-editor').click();
  await page.keyboard.type('The master answer.');
  await waitSaved(page);

  await page.getByRole('link', { name: 'Workshops' }).click();
  await page.getByLabel('Title').fill('Regional consultation, Oriental');
  await page.getByLabel('Date').fill('2020-09-15');
  await page.getByLabel('Place').fill('Oujda');
  await page.getByLabel('Organising authority').fill('Wilaya of the Oriental region');
  await page.getByLabel('Master draft it feeds').selectOption({ label: 'Morocco — national review 2020' });
  await page.getByRole('button', { name: 'Create workshop' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Regional consultation, Oriental' })).toBeVisible();

  const people = page.getByRole('form', { name: 'Add participant' });
  await people.getByLabel('Name', { exact: true }).fill('Fatima Zahra');
  await people.getByLabel('Organisation').fill('Association Oujda Migrants');
  await people.getByLabel('Kind').selectOption('migrant_association');
  await people.getByLabel('Agrees to be named in exports').check();
  await people.getByRole('button', { name: 'Add participant' }).click();
  await expect(page.getByRole('heading', { name: '1 participant' })).toBeVisible();

  // Capture, keyboard only: who speaks, targets by type-ahead, text, Ctrl+Enter.
  await page.getByLabel('Who speaks').selectOption({ label: 'Fatima Zahra (Association Oujda Migrants)' });
  const picker = page.getByRole('combobox', { name: 'Questions and objectives' });
  await picker.focus();
  await page.keyboard.type('II.a');
  await expect(page.getByRole('listbox', { name: 'Questions and objectives' }).getByRole('option').first()).toContainText('II.a');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove II.a' })).toBeVisible();
  const box = page.getByLabel('What was said');
  await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  await page.keyboard.type('Migrants need legal aid in Oujda.');
  await page.keyboard.press('Control+Enter');
  await expect(box).toHaveValue('');
  await expect(box).toBeFocused();
  await expect(page.getByRole('heading', { name: '1 contribution captured' })).toBeVisible();

  await picker.focus();
  await page.keyboard.type('Obj 7');
  await expect(page.getByRole('listbox', { name: 'Questions and objectives' }).getByRole('option').first()).toContainText('Obj 7');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove Obj 7' })).toBeVisible();
  await box.focus();
  await page.keyboard.type('Shelters are too few for women on the move.');
  await page.keyboard.press('Control+Enter');
  await expect(box).toHaveValue('');
  await expect(page.getByRole('heading', { name: '2 contributions captured' })).toBeVisible();
  await expect(page.locator('.captured > li').first()).toContainText('Obj 7');

  // The master draft, question II.a: both wait there with their provenance.
  await page.getByRole('link', { name: 'Open the master draft' }).click();
  await page.evaluate((d) => (location.hash = `#/draft/${d}/II.a`), draftId);
  const panel = page.locator('aside.consolidation');
  await expect(panel.getByRole('heading', { name: '2 contributions waiting' })).toBeVisible();
  const first = panel.locator('li.contribution', { hasText: 'legal aid' });
  await expect(first).toContainText('Fatima Zahra (Association Oujda Migrants)');
  await expect(first).toContainText('Regional consultation, Oriental');
  await first.getByRole('button', { name: 'Accept' }).click();
  await expect(panel.getByRole('heading', { name: '1 contribution waiting' })).toBeVisible();
  await expect(page.locator('.answer-editor')).toContainText('The master answer.Migrants need legal aid in Oujda.');
  // No false conflict: typing on top of the accepted text saves normally.
  await page.locator('.answer-editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Noted.');
  await waitSaved(page);
  const got = await app.cli('answer', 'get', draftId, 'II.a');
  expect(got.out).toBe('The master answer.\n\nMigrants need legal aid in Oujda. Noted.');

  await panel.getByRole('button', { name: 'Show the sources of this answer' }).click();
  await expect(panel.getByRole('region', { name: 'Sources of this answer' })).toContainText('Association Oujda Migrants');

  const second = panel.locator('li.contribution', { hasText: 'Shelters' });
  await second.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Why is it dismissed?').fill('Belongs under objective 7 only');
  await page.getByRole('button', { name: 'Dismiss contribution' }).click();
  await expect(panel.getByText('No contribution is waiting for this question.')).toBeVisible();

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.locator('.dismissed')).toContainText('Belongs under objective 7 only');
  await expect(page.locator('.objective-said')).toContainText('Shelters are too few');
  const row = page.locator('.cons-table tr', { hasText: 'II.a' });
  await expect(row.locator('td').nth(2)).toHaveText('1');
});

import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';

test('when a save fails the text stays, the reason is shown, and it is retried until saved', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'IV.a');
  let refused = 0;
  await page.route('**/api/saveField', (route) => {
    refused++;
    return route.abort('connectionrefused');
  });
  await page.locator('.answer-editor').click();
  await page.keyboard.type('Budget line 12 funds the review.');
  const status = page.locator('.answer-footer .save-status');
  await expect(status).toContainText('Not saved: the application is not reachable');
  await expect(status).toContainText('retrying in');
  await expect(page.locator('.answer-editor')).toHaveText('Budget line 12 funds the review.');
  expect((await app.cli('answer', 'get', draftId, 'IV.a')).out).toBe('');
  await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThan(1); // retried on its own

  await page.unroute('**/api/saveField');
  await waitSaved(page);
  expect((await app.cli('answer', 'get', draftId, 'IV.a')).out).toBe('Budget line 12 funds the review.');
  // The browser's own error lines for the refused requests are expected; nothing else.
  expect(problems).toEqual([]);
});

test('text typed just before the window closes is saved', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'IV.b');
  await page.locator('.answer-editor').click();
  await page.keyboard.type('Typed at the last second');
  // No waiting for the debounce: close at once (beforeunload/pagehide flush the save).
  await page.close({ runBeforeUnload: true });
  await expect.poll(async () => (await app.cli('answer', 'get', draftId, 'IV.b')).out, { timeout: 10_000 }).toBe('Typed at the last second');
  expect(problems).toEqual([]);
});

test('leaving the question saves it at once, and coming straight back shows the latest text', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'IV.c');
  await page.locator('.answer-editor').click();
  await page.keyboard.type('Quick edit');
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /IV\.c/ })).toBeVisible();
  await expect(page.locator('.answer-editor')).toHaveText('Quick edit');
  await page.locator('.answer-editor').click();
  await page.keyboard.press('End');
  await page.keyboard.type(', continued');
  await waitSaved(page);
  await expect(page.locator('.conflict')).toHaveCount(0);
  expect((await app.cli('answer', 'get', draftId, 'IV.c')).out).toBe('Quick edit, continued');
  expect(problems).toEqual([]);
});

test('editor: undo/redo, outdent from the toolbar, links, word count', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'II.b');
  const editor = page.locator('.answer-editor');
  await editor.click();
  await page.keyboard.type('See the national strategy');
  await expect(page.locator('.word-count')).toHaveText('4 words');
  // A link on the selected words, from the keyboard (Ctrl+K).
  for (let i = 0; i < 'national strategy'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Control+k');
  await page.getByLabel('Link address').fill('migration.gov.ma/strategy');
  await page.getByLabel('Link address').press('Enter');
  await expect(editor.locator('a')).toHaveAttribute('href', 'https://migration.gov.ma/strategy');
  await expect(editor.locator('a')).toHaveText('national strategy');
  // TipTap gives focus back to the editor in the next animation frame: keys sent before it go elsewhere.
  await expect(editor).toBeFocused();
  // A list item indented, then outdented with the toolbar.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- one');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('two');
  await expect(editor.locator('ul ul li')).toHaveText('two');
  await page.getByRole('button', { name: 'Outdent list item' }).click();
  await expect(editor.locator('ul ul')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.locator('ul ul li')).toHaveText('two');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(editor.locator('ul ul')).toHaveCount(0);
  await waitSaved(page);
  const got = await app.cliJson<{ value: { doc: unknown } }>('answer', 'get', draftId, 'II.b', '--json');
  expect(JSON.stringify(got.value.doc)).toContain('{"type":"link","attrs":{"href":"https://migration.gov.ma/strategy"}}');
  expect(problems).toEqual([]);
});

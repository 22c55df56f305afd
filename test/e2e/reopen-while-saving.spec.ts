/**
 * A question reopened while its own save is still on its way (Alt+Down, then Alt+Up at once, on a
 * slow disk or a busy laptop). Its editors used to wait for that save before opening: the keys typed
 * meanwhile went nowhere. Now the field's editor takes over the saver still storing its text, opens
 * on that text at once and saves on after it. Here the save is held on its way until the test has
 * typed on, so the test does not depend on how fast the machine is.
 */
import { expect, holdNextSave, openNewDraft, paste, test, waitSaved } from './fixtures';

const CASES = {
  en: { first: 'Law 02-03 ', onward: 'of 2003.', saving: 'Saving…' },
  fr: { first: 'Loi 02-03 ', onward: 'de 2003.', saving: 'Enregistrement…' },
  ar: { first: 'القانون 02-03 ', onward: '2003.', saving: 'جارٍ الحفظ…' },
} as const;

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`keys typed in a question reopened while its save is on its way are kept (${lang})`, async ({ page, app, problems }) => {
    const c = CASES[lang];
    const draftId = await openNewDraft(page, app, lang, 'I.b');
    const editor = page.locator('.answer-editor');
    await editor.click();
    await page.keyboard.insertText(c.first);
    await expect(editor).toHaveText(c.first);
    const held = await holdNextSave(page); // I.b's save, sent as it is left
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByRole('heading', { level: 2, name: /I\.c/ })).toBeVisible();
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.type(c.onward);
    // still held: the answer shows what was typed before leaving and after coming back
    await expect(page.getByRole('heading', { level: 2, name: /I\.b/ })).toBeVisible();
    await expect(editor).toHaveText(`${c.first}${c.onward}`);
    await expect(page.locator('.answer-footer .save-status')).toHaveText(c.saving);
    await held.release();
    await waitSaved(page);
    await expect.poll(async () => (await app.cli('answer', 'get', draftId, 'I.b')).out.trim(), { timeout: 10_000 }).toBe(`${c.first}${c.onward}`.trim());
    // saved on after the held save (two revisions, no conflict), not over it
    const history = await app.cliJson<Array<{ id: string; parentId: string | null; createdAt: string }>>('answer', 'history', draftId, 'I.b', '--json');
    expect(history).toHaveLength(2);
    const [older, newer] = [...history].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.parentId === b.id ? 1 : -1));
    expect(newer!.parentId).toBe(older!.id);
    expect(problems).toEqual([]);
  });
}

test('an objective reopened while its status is being saved shows that status, and its note saves with it (fr)', async ({ page, app, problems }) => {
  const draftId = await openNewDraft(page, app, 'fr', 'III.a');
  const row = page.locator('.objectives tbody tr').nth(4);
  const held = await holdNextSave(page);
  await row.locator('select').selectOption('in_progress'); // saved at once, and held
  await page.locator('.pager button.primary').click();
  await expect(page.getByRole('heading', { level: 2, name: /III\.b/ })).toBeVisible();
  await page.locator('.pager button').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /III\.a/ })).toBeVisible();
  await expect(row.locator('select')).toHaveValue('in_progress');
  await row.locator('.answer-editor').click();
  await page.keyboard.insertText('Accord signé en 2019.');
  await held.release();
  await row.locator('.answer-editor').blur();
  await expect(row.locator('.save-status')).toHaveText(/Enregistré/, { timeout: 10_000 });
  const o = await app.cliJson<{ value: { status: string } }>('answer', 'get', draftId, 'III.a/objective/5', '--json');
  expect(o.value.status).toBe('in_progress');
  expect(JSON.stringify(o.value)).toContain('Accord signé en 2019.');
  expect(problems).toEqual([]);
});

test('lists stop at eight levels and tables at 1,000 rows, by Tab and by paste; a text that cannot be saved as it is (a table of 51 columns) is still there when reopened, and saves once fixed (ar)', async ({ page, app, problems }) => {
  test.setTimeout(180_000);
  const draftId = await openNewDraft(page, app, 'ar', 'I.b');
  const editor = page.locator('.answer-editor');
  const levels = (n: number) => editor.locator(Array(n).fill('li').join(' '));
  await editor.click();
  // eight levels of list by Tab (the most a document holds); a ninth Tab does nothing
  const items = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8', 'i9'];
  await page.keyboard.type(`- ${items[0]}`);
  for (const item of items.slice(1)) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type(item);
  }
  await expect(levels(8)).toHaveText(['h8', 'i9']);
  await expect(levels(9)).toHaveCount(0);
  await expect(editor).toBeFocused();
  await waitSaved(page);
  expect((await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.b', '--json')).text).toContain('i9');
  // a list of three levels pasted there, at the eighth: what would go deeper is written as its paragraphs
  await paste(page, '<ul><li>j1<ul><li>j2<ul><li>j3</li></ul></li></ul></li></ul>');
  await expect(editor).toContainText('j3');
  await expect(levels(9)).toHaveCount(0);
  await expect.poll(async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.b', '--json')).text, { timeout: 10_000 }).toContain('j3');

  // ten levels pasted into the next answer: eight kept as lists, the deeper items as paragraphs; saved
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /I\.c/ })).toBeVisible();
  const ten = Array.from({ length: 10 }, (_, i) => `<ul><li>م${i + 1}`).join('') + Array(10).fill('</li></ul>').join('');
  await paste(page, ten);
  await expect(levels(8).locator('p')).toHaveText(['م8', 'م9', 'م10']);
  await expect(levels(9)).toHaveCount(0);
  await expect.poll(async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.c', '--json')).text, { timeout: 10_000 }).toContain('م10');

  // a table of 1,001 rows pasted into the next (1,000 is the most a table holds): the last row
  // continues in a table of its own; saved
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /I\.d/ })).toBeVisible();
  const rows = Array.from({ length: 1001 }, (_, i) => `<tr><td>صف ${i + 1}</td><td>${i + 1}</td></tr>`).join('');
  await paste(page, `<table>${rows}</table>`);
  await expect(editor.locator('table')).toHaveCount(2);
  await expect(editor.locator('tr')).toHaveCount(1001);
  await expect.poll(async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.d', '--json')).text, { timeout: 20_000 }).toContain('صف 1001');

  // a table of 51 columns pasted into the next (50 is the most): it cannot be saved as it is; left
  // and reopened, it is all there (before: the last text that could be saved)
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /I\.e/ })).toBeVisible();
  const wide = (r: number) => `<tr>${Array.from({ length: 51 }, (_, c) => `<td>خ${r}-${c + 1}</td>`).join('')}</tr>`;
  await paste(page, `<table>${wide(1)}${wide(2)}</table>`);
  await expect(editor.locator('tr').first().locator('td')).toHaveCount(51);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByRole('heading', { level: 2, name: /I\.d/ })).toBeVisible();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /I\.e/ })).toBeVisible();
  await expect(editor.locator('tr').first().locator('td')).toHaveCount(51);
  // fixed (the last column deleted, the caret being in it): saved, the column before it in the answer
  await page.locator('.toolbar .tool-colDelete').click();
  await expect(editor.locator('tr').first().locator('td')).toHaveCount(50);
  await expect.poll(async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.e', '--json')).text, { timeout: 20_000 }).toContain('خ2-50');
  expect(problems).toEqual([]);
});

test('an objective whose note cannot be saved as it is keeps it when its status changes and when reopened (fr)', async ({ page, app, problems }) => {
  const draftId = await openNewDraft(page, app, 'fr', 'III.a');
  const row = page.locator('.objectives tbody tr').nth(2);
  const note = row.locator('.answer-editor');
  await note.click();
  await page.keyboard.insertText('Accord de 2019.');
  await note.blur();
  await expect(row.locator('.save-status')).toHaveText(/Enregistré/, { timeout: 10_000 });
  // a table of 51 columns pasted into the note (50 is the most): the note cannot be saved as it is
  await note.click();
  await page.keyboard.press('Control+End');
  const wide = `<tr>${Array.from({ length: 51 }, (_, c) => `<td>k${c + 1}</td>`).join('')}</tr>`;
  await note.evaluate((el, h) => {
    const dt = new DataTransfer();
    dt.setData('text/html', h);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, `<table>${wide}</table>`);
  await expect(note.locator('td')).toHaveCount(51);
  // the status changed meanwhile: before, the note went back to what was stored, the table gone
  await row.locator('select').selectOption('achieved');
  await page.locator('.pager button.primary').click();
  await expect(page.getByRole('heading', { level: 2, name: /III\.b/ })).toBeVisible();
  await page.locator('.pager button').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /III\.a/ })).toBeVisible();
  await expect(row.locator('select')).toHaveValue('achieved');
  await expect(note.locator('td')).toHaveCount(51);
  await expect(note).toContainText('Accord de 2019.');
  expect(problems).toEqual([]);
});

import { expect, holdNextSave, openQuestion, test, waitSaved, withDraft } from './fixtures';

interface Rev {
  id: string;
  text: string;
  note: string | null;
  parentId: string | null;
}

test('restoring an older revision brings its text back as a new revision', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'I.c');
  const editor = page.locator('.answer-editor');
  const status = page.locator('.answer-footer .save-status');
  await editor.click();
  // Each part as one input, so that they are two saves however loaded the machine: typed key by
  // key, a key that comes over 600 ms after the one before saves the part typed so far on its own.
  await page.keyboard.insertText('The Ministry of Labour.');
  await waitSaved(page);
  const second = await holdNextSave(page);
  await page.keyboard.insertText(' And the Ministry of Health.');
  await expect(status).toHaveText('Saving…');
  await second.release();
  await waitSaved(page);
  await expect(editor).toHaveText('The Ministry of Labour. And the Ministry of Health.');

  await page.getByRole('button', { name: 'History' }).click();
  // Two saves in a row by one author: one editing session, which expands to its two saves.
  const sessions = page.locator('.revisions > li.hist-session-row');
  await expect(sessions).toHaveCount(1);
  await expect(sessions.first()).toContainText('Amina Test (Ministry of Interior)');
  await expect(sessions.first()).toContainText('2 saves');
  await expect(sessions.first()).toContainText('+9 / −0 words');
  await sessions.first().getByRole('button', { name: /^Show the 2 saves of the session of/ }).click();
  const saves = page.locator('.revisions > li.hist-save-row');
  await expect(saves).toHaveCount(2);

  // Compare the older save with the current text: a word-level diff.
  await saves.nth(1).getByRole('button', { name: /^Compare/ }).click();
  await expect(page.locator('.diff ins')).toHaveText(' And the Ministry of Health.');

  await saves.nth(1).getByRole('button', { name: /^Restore/ }).click();
  await expect(editor).toHaveText('The Ministry of Labour.');
  // the focus stays in the history (its heading), not lost to the page: the restore button is
  // disabled while it runs and its save row goes when the list reloads
  await expect(page.getByRole('heading', { level: 3, name: 'Versions of this answer' })).toBeFocused();
  // The restore is a session of its own, on top; the edits stay in history.
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText('restored from an earlier version');
  await expect(status).toHaveText(/Saved at/);

  // The store agrees: three revisions, the newest a restore of the first, on top of the second.
  const history = await app.cliJson<Rev[]>('answer', 'history', draftId, 'I.c', '--json');
  expect(history).toHaveLength(3);
  expect(history[0]!.text).toBe('The Ministry of Labour.');
  expect(history[0]!.note).toContain(`restored from revision ${history[2]!.id}`);
  expect(history[0]!.parentId).toBe(history[1]!.id);
  expect((await app.cli('answer', 'get', draftId, 'I.c')).out).toBe('The Ministry of Labour.');

  // Editing after the restore continues on top of it (no conflict).
  await editor.click();
  await page.keyboard.press('End');
  // the status reads "Saved at" since the restore: it must say "Saving…" first, or the next "Saved at" may be the restore's
  const edit = await holdNextSave(page);
  await page.keyboard.type(' Updated.');
  await expect(status).toHaveText('Saving…');
  await edit.release();
  await waitSaved(page);
  expect((await app.cli('answer', 'get', draftId, 'I.c')).out).toBe('The Ministry of Labour. Updated.');
  expect(problems).toEqual([]);
});

test('a conflicting change made elsewhere is never overwritten; the user keeps both and chooses', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await app.cli('answer', 'set', draftId, 'I.d', '--text', 'Original text.');
  await openQuestion(page, app, draftId, 'I.d');
  // Someone else (here: the CLI) saves a new version while the page is open.
  expect((await app.cli('answer', 'set', draftId, 'I.d', '--text', 'Their text from the other laptop.')).code).toBe(0);
  const editor = page.locator('.answer-editor');
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' My addition.');
  const conflict = page.locator('.conflict');
  await expect(conflict).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('.answer-footer .save-status')).toHaveText(/Not saved: this answer was changed elsewhere/);
  await expect(conflict).toContainText('Their text from the other laptop.');
  await expect(editor).toHaveText('Original text. My addition.');
  // Nothing was overwritten.
  expect((await app.cli('answer', 'get', draftId, 'I.d')).out).toBe('Their text from the other laptop.');

  // Merge: bring their text in below mine, then save the result as a new version on top of theirs.
  await conflict.getByRole('button', { name: 'Add the saved version below my text' }).click();
  await conflict.getByRole('button', { name: 'Save my text as the new version' }).click();
  await expect(conflict).toBeHidden();
  await page.waitForFunction(() => /Saved at/.test(document.querySelector('.answer-footer .save-status')?.textContent ?? ''));
  expect((await app.cli('answer', 'get', draftId, 'I.d')).out).toBe('Original text. My addition.\n\nTheir text from the other laptop.');
  const history = await app.cliJson<Rev[]>('answer', 'history', draftId, 'I.d', '--json');
  expect(history.map((h) => h.text)).toEqual([
    'Original text. My addition.\nTheir text from the other laptop.', // revision text: one line per paragraph
    'Their text from the other laptop.',
    'Original text.',
  ]);
  expect(problems).toEqual([]);
});

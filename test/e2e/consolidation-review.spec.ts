import fs from 'node:fs';
import path from 'node:path';
import { unpack } from '../bundle-tools';
import { expect, openQuestion, test, useLanguage, waitSaved, withDraft } from './fixtures';
import { root } from './global-setup';

test('review: submit, return with a comment, approve; editing the final draft opens version 2 and version 1 stays viewable', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  expect((await app.cli('review', 'rule', 'off')).code).toBe(0); // one person plays both roles here (the rule: consolidation-safeguards.spec.ts)
  await openQuestion(page, app, draftId, 'I.a');
  await page.locator('.answer-editor').click();
  await page.keyboard.type('Approved text.');
  await waitSaved(page);

  const bar = page.getByRole('region', { name: 'Review' });
  await expect(bar.getByRole('status')).toHaveText(/In progress\s+version 1/);
  await bar.getByRole('button', { name: 'Submit for review' }).click();
  await expect(bar.getByRole('status')).toHaveText(/Submitted for review/);
  await bar.getByRole('button', { name: 'Return with comment' }).click();
  await page.getByLabel('Comment for the authors').fill('Please add the 2019 figures.');
  await page.getByRole('button', { name: 'Return the draft' }).click();
  await expect(bar.getByRole('status')).toHaveText(/Returned with comments/);
  // the return comment stays on the draft until the next submit
  await expect(bar.getByRole('note', { name: 'Returned with a comment' })).toContainText('Please add the 2019 figures.');
  await bar.getByRole('button', { name: 'Submit for review' }).click();
  await expect(bar.getByRole('note')).toHaveCount(0);
  await bar.getByRole('button', { name: 'Approve as final' }).click();
  const ask = page.getByRole('dialog', { name: 'Approve version 1 as final?' });
  await ask.getByRole('button', { name: 'Approve version 1' }).click();
  await expect(bar.getByRole('status')).toHaveText(/Approved \(final\)\s+version 1/);

  // The approved draft is read-only until version 2 is opened, on request; version 1 stays as approved.
  await expect(page.locator('.answer-editor')).toHaveAttribute('contenteditable', 'false');
  await bar.getByRole('button', { name: 'Edit: open version 2…' }).click();
  await page.getByRole('dialog', { name: 'Open version 2 for editing?' }).getByRole('button', { name: 'Open version 2 and edit' }).click();
  await expect(bar.getByRole('status')).toHaveText(/In progress\s+version 2/);
  await expect(page.locator('.answer-editor')).toHaveAttribute('contenteditable', 'true');
  await page.locator('.answer-editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Edited later.');
  await waitSaved(page);
  await expect(bar).toContainText('approved version 1 stays final');
  await bar.getByText(/Review history/).click();
  await expect(bar.locator('.review-history li')).toHaveCount(5);
  await expect(bar.locator('.review-history li').nth(1)).toContainText('Please add the 2019 figures.');
  await bar.getByRole('link', { name: 'View version 1' }).click();
  await expect(page.getByRole('heading', { name: 'Version 1 (final, read-only)' })).toBeVisible();
  await expect(page.locator('.version-read')).toContainText('Approved text.');
  await expect(page.locator('.version-read')).not.toContainText('Edited later.');
  await expect(page.locator('.version-read [contenteditable="true"]')).toHaveCount(0);
});

test('comments: a thread on a question, a reply, resolved; the sidebar counts open comments', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'I.b');
  const comments = page.locator('section.comments');
  await comments.getByLabel('New comment on this question').fill('Which ministry leads?');
  await comments.getByRole('button', { name: 'Add comment' }).click();
  const link = page.locator('.sidebar a', { hasText: 'I.b' });
  await expect(link.locator('.comment-count')).toHaveText('1');
  // the focus goes back to the emptied box, ready for another comment (the Add button, disabled
  // once the box is empty, lost it to the page)
  await expect(comments.getByLabel('New comment on this question')).toBeFocused();
  await comments.getByRole('button', { name: 'Reply' }).click();
  await expect(comments.getByLabel('Your reply')).toBeFocused();
  await page.keyboard.type('The Ministry of Interior.');
  await comments.getByRole('button', { name: 'Send reply' }).click();
  const thread = comments.locator('li.thread');
  await expect(thread.locator('.comment')).toHaveCount(2);
  await expect(thread.locator('.comment').nth(1)).toHaveClass(/depth-1/);
  await expect(link.locator('.comment-count')).toHaveText('2');
  // the reply box closes: the focus goes to the thread's Reply button
  await expect(thread.getByRole('button', { name: 'Reply' })).toBeFocused();
  await comments.getByRole('button', { name: 'Resolve thread' }).click();
  await expect(thread).toContainText('Resolved by Amina Test');
  await expect(link.locator('.comment-count')).toHaveCount(0);
  const stored = await app.cliJson<Array<{ resolvedAt: string | null; body: string }>>('comment', 'list', draftId, '--all', '--json');
  expect(stored.map((c) => c.body)).toEqual(['Which ministry leads?', 'The Ministry of Interior.']);
  expect(stored.every((c) => c.resolvedAt)).toBe(true);
});

test('the audit log shows a rename and downloads as CSV, and as an Excel workbook in French and Arabic', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  expect((await app.cli('draft', 'rename', draftId, '--title', 'Morocco — review 2020, final')).code).toBe(0);
  await page.goto(app.url);
  await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), draftId);
  await page.getByLabel('Action').selectOption('draft.rename');
  const row = page.locator('.audit-table tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Morocco — review 2020, final');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  expect(csv).toContain('draft.rename');
  expect(csv).toContain('Morocco — review 2020, final');
  // for Excel (a CSV opens in one column in a French or Arabic Excel): a workbook, its headers in
  // the interface language, its sheet right to left in Arabic
  for (const [lang, header, rtl] of [['fr', 'Avant', false], ['ar', 'قبل', true]] as const) {
    await useLanguage(page, lang);
    const words = JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `consolidation.${lang}.json`), 'utf8')).cons.audit;
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: words.xlsx }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`audit-${draftId}.xlsx`);
    const parts = await unpack((await xlsx.path())!);
    const text = (name: string) => parts.find((p) => p.name === name)!.data.toString('utf8');
    expect(text('xl/sharedStrings.xml')).toContain(`>${header}<`);
    expect(text('xl/sharedStrings.xml')).toContain('Morocco — review 2020, final');
    expect(text('xl/worksheets/sheet1.xml').includes('rightToLeft="1"')).toBe(rtl);
  }
  expect(problems).toEqual([]);
});

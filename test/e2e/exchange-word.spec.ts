import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { root } from './global-setup';

const seed = path.join(root, 'test', 'fixtures', 'seed-morocco.txt');

test('import the seed text from the UI: report, unplaced tray, move an item to a question; export DOCX; print view', async ({ page, app, problems }) => {
  expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministry of Interior')).code).toBe(0);
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Exchange' }).click();
  await page.getByRole('link', { name: 'Import Word or text' }).click();
  await page.getByLabel('Title of the new draft (optional)').fill('Morocco — from the seed');
  await page.getByLabel('Word (.docx) or text file').setInputFiles(seed);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText(/Questions filled: \d+ of 23/);
  const filled = Number(/Questions filled: (\d+)/.exec((await report.textContent())!)![1]);
  expect(filled).toBeGreaterThan(10);
  const unplacedText = /Unplaced items: (\d+)/.exec((await report.textContent())!);
  const unplaced = Number(unplacedText![1]);
  await report.getByRole('link', { name: 'Open “Morocco — from the seed”' }).click();
  const draftId = /#\/draft\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  expect(unplaced, 'the seed leaves some text unplaced').toBeGreaterThan(0);
  // the tray is a badge in the draft bar that opens a panel
  await page.getByRole('button', { name: /Unplaced text from the import/ }).click();
  const tray = page.getByRole('region', { name: /Unplaced text from the import/ });
  await expect(tray).toBeVisible();
  await expect(tray.getByRole('listitem')).toHaveCount(unplaced);
  const first = tray.getByRole('listitem').first();
  const itemText = ((await first.locator('.x-tray-text').textContent()) ?? '').trim();
  await first.getByLabel('Move to').selectOption('V.b');
  await first.getByRole('button', { name: 'Move' }).click();
  await expect(page.getByText('Moved to V.b (added at the end of its answer).')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /V\.b/ })).toBeVisible();
  if (unplaced > 1) await expect(tray.getByRole('listitem')).toHaveCount(unplaced - 1);
  const answer = (await app.cli('answer', 'get', draftId, 'V.b')).out;
  expect(answer.replace(/\s+/g, ' ')).toContain(itemText.replace(/\s+/g, ' ').slice(0, 40));
  await expect(page.locator('.answer-editor')).toContainText(itemText.slice(0, 20));

  // Word export downloads a real DOCX (a zip holding word/document.xml)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Word (DOCX)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const file = (await download.path())!;
  expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  expect(execFileSync('unzip', ['-l', file]).toString()).toContain('word/document.xml');

  // print view: the same layout, rendered in the page, with a Print button
  await page.getByRole('link', { name: 'Print view' }).click();
  await expect(page.getByRole('button', { name: 'Print…' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Morocco — from the seed' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Questions' }).first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print…' })).toBeHidden();
  await expect(page.locator('.app-header')).toBeHidden();
  expect(problems).toEqual([]);
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, openQuestion, test, withDraft } from './fixtures';

test('attach a file to an answer, see it listed, download it, remove it', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'II.a');
  const panel = page.getByRole('region', { name: /Evidence files/ });
  await expect(panel.getByText('No files attached to this answer.')).toBeVisible();
  const bytes = crypto.randomBytes(50_000);
  await panel.getByLabel(/Attach a file/).setInputFiles({ name: 'statistics 2019.pdf', mimeType: 'application/pdf', buffer: bytes });
  await expect(panel.getByRole('status')).toHaveText('statistics 2019.pdf attached.');
  const row = panel.locator('.x-attachment', { hasText: 'statistics 2019.pdf' });
  await expect(row).toContainText('48.8 kB · application/pdf');
  const listed = await app.cliJson<Array<{ name: string; sha256: string; field: string }>>('attach', 'list', draftId, '--json');
  expect(listed).toEqual([expect.objectContaining({ name: 'statistics 2019.pdf', field: 'II.a', sha256: crypto.createHash('sha256').update(bytes).digest('hex') })]);

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download statistics 2019.pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('statistics 2019.pdf');
  expect(fs.readFileSync((await download.path())!).equals(bytes)).toBe(true);

  // another question has its own list
  await openQuestion(page, app, draftId, 'II.b');
  await expect(page.getByRole('region', { name: /Evidence files/ }).getByText('No files attached to this answer.')).toBeVisible();
  await openQuestion(page, app, draftId, 'II.a');
  await page.getByRole('button', { name: 'Remove statistics 2019.pdf' }).click();
  await expect(page.getByRole('region', { name: /Evidence files/ }).getByText('No files attached to this answer.')).toBeVisible();
  const after = await app.cliJson<Array<{ removedAt: string | null }>>('attach', 'list', draftId, '--json', '--removed');
  expect(after).toEqual([expect.objectContaining({ removedAt: expect.any(String) })]);
  expect(problems).toEqual([]);
});

test('the identity screen shows the signing key fingerprint and offers the public key', async ({ page, app, problems }) => {
  await withDraft(app);
  const who = await app.cliJson<{ fingerprint: string; publicKeyPem: string }>('identity', 'show', '--json');
  await page.goto(app.url);
  await page.evaluate(() => (location.hash = '#/identity'));
  await expect(page.getByTestId('fingerprint')).toHaveText(who.fingerprint);
  expect(who.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download public key (PEM)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pub\.pem$/);
  expect(fs.readFileSync((await download.path())!, 'utf8')).toBe(who.publicKeyPem);
  expect(problems).toEqual([]);
});

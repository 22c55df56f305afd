/**
 * The desktop shell's behaviours that live in the renderer, checked in browser mode:
 * - text that cannot be saved makes the page object to closing (in the desktop app, main then
 *   asks Leave/Stay: test/electron-close.test.ts); saved text closes without a question;
 * - "Copy fingerprint" copies, and when the clipboard refuses, selects the fingerprint to copy by hand;
 * - in the desktop app, attachments are picked from disk (no upload cap); in a browser, uploaded;
 * - the one-time link `npm start` gives the browser opens the app once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';
import { hostBundle } from './global-setup';

test.describe.configure({ timeout: 150_000 }); // each test starts a host and a browser page; slow on a loaded machine

test('text that cannot be saved: closing asks, staying keeps the text; once saved, closing asks nothing', async ({ page, app }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'I.a');
  await page.route('**/api/saveField', (route) => route.abort('connectionrefused'));
  const editor = page.locator('.answer-editor');
  await editor.click();
  await page.keyboard.type('Texte qui ne doit pas se perdre');
  await expect(page.locator('.answer-footer .save-status')).toContainText('Not saved');

  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.type());
    void d.dismiss(); // Stay
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);
  await expect(editor).toHaveText('Texte qui ne doit pas se perdre');

  await page.unroute('**/api/saveField');
  await waitSaved(page);
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked).toEqual(['beforeunload']); // no second question
  expect((await app.cli('answer', 'get', draftId, 'I.a')).out).toBe('Texte qui ne doit pas se perdre');
});

test('Copy fingerprint puts it on the clipboard', async ({ page, app, context, problems }) => {
  await withDraft(app);
  const { fingerprint } = await app.cliJson<{ fingerprint: string }>('identity', 'show', '--json');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Each clipboard write the page makes, and how it ended. Once in a clean-clone run (2 workers,
  // 2026-12-04) the status stayed empty after the click, and 64 runs since could not show it again:
  // either the click reached no handler (then it is made again, as a user would), or the write
  // never settled (then the test fails and says so).
  await page.addInitScript(() => {
    const writes: string[] = [];
    (window as unknown as { clipboardWrites: string[] }).clipboardWrites = writes;
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text: string) => {
      const at = writes.push('pending') - 1;
      return write(text).then(
        () => void (writes[at] = 'written'),
        (e: Error) => {
          writes[at] = `refused: ${e.message}`;
          throw e;
        },
      );
    };
  });
  await page.goto(app.url);
  await page.evaluate(() => (location.hash = '#/identity'));
  const writes = () => page.evaluate(() => (window as unknown as { clipboardWrites: string[] }).clipboardWrites);
  await expect(async () => {
    if ((await writes()).length === 0) await page.getByRole('button', { name: 'Copy fingerprint' }).click();
    expect(await writes()).toEqual(['written']);
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText('Fingerprint copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fingerprint);
  expect(problems).toEqual([]);
});

test('when the clipboard refuses, the fingerprint is selected for copying by hand, and the message says so', async ({ page, app, problems }) => {
  await withDraft(app);
  const { fingerprint } = await app.cliJson<{ fingerprint: string }>('identity', 'show', '--json');
  // What the desktop app did before it granted clipboard writing to its window: a refusal.
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.goto(app.url);
  await page.evaluate(() => (location.hash = '#/identity'));
  await page.getByRole('button', { name: 'Copy fingerprint' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The clipboard refused' })).toHaveText('The clipboard refused: the fingerprint is selected, copy it with Ctrl+C (⌘C on a Mac).');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(fingerprint);
  expect(problems).toEqual([]);
});

test('attachments: picked from disk in the desktop app, uploaded (with the cap) in a browser', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'II.c');
  const panel = page.getByRole('region', { name: /Evidence files/ });
  await expect(panel.getByLabel('Attach a file (up to 20 MB here)')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Attach files…' })).toHaveCount(0);

  // The desktop app's preload exposes window.desktop; here the host answers for main, and refuses.
  await page.addInitScript(() => {
    (window as unknown as { desktop: unknown }).desktop = Object.freeze({ onBeforeClose: () => () => {} });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /II\.c/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Attach files…' })).toBeVisible();
  await expect(panel.getByLabel(/Attach a file/)).toHaveCount(0);
  await panel.getByRole('button', { name: 'Attach files…' }).click();
  await expect(panel.getByRole('alert')).toContainText('Choosing files from this computer needs the desktop app; in the browser, upload the file.');
  expect(problems).toEqual([]);
});

test("the browser's one-time link opens the app, then never again", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-e2e-launch-'));
  const { startBrowserMode } = (await import(pathToFileURL(hostBundle).href)) as typeof import('../../main/host/serve');
  const running = await startBrowserMode({ db: path.join(dir, 'store.sqlite') });
  try {
    const link = running.launchUrl();
    expect(link).not.toContain(new URL(running.url).hash.slice(7));
    await page.goto(link);
    await expect(page).toHaveURL(new RegExp(`^${new URL(running.url).origin}/#`));
    await expect(page.locator('main.boot')).toHaveCount(0);
    expect(await page.evaluate(() => window.api.appInfo({}))).toMatchObject({ dbPath: path.join(dir, 'store.sqlite') });
    const again = await page.request.get(link, { maxRedirects: 0 });
    expect(again.status()).toBe(403);
  } finally {
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, launchApp, openQuestion, test, withDraft } from './fixtures';

const ANSWER = 'The National Strategy on Immigration and Asylum (2014) coordinates the review.';

test('export a bundle from the UI, then import it on a second store: unknown signer, confirm, the answers appear', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  expect((await app.cli('answer', 'set', draftId, 'I.a', '--text', ANSWER)).code).toBe(0);
  await openQuestion(page, app, draftId, 'I.a');
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: /Export “Morocco — national review 2020”/ });
  await expect(dialog).toBeVisible();
  // a bad recipient blocks the export with a clear message
  await dialog.getByLabel(/Encrypt for/).fill('age1notakey');
  await expect(dialog.getByRole('alert')).toContainText('“age1notakey” is not an age recipient');
  await expect(dialog.getByRole('button', { name: 'Export to the outbox' })).toBeDisabled();
  await dialog.getByLabel(/Encrypt for/).fill('');
  await dialog.getByRole('button', { name: 'Export to the outbox' }).click();
  await expect(dialog.getByText('The bundle was signed and written to the outbox.')).toBeVisible();
  const file = (await dialog.getByTestId('export-path').textContent())!;
  expect(path.dirname(file)).toBe(path.join(path.dirname(app.db), 'outbox'));
  expect(fs.existsSync(file)).toBe(true);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download a copy' }).click()]);
  const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-dl-')), download.suggestedFilename());
  await download.saveAs(bundle);
  expect(fs.readFileSync(bundle).equals(fs.readFileSync(file))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // the outbox lists it and the draft has no changes since
  await page.getByRole('link', { name: 'Exchange' }).click();
  await expect(page.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible();
  await expect(page.getByTestId('outbox-bundle')).toHaveCount(1);
  await expect(page.getByTestId('outbox-draft')).toContainText('No changes');

  const second = await launchApp();
  try {
    expect((await second.cli('identity', 'init', '--name', 'Karim Test', '--organisation', 'Ministry of Foreign Affairs')).code).toBe(0);
    await page.goto(second.url);
    await page.evaluate(() => (location.hash = '#/exchange/import'));
    await page.getByLabel(/Bundle file/).setInputFiles(bundle);
    await page.getByRole('button', { name: 'Verify' }).press('Enter');
    const result = page.getByTestId('verify-result');
    await expect(result.getByTestId('trust-status')).toHaveText('Unknown signer');
    // the focus on the result's heading, where what was found is read out, not left on Verify above it
    await expect(result.getByRole('heading', { name: /^Verification/ })).toBeFocused();
    await expect(result).toContainText('Amina Test (Ministry of Interior)');
    await expect(result).toContainText((await app.cliJson<{ fingerprint: string }>('identity', 'show', '--json')).fingerprint);
    const importButton = result.getByRole('button', { name: 'Import as a new draft' });
    await expect(importButton).toBeDisabled();
    await result.getByLabel(/I checked the fingerprint/).check();
    await importButton.click();
    await expect(result.getByText('Imported.')).toBeVisible();
    await result.getByRole('link', { name: 'Open the new draft' }).click();
    await expect(page.locator('.answer-editor')).toContainText(ANSWER);
    // the same file again: already imported, nothing to do
    await page.evaluate(() => (location.hash = '#/exchange/import'));
    await page.getByLabel(/Bundle file/).setInputFiles(bundle);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByText('This bundle was already imported')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import as a new draft' })).toHaveCount(0);
    expect(JSON.parse((await second.cli('draft', 'list', '--json')).out)).toHaveLength(1);
  } finally {
    await second.close();
  }
  expect(problems).toEqual([]);
});

/** A signer named in Arabic, the register in English. */
const SIGNER = 'أمينة التازي';

test('trust register: add a signer, revoke it, and a bundle it signed is refused', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-b-')), 'b.gcmr');
  expect((await app.cli('bundle', 'export', draftId, '--out', out)).code).toBe(0);
  const signer = await app.cliJson<{ fingerprint: string; publicKeyPem: string }>('identity', 'show', '--json');

  const second = await launchApp();
  try {
    expect((await second.cli('identity', 'init', '--name', 'Karim Test', '--organisation', 'Ministry of Foreign Affairs')).code).toBe(0);
    await page.goto(second.url);
    await page.evaluate(() => (location.hash = '#/exchange/trust'));
    await expect(page.getByText('Nobody in the register yet.')).toBeVisible();
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add to the register' }) });
    const face = form.locator('.file-input .file-name');
    // a file over the 4 KB a key takes is refused: no file named as chosen
    await page.getByLabel('Public key file (.pem)').setInputFiles({ name: 'huge.pem', mimeType: 'application/x-pem-file', buffer: Buffer.alloc(5000, 'A') });
    await expect(form.getByRole('alert')).toBeVisible();
    await expect(face).toHaveText('No file chosen');
    // sent empty: a message per field; the key read from a file (set by code, no edit event) and
    // the user moving on clears its message, a sent form leaves none
    await page.getByRole('button', { name: 'Add to the register' }).click();
    await expect(form.locator('.field-error')).toHaveCount(3);
    // the key file dropped on the field's face (the hidden input is no drop target): chosen as picked
    const dropped = await page.evaluateHandle((pem) => {
      const dt = new DataTransfer();
      dt.items.add(new File([pem], 'amina.pub.pem', { type: 'application/x-pem-file' }));
      return dt;
    }, signer.publicKeyPem);
    await form.locator('.file-input .button-link').dispatchEvent('drop', { dataTransfer: dropped });
    await expect(page.getByLabel('Public key (PEM)')).toHaveValue(signer.publicKeyPem);
    await expect(face).toHaveText('amina.pub.pem');
    expect(page.url()).toContain(second.url.split('#')[0]!); // still the app
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(SIGNER);
    await expect(page.getByLabel('Public key (PEM)')).not.toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('textbox', { name: 'Organisation', exact: true }).fill('Ministry of Interior');
    await expect(form.locator('.field-error')).toHaveCount(0);
    await page.getByRole('button', { name: 'Add to the register' }).click();
    const entry = page.getByTestId('trust-entry');
    await expect(entry).toContainText(signer.fingerprint);
    await expect(entry).toContainText('Trusted');
    // an Arabic name in an English register: its cell stays left to right under its heading, the name isolated (the whole cell turned right to left)
    await expect(entry.locator('td').first()).toHaveCSS('direction', 'ltr');
    await expect(entry.locator('td').first().locator('bdi').first()).toHaveText(SIGNER);
    await expect(face).toHaveText('No file chosen'); // the key is in the register: no file chosen any more

    // verified as trusted now
    await page.evaluate(() => (location.hash = '#/exchange/import'));
    await page.getByLabel(/Bundle file/).setInputFiles(out);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('trust-status')).toHaveText('Trusted');

    await page.evaluate(() => (location.hash = '#/exchange/trust'));
    await page.getByRole('button', { name: `Revoke ${SIGNER}` }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke the key of ${SIGNER}?` });
    await expect(dialog).toBeVisible();
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true); // focus moved into the dialog
    await page.keyboard.press('Escape'); // Esc closes without revoking
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('trust-entry')).toContainText('Trusted');
    await page.getByRole('button', { name: `Revoke ${SIGNER}` }).click();
    await dialog.getByLabel('Reason (optional)').fill('laptop lost');
    await dialog.getByRole('button', { name: 'Revoke the key' }).click();
    await expect(page.getByTestId('trust-entry')).toContainText('Revoked');
    await expect(page.getByTestId('trust-entry')).toContainText('laptop lost');

    await page.evaluate(() => (location.hash = '#/exchange/import'));
    await page.getByLabel(/Bundle file/).setInputFiles(out);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('trust-status')).toHaveText('Revoked');
    await expect(page.getByText('This bundle is signed by a revoked key. It will never be imported.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import as a new draft' })).toHaveCount(0);
    expect(JSON.parse((await second.cli('draft', 'list', '--json')).out)).toHaveLength(0);
  } finally {
    await second.close();
  }
  expect(problems).toEqual([]);
});

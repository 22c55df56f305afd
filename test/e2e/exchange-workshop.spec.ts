import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDay } from '../../shared/i18n/languages';
import { expect, launchApp, test, useLanguage, withDraft } from './fixtures';
import { root } from './global-setup';

test('a facilitator exports a workshop as a signed bundle; the ministry imports it into its master draft', async ({ page, app, problems }) => {
  expect((await app.cli('identity', 'init', '--name', 'Youssef Test', '--organisation', 'Wilaya de l’Oriental')).code).toBe(0);
  const w = (await app.cli('workshop', 'create', '--title', 'Consultation — Oujda', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya de l’Oriental')).out.trim();
  expect((await app.cli('contribution', 'add', w, '--question', 'I.e', '--text', 'Migrant associations were consulted in Oujda.', '--organisation', 'Association Ain Ghazal')).code).toBe(0);
  await page.goto(app.url);
  await page.evaluate((id) => (location.hash = `#/workshop/${id}`), w);
  await page.getByRole('button', { name: 'Export signed bundle' }).click();
  await expect(page.getByText('Exported 1 contribution to')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a copy' }).click()]);
  const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-dl-')), download.suggestedFilename());
  await download.saveAs(bundle);

  const ministry = await launchApp();
  try {
    expect((await ministry.cli('identity', 'init', '--name', 'Karim Test', '--organisation', 'Ministry of Foreign Affairs')).code).toBe(0);
    const master = await withDraft(ministry, 'National review — master');
    await page.goto(ministry.url);
    await page.evaluate(() => (location.hash = '#/exchange/import'));
    await page.getByLabel(/Bundle file/).setInputFiles(bundle);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.getByTestId('verify-result');
    await expect(result.getByTestId('trust-status')).toHaveText('Unknown signer');
    const importButton = result.getByRole('button', { name: /Import/ });
    await result.getByLabel(/I checked the fingerprint/).check();
    await expect(importButton).toBeDisabled(); // a contributions bundle needs a target draft
    await result.getByLabel('Import into').selectOption(master);
    await result.getByRole('button', { name: 'Import into the chosen draft' }).click();
    await expect(result.getByText('Imported into the draft:')).toBeVisible();
    const pending = JSON.parse((await ministry.cli('contribution', 'list', master, '--json')).out) as Array<{ text: string; status: string }>;
    expect(pending.map((c) => [c.text, c.status])).toEqual([['Migrant associations were consulted in Oujda.', 'pending']]);

    // the facilitator's key added afterwards, valid only from a day to come: beside the question the
    // contribution's signer is not yet valid, as an import would decide it (not "trusted": the panel
    // once judged the register's entry by its revocation and end only), in each language
    const key = JSON.parse((await app.cli('identity', 'show', '--json')).out) as { publicKeyPem: string };
    const pem = path.join(path.dirname(bundle), 'youssef.pem');
    fs.writeFileSync(pem, key.publicKeyPem);
    const added = await ministry.cli('trust', 'add', pem, '--name', 'Youssef Test', '--organisation', 'Wilaya de l’Oriental', '--valid-from', '2999-01-02');
    expect(added.code, added.err).toBe(0);
    await page.evaluate((d) => (location.hash = `#/draft/${d}/I.e`), master);
    const line = page.locator('.consolidation .contribution .provenance');
    for (const lang of ['en', 'fr', 'ar'] as const) {
      await useLanguage(page, lang);
      const words = (area: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `${area}.${lang}.json`), 'utf8'));
      const day = formatDay('2999-01-02', lang);
      await expect(line.getByTestId('signer-trust')).toHaveText(words('consolidation').cons.trust.expired);
      // the signer's organisation in parentheses after the name (it ran into the name)
      await expect(line).toContainText(words('consolidation').cons.provenance.bundle.replace('{{signer}}', 'Youssef Test').replace('{{organisation}}', 'Wilaya de l’Oriental'));
      await expect(line.locator('.trust-reason')).toHaveText(words('messages').msg.trust.notYetValid.replace('{{validFrom}}', day));
      await expect(line.locator('.trust-reason bdi')).toHaveText(day);
    }
    // the trust register's page says the same of that key (it showed every key not revoked as trusted)
    await page.evaluate(() => (location.hash = '#/exchange/trust'));
    for (const lang of ['en', 'fr', 'ar'] as const) {
      await useLanguage(page, lang);
      const words = (area: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `${area}.${lang}.json`), 'utf8'));
      const entry = page.getByTestId('trust-entry').filter({ hasText: 'Youssef Test' });
      await expect(entry.getByTestId('entry-trust')).toHaveText(words('exchange').exchange.trust.status.expired);
      await expect(entry).toContainText(words('messages').msg.trust.notYetValid.replace('{{validFrom}}', formatDay('2999-01-02', lang)));
    }
  } finally {
    await ministry.close();
  }
  expect(problems).toEqual([]);
});

/**
 * What importing a workshop's contributions into a draft did is said in the interface language:
 * before, a French or Arabic screen showed the services' English line ("1 contribution from
 * workshop "…" (2020-09-15, Oujda) queued for review; signed by …"). The workshop's title, place
 * and the signer are the users' own words, isolated; the date as the language writes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, launchApp, test, useLanguage, withDraft } from './fixtures';
import { root } from './global-setup';

const exchange = (lang: string) => (JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `exchange.${lang}.json`), 'utf8')) as { exchange: { import: { verify: string }; importInto: { button: string } } }).exchange;
const SAID = {
  fr: { done: 'Importé dans le brouillon :', start: 'De l’atelier « Consultation — Oujda » (15 septembre 2020, Oujda), signé par Youssef Test (Wilaya de l’Oriental). Contributions en attente de relecture : 1 ;' },
  ar: { done: 'تم الاستيراد إلى المسودة:', start: 'من ورشة العمل «Consultation — Oujda» (' },
} as const;

for (const lang of ['fr', 'ar'] as const) {
  test(`a workshop's contributions imported into a draft: what was done, in ${lang}`, async ({ page, app, problems }) => {
    expect((await app.cli('identity', 'init', '--name', 'Youssef Test', '--organisation', 'Wilaya de l’Oriental')).code).toBe(0);
    const w = (await app.cli('workshop', 'create', '--title', 'Consultation — Oujda', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya de l’Oriental')).out.trim();
    expect((await app.cli('contribution', 'add', w, '--question', 'I.e', '--text', 'Migrant associations were consulted in Oujda.', '--organisation', 'Association Ain Ghazal')).code).toBe(0);
    const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-ws-')), 'oujda.gcmr');
    const out = await app.cli('bundle', 'export-workshop', w, '--out', bundle);
    expect(out.code, out.err).toBe(0);

    const ministry = await launchApp();
    try {
      expect((await ministry.cli('identity', 'init', '--name', 'Karim Test', '--organisation', 'Ministry of Foreign Affairs')).code).toBe(0);
      const master = await withDraft(ministry, 'National review — master');
      await page.goto(ministry.url);
      await useLanguage(page, lang);
      await page.evaluate(() => (location.hash = '#/exchange/import'));
      await page.locator('input[type="file"]').setInputFiles(bundle);
      await page.getByRole('button', { name: exchange(lang).import.verify, exact: true }).click();
      const result = page.getByTestId('verify-result');
      await result.locator('input[type="checkbox"]').check();
      await result.locator('select').selectOption(master);
      await result.getByRole('button', { name: exchange(lang).importInto.button }).click();
      const status = result.locator('p[role="status"]');
      await expect(status).toContainText(SAID[lang].done);
      await expect(status).toContainText(SAID[lang].start);
      await expect(status).not.toContainText('queued for review');
      if (lang === 'ar') await expect(status).toContainText('بتوقيع Youssef Test (Wilaya de l’Oriental). مساهمات في انتظار المراجعة: ');
      // the users' own words are isolated
      await expect(status.locator('bdi', { hasText: 'Consultation — Oujda' })).toHaveCount(1);
    } finally {
      await ministry.close();
    }
    expect(problems).toEqual([]);
  });
}

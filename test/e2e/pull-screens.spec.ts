/**
 * The ministry's fetch from the intake, as the outbox shows it, in English, French and Arabic:
 * - a bundle that stays in the inbox (it does not verify, its signer is not trusted…) says where
 *   it is: the inbox folder and the file's name, each isolated left-to-right (a path inside an
 *   Arabic sentence keeps its slashes in order), so the official can find it, look at it or send it back;
 * - an intake that cannot be reached (nothing listens at its address) is said in the interface
 *   language with what to do, the system's words ("ECONNREFUSED") only in the technical line.
 * No real intake is needed: a loopback server lists one bundle and serves bytes that are no bundle.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, useLanguage, type App } from './fixtures';

const intakeKey = () => crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** The receiver's identity, and the intake at `url` as its delivery target. */
async function connect(app: App, url: string) {
  expect((await app.cli('identity', 'init', '--name', 'Coordination Unit', '--organisation', 'Ministry of Foreign Affairs')).code).toBe(0);
  const pem = path.join(path.dirname(app.db), 'intake.pub.pem');
  fs.writeFileSync(pem, intakeKey());
  const r = await app.cli('delivery', 'connect', url, '--key', pem);
  expect(r.code, r.err).toBe(0);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The outbox in English, after a click on its fetch button: the fetch's part of the page. */
async function fetchInEnglish(page: Page, app: App) {
  await page.goto(app.url);
  await useLanguage(page, 'en');
  await page.evaluate(() => (location.hash = '#/exchange/outbox'));
  const pull = page.getByTestId('delivery-pull');
  await pull.getByRole('button', { name: FETCH.en }).click();
  return pull;
}

const FETCH = { en: 'Fetch bundles received by the intake', fr: 'Récupérer les paquets reçus par le point de réception', ar: 'جلب الحزم التي استلمتها نقطة الاستلام' } as const;

test('a bundle kept in the inbox says its folder and its file name, isolated left-to-right, in en, fr and ar', async ({ page, app, problems }) => {
  const bundleId = '0190a3c2-0000-7000-8000-00000000abcd';
  const bytes = Buffer.from('these bytes are not a signed bundle');
  const listed = [{ seq: 1, bundleId, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: bytes.length }];
  const server = http.createServer((req, res) => {
    res.setHeader('date', new Date().toUTCString());
    if (req.url?.startsWith('/v1/bundles?after=0')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listed));
    if (req.url?.startsWith('/v1/bundles?')) return res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    if (req.url === `/v1/bundles/${bundleId}`) return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found","message":"no"}');
  });
  try {
    await connect(app, await listen(server));
    const inbox = path.join(path.dirname(app.db), 'inbox');
    const pull = await fetchInEnglish(page, app);
    const kept = pull.getByTestId('pull-item');
    await expect(kept).toHaveAttribute('data-outcome', 'kept');
    expect(fs.existsSync(path.join(inbox, `${bundleId}.gcmr`))).toBe(true);
    const WHERE = { en: 'In the inbox folder', fr: 'Dans le dossier de la boîte de réception', ar: 'في مجلد صندوق الوارد' } as const;
    for (const lang of ['en', 'fr', 'ar'] as const) {
      await useLanguage(page, lang);
      const where = kept.getByTestId('pull-where');
      await expect(where).toContainText(WHERE[lang]);
      // the folder and the name, each in an element of its own that reads left to right
      await expect(where.locator('[dir="ltr"]', { hasText: inbox })).toHaveCount(1);
      await expect(where.locator('[dir="ltr"]', { hasText: `${bundleId}.gcmr` })).toHaveCount(1);
    }
    expect(problems).toEqual([]);
  } finally {
    server.close();
  }
});

test('an intake nothing answers at: the error box says so in en, fr and ar, with what to do; the system code only in the technical line', async ({ page, app, problems }) => {
  // a port that was just free: nothing listens there
  const closed = http.createServer();
  const url = await listen(closed);
  await new Promise((r) => closed.close(r));
  await connect(app, url);
  const pull = await fetchInEnglish(page, app);
  const alert = pull.getByRole('alert');
  const SAID = {
    en: ['Connection to the intake failed: its computer refused the connection', 'Check the intake’s address', 'plain http:// only to an intake on this computer'],
    fr: ['La connexion au point de réception a échoué : son ordinateur a refusé la connexion', 'Vérifiez l’adresse du point de réception', 'http:// simple seulement vers un point de réception sur cet ordinateur'],
    ar: ['فشل الاتصال بنقطة الاستلام: رفض حاسوبها الاتصال', 'تحقّق من عنوان نقطة الاستلام', 'فلا يصلح إلا لنقطة استلام على هذا الحاسوب'],
  } as const;
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang);
    for (const words of SAID[lang]) await expect(alert).toContainText(words);
    // the address isolated left to right inside the sentence
    await expect(alert.locator('[dir="ltr"]', { hasText: url })).toHaveCount(1);
    // the platform's words only in the folded technical line
    await expect(alert.locator('p').first()).not.toContainText(/ECONNREFUSED|fetch failed|went wrong/);
    await expect(alert.locator('details')).toContainText('ECONNREFUSED');
  }
  expect(problems).toEqual([]);
});

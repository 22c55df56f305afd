/**
 * Later upload through browser mode: the outbox's delivery target, Send, the delivered state with
 * the receipt (downloaded and checked with openssl), a refusal with the intake's reason, a retry
 * while the intake is down with its reason, a bundle on a slow line awaiting its receipt, in
 * English, French and Arabic; against a real intake started on loopback.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, launchApp, test, useLanguage, withDraft, type App } from './fixtures';
import { root, script } from './global-setup';
import { startFaultProxy } from '../fault-proxy';

const intakeCli = (args: string[]) => spawn(process.execPath, [script('intake'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

async function startIntake(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = intakeCli(['--dir', dir, '--port', '0']);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  await expect.poll(() => /listening on (http:\S+)/.exec(out)?.[1] ?? '', { timeout: 60_000 }).toMatch(/^http:/);
  return { child, url: /listening on (http:\S+)/.exec(out)![1]! };
}

function intakeAdmin(args: string[]): string {
  return execFileSync(process.execPath, [script('intake'), ...args], { cwd: root, encoding: 'utf8' });
}

/** An installation of the ministry (`name`), enrolled at the intake in `idir` as a receiver and connected to it at `url`. */
async function launchReceiver(name: string, dir: string, idir: string, url: string): Promise<Awaited<ReturnType<typeof launchApp>>> {
  const r = await launchApp();
  try {
    expect((await r.cli('identity', 'init', '--name', name, '--organisation', 'Ministry of Foreign Affairs')).code).toBe(0);
    const { publicKeyPem } = await r.cliJson<{ publicKeyPem: string }>('identity', 'show', '--json');
    const pem = path.join(dir, `${name}.pem`);
    fs.writeFileSync(pem, publicKeyPem);
    expect(intakeAdmin(['signer', 'add', pem, '--name', name, '--organisation', 'MFA', '--receiver', '--dir', idir])).toMatch(/as receiver/);
    expect((await r.cli('delivery', 'connect', url, '--key', path.join(idir, 'intake.pub.pem'))).code).toBe(0);
    return r;
  } catch (e) {
    await r.close();
    throw e;
  }
}

async function exportToOutbox(app: App, draftId: string, name: string): Promise<string> {
  const out = path.join(path.dirname(app.db), 'outbox');
  fs.mkdirSync(out, { recursive: true });
  const r = await app.cli('bundle', 'export', draftId, '--out', path.join(out, name));
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

test('the outbox sends a bundle to the intake and shows it delivered with a receipt; a refusal shows the reason; en, fr, ar', async ({ page, app, problems }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-intake-e2e-'));
  const idir = path.join(dir, 'intake');
  const intake = await startIntake(idir);
  try {
    const draftId = await withDraft(app);
    expect((await app.cli('answer', 'set', draftId, 'I.a', '--text', 'Coordinated by the national commission.')).code).toBe(0);
    await exportToOutbox(app, draftId, 'first.gcmr');
    const me = await app.cliJson<{ publicKeyPem: string; fingerprint: string }>('identity', 'show', '--json');
    fs.writeFileSync(path.join(dir, 'device.pem'), me.publicKeyPem);
    expect(intakeAdmin(['signer', 'add', path.join(dir, 'device.pem'), '--name', 'Amina Test', '--organisation', 'Ministry of Interior', '--dir', idir])).toMatch(/enrolled/);

    await page.goto(app.url);
    await page.evaluate(() => (location.hash = '#/exchange/outbox'));
    const target = page.getByTestId('delivery-target');
    await expect(target.getByRole('heading', { name: 'Delivery to the coordinating ministry' })).toBeVisible();
    await expect(target).toContainText('No delivery target yet');
    const row = page.getByTestId('outbox-bundle').filter({ hasText: 'first.gcmr' });
    await expect(row.getByTestId('delivery-state')).toContainText('Not sent');
    await expect(row.getByRole('button', { name: /^Send / })).toHaveCount(0); // no target yet

    // plain http to another machine is refused with a clear message
    await target.getByLabel('Intake address').fill('http://intake.example.org');
    await target.getByLabel(/Intake public key/).fill(fs.readFileSync(path.join(idir, 'intake.pub.pem'), 'utf8'));
    await target.getByRole('button', { name: 'Save delivery target' }).click();
    await expect(target.getByRole('alert')).toContainText('Plain http:// is allowed only to this computer; use https:// for an intake elsewhere.');
    await target.getByLabel('Intake address').fill(intake.url);
    await target.getByRole('button', { name: 'Save delivery target' }).click();
    await expect(target.getByText('Delivery target saved.')).toBeVisible();
    await expect(target).toContainText(intake.url);
    expect(intakeAdmin(['key', '--dir', idir]).trim()).toBe(fs.readFileSync(path.join(idir, 'intake.pub.pem'), 'utf8').trim());

    // pressed from the keyboard, Send goes away with the bundle queued: the focus is on its state, not lost to <body>
    await row.getByRole('button', { name: 'Send first.gcmr' }).press('Enter');
    await expect(row.getByTestId('delivery-state')).toBeFocused();
    await expect(row.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered', { timeout: 60_000 });
    await expect(row.getByTestId('delivery-state')).toContainText(/^Delivered: \d\d:\d\d; receipt verified/); // a time, not "on 16:02"

    // the receipt as proof: openssl checks it against the intake's key
    const [dl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download the receipt for first.gcmr' }).click()]);
    const receipt = path.join(dir, dl.suggestedFilename());
    await dl.saveAs(receipt);
    const [dls] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download the receipt signature for first.gcmr' }).click()]);
    await dls.saveAs(`${receipt}.sig`);
    expect(execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(idir, 'intake.pub.pem'), '-rawin', '-in', receipt, '-sigfile', `${receipt}.sig`], { encoding: 'utf8' })).toMatch(/Signature Verified Successfully/);
    expect(JSON.parse(fs.readFileSync(receipt, 'utf8'))).toMatchObject({ type: 'gcm-review-receipt', signer: me.fingerprint });
    expect(fs.readdirSync(path.join(idir, 'received'))).toHaveLength(1);

    // revoked at the intake: the next bundle is refused, with the intake's reason
    intakeAdmin(['signer', 'revoke', me.fingerprint, '--reason', 'device replaced', '--dir', idir]);
    await exportToOutbox(app, draftId, 'second.gcmr');
    await page.reload();
    const row2 = page.getByTestId('outbox-bundle').filter({ hasText: 'second.gcmr' });
    await row2.getByRole('button', { name: 'Send second.gcmr' }).click();
    await expect(row2.getByTestId('delivery-state')).toHaveAttribute('data-state', 'refused', { timeout: 60_000 });
    // the intake's reason by its code, saying what to do; this computer's fingerprint isolated for bidi
    const refused = row2.getByTestId('refused-reason');
    await expect(refused).toHaveAttribute('data-reason', 'delivery.refusal.revoked');
    await expect(refused).toContainText(/^Refused: this computer's key \(sha256:[0-9a-f]{64}\) was revoked at the intake on \d{1,2} [A-Z][a-z]+ \d{4}, with the reason “device replaced”: ask the ministry to enrol a new key for this computer$/);
    await expect(refused.locator('bdi', { hasText: me.fingerprint })).toHaveCount(1);
    await expect(row2.getByRole('button', { name: 'Send second.gcmr' })).toHaveText('Send again');

    // French and Arabic
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await expect(page.getByRole('heading', { name: 'Envoi au ministère coordonnateur' })).toBeVisible();
    await expect(row.getByTestId('delivery-state')).toContainText(/^Remis\u00a0: \d\d:\d\d\u202f; accusé de réception vérifié/);
    await expect(refused).toContainText(/^Refusé\u00a0: la clé de cet ordinateur \(sha256:[0-9a-f]{64}\) a été révoquée au point de réception le \d{1,2} [a-zéû]+ \d{4}, pour le motif «\u00a0device replaced\u00a0»\u00a0: demandez au ministère d’inscrire une nouvelle clé pour cet ordinateur$/);
    await expect(refused).not.toContainText(/revoked|intake|ask the ministry/);
    await expect(refused.locator('bdi', { hasText: me.fingerprint })).toHaveCount(1);
    await expect(row.getByRole('button', { name: 'Télécharger l’accusé de réception de first.gcmr' })).toBeVisible();
    // French's long labels and the reason's fingerprint wrap inside their cells: the page does not
    // scroll sideways at 1280 px; at 800 px only the table scrolls, in its own box
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await sideways()).toBe(0);
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: 800, height: viewport.height });
    expect(await sideways()).toBe(0);
    await page.setViewportSize(viewport);
    await page.getByLabel('Langue', { exact: true }).selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: 'الإرسال إلى الوزارة المنسِّقة' })).toBeVisible();
    await expect(row.getByTestId('delivery-state')).toContainText('سُلِّمت في');
    await expect(refused).toContainText('رُفضت: أُلغي مفتاح هذا الحاسوب (');
    await expect(refused).toContainText('والسبب «device replaced»: اطلب من الوزارة تسجيل مفتاح جديد لهذا الحاسوب');
    await expect(refused).not.toContainText(/revoked|intake|ask the ministry/);
    await expect(refused.locator('bdi', { hasText: me.fingerprint })).toHaveCount(1);
    await expect(row2.getByRole('button', { name: 'إرسال second.gcmr' })).toHaveText('إرسال من جديد');

    // the ministry's own installation, enrolled as a receiver, fetches, verifies and imports the delivered draft
    const ministry = await launchReceiver('Coordination Unit', dir, idir, intake.url);
    try {
      expect((await ministry.cli('trust', 'add', path.join(dir, 'device.pem'), '--name', 'Amina Test', '--organisation', 'Ministry of Interior')).code).toBe(0);
      await page.goto(ministry.url);
      await page.evaluate(() => (location.hash = '#/exchange/outbox'));
      const pull = page.getByTestId('delivery-pull');
      await pull.getByRole('button', { name: 'Fetch bundles received by the intake' }).click();
      await expect(pull.getByRole('status')).toHaveText('1 bundle fetched.');
      const item = pull.getByTestId('pull-item');
      await expect(item).toHaveAttribute('data-outcome', 'imported');
      await expect(item).toContainText('Imported as a new draft');
      await item.getByRole('link', { name: /Morocco — national review 2020/ }).click();
      await expect(page.getByRole('heading', { name: 'Morocco — national review 2020' }).first()).toBeVisible();
      await page.evaluate(() => (location.hash = '#/exchange/outbox'));
      await pull.getByRole('button', { name: 'Fetch bundles received by the intake' }).click();
      await expect(pull.getByRole('status')).toHaveText('Nothing new at the intake.');
      await page.getByLabel('Language', { exact: true }).selectOption('fr');
      await pull.getByRole('button', { name: 'Récupérer les paquets reçus par le point de réception' }).click();
      await expect(pull.getByRole('status')).toHaveText('Rien de nouveau au point de réception.');
      await page.getByLabel('Langue', { exact: true }).selectOption('ar');
      await pull.getByRole('button', { name: 'جلب الحزم التي استلمتها نقطة الاستلام' }).click();
      await expect(pull.getByRole('status')).toHaveText('لا جديد لدى نقطة الاستلام.');
    } finally {
      await ministry.close();
    }

    // another receiver that does not trust the device: the bundle stays in its inbox, and why is
    // said in the reader's language with what to do on the screen (not the CLI's English line)
    const unaware = await launchReceiver('Second desk', dir, idir, intake.url);
    try {
      await page.goto(unaware.url);
      await useLanguage(page, 'en');
      await page.evaluate(() => (location.hash = '#/exchange/outbox'));
      const pull = page.getByTestId('delivery-pull');
      await pull.getByRole('button', { name: 'Fetch bundles received by the intake' }).click();
      const kept = pull.getByTestId('pull-item');
      await expect(kept).toHaveAttribute('data-outcome', 'kept');
      const SAID = {
        en: ['Kept in the inbox', 'is not in the trust register: check the fingerprint with them, add their key (Exchange → Trust register), then import'],
        fr: ['Conservé dans la boîte de réception', 'ne figure pas dans le registre de confiance : vérifiez l’empreinte avec lui, ajoutez sa clé (Échanges → Registre de confiance), puis importez'],
        ar: ['بقيت في صندوق الوارد', 'غير مدرج في سجل الثقة: تحقّق معه من البصمة، وأضف مفتاحه (التبادل ← سجل الثقة)، ثم استورد'],
      } as const;
      for (const lang of ['en', 'fr', 'ar'] as const) {
        await useLanguage(page, lang);
        for (const words of SAID[lang]) await expect(kept).toContainText(words);
        await expect(kept).not.toContainText(/add them to the trust register|then import the file/);
        await expect(kept.locator('bdi', { hasText: me.fingerprint })).toHaveCount(1);
      }
    } finally {
      await unaware.close();
    }

    // the intake stopped: a bundle sent now waits, saying why in the interface language (no system English inside)
    intake.child.kill('SIGKILL');
    await new Promise((r) => intake.child.once('exit', r));
    await exportToOutbox(app, draftId, 'third.gcmr');
    await page.goto(app.url);
    await page.evaluate(() => (location.hash = '#/exchange/outbox'));
    const row3 = page.getByTestId('outbox-bundle').filter({ hasText: 'third.gcmr' });
    await row3.getByRole('button', { name: 'إرسال third.gcmr' }).click();
    await expect(row3.getByTestId('delivery-state')).toContainText('فشل الاتصال بنقطة الاستلام: رفض حاسوبها الاتصال', { timeout: 60_000 });
    await page.getByLabel('اللغة', { exact: true }).selectOption('fr');
    await expect(row3.getByTestId('delivery-state')).toContainText('la connexion au point de réception a échoué : son ordinateur a refusé la connexion');
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
    await expect(row3.getByTestId('delivery-state')).toContainText('connection to the intake failed: its computer refused the connection');
    await expect(row3.getByTestId('delivery-state')).not.toContainText('ECONNREFUSED');
    expect(problems).toEqual([]);
  } finally {
    intake.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('on a slow line the outbox says a bundle is sent and awaits its receipt, not "100 %"; en, fr, ar', async ({ page, app }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-intake-slow-'));
  const idir = path.join(dir, 'intake');
  const intake = await startIntake(idir);
  // the line takes the bytes into its buffers at once and carries them at 200 bytes a second
  const proxy = await startFaultProxy({ targetPort: Number(new URL(intake.url).port), bytesPerSecond: 200 });
  try {
    const draftId = await withDraft(app);
    expect((await app.cli('answer', 'set', draftId, 'I.a', '--text', 'Coordinated by the national commission.')).code).toBe(0);
    await exportToOutbox(app, draftId, 'slow.gcmr');
    const file = path.join(path.dirname(app.db), 'outbox', 'slow.gcmr');
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024); // some seconds on this line
    const me = await app.cliJson<{ publicKeyPem: string }>('identity', 'show', '--json');
    fs.writeFileSync(path.join(dir, 'device.pem'), me.publicKeyPem);
    expect(intakeAdmin(['signer', 'add', path.join(dir, 'device.pem'), '--name', 'Amina Test', '--organisation', 'Ministry of Interior', '--dir', idir])).toMatch(/enrolled/);
    expect((await app.cli('delivery', 'connect', proxy.url, '--key', path.join(idir, 'intake.pub.pem'))).code).toBe(0);

    await page.goto(app.url);
    await page.evaluate(() => (location.hash = '#/exchange/outbox'));
    const row = page.getByTestId('outbox-bundle').filter({ hasText: 'slow.gcmr' });
    await row.getByRole('button', { name: 'Send slow.gcmr' }).click();
    const state = row.getByTestId('delivery-state');
    await expect(state).toContainText("Sent; waiting for the intake's receipt", { timeout: 30_000 });
    await expect(state).toHaveAttribute('data-state', 'sending');
    await expect(state).not.toContainText('%');
    await expect(state.locator('progress')).not.toHaveAttribute('value'); // under way, for as long as the line takes
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await expect(state).toContainText('Envoyé ; en attente de l’accusé de réception');
    await page.getByLabel('Langue', { exact: true }).selectOption('ar');
    await expect(state).toContainText('أُرسل؛ في انتظار إيصال الاستلام');
    expect(proxy.upBytes).toBeLessThan(fs.statSync(file).size); // the intake had not all of it while it said so
    await expect(state).toHaveAttribute('data-state', 'delivered', { timeout: 120_000 });
    await expect(state).toContainText('سُلِّمت في');

    // the target's form in Arabic: the address's hint (a placeholder) is laid right to left, as the
    // interface, while a typed address stays left to right; the save button is as wide as its words
    const target = page.getByTestId('delivery-target');
    await target.getByRole('button', { name: 'تغيير جهة الإرسال' }).click();
    const address = target.getByLabel('عنوان نقطة الاستلام');
    await address.fill('');
    expect(await address.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await address.fill(proxy.url);
    expect(await address.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    const save = (await target.getByRole('button', { name: 'حفظ جهة الإرسال' }).boundingBox())!;
    const form = (await target.locator('form').boundingBox())!;
    expect(save.width).toBeLessThan(form.width / 2);
    expect(save.x + save.width).toBeCloseTo(form.x + form.width, 0); // at the start of the line, right in Arabic
  } finally {
    await proxy.close();
    intake.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

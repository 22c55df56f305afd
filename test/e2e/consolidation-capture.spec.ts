/**
 * Issue 12: the capture box keeps its text across a reload; contributions show their time and are
 * edited after an export only once confirmed, with their earlier text kept; consent withdrawn:
 * the next bundle no longer carries the name (unzipped and checked), the bundle that did is listed.
 * In English and Arabic (French: the capture box only).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, withDraft, type App } from './fixtures';

async function ok(app: App, ...args: string[]): Promise<string> {
  const r = await app.cli(...args);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

const L = {
  en: { saved: 'Saved', changeAnyway: 'Change it and record it', withdrawn: /Consent to be named withdrawn/ },
  fr: { saved: 'Enregistré', changeAnyway: 'La modifier et l’inscrire', withdrawn: /Consentement à être nommé retiré/ },
  ar: { saved: 'حُفظ', changeAnyway: 'تعديلها وتسجيل ذلك', withdrawn: /سُحبت الموافقة/ },
} as const;

for (const lang of ['en', 'ar', 'fr'] as const) {
  test(`${lang}: the capture box survives a reload${lang === 'fr' ? '' : '; edit after export; consent withdrawn leaves the next bundle'}`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-capture-'));
    const draftId = await withDraft(app);
    const w = await ok(app, 'workshop', 'create', '--title', 'Oujda consultation', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
    const fatima = await ok(app, 'participant', 'add', w, '--name', 'Fatima Zahra', '--organisation', 'Association Ain Ghazal', '--kind', 'migrant_association', '--consent');
    await ok(app, 'contribution', 'add', w, '--question', 'II.a', '--text', 'Legal aid is mising.', '--participant', fatima);
    const first = path.join(dir, 'first.gcmr');
    await ok(app, 'bundle', 'export-workshop', w, '--out', first);

    await page.goto(app.url);
    if (lang !== 'en') {
      await page.getByLabel('Language', { exact: true }).selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }
    await page.evaluate((id) => (location.hash = `#/workshop/${id}`), w);
    const box = page.locator('form.capture textarea');
    await box.fill('Les associations demandent un guichet unique à Oujda, et');
    await expect(page.locator('form.capture .save-status')).toHaveText(L[lang].saved);
    await page.reload();
    await expect(box).toHaveValue('Les associations demandent un guichet unique à Oujda, et');
    // mid-sentence: reloaded at once, before the autosave's pause
    await box.press('End');
    await page.keyboard.type(' un interprète');
    await page.reload();
    await expect(box).toHaveValue('Les associations demandent un guichet unique à Oujda, et un interprète');

    // the time it was said, in the interface language
    const time = page.locator('.captured-item time').first();
    await expect(time).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
    await expect(time).not.toBeEmpty();
    if (lang === 'fr') return expect(problems).toEqual([]);

    // edit after the export: asks first, then records it
    const item = page.locator('.captured-item').first();
    await item.locator('.actions button').first().click();
    await item.locator('textarea').fill('Legal aid is missing.');
    await item.locator('button[type=submit]').click();
    await item.getByRole('button', { name: L[lang].changeAnyway }).click();
    await expect(page.locator('.captured-item').first().locator('.contribution-text')).toHaveText('Legal aid is missing.');
    await page.locator('.captured-item').first().locator('.actions button').last().click();
    await expect(page.locator('.contribution-history')).toContainText('Legal aid is mising.');

    // consent withdrawn
    const person = page.locator('li.participant').first();
    await person.locator('.link-button').click();
    await person.locator('input[type=checkbox]').uncheck();
    await person.locator('button[type=submit]').click();
    await expect(page.locator('li.participant').first()).toContainText(L[lang].withdrawn);
    await expect(page.locator('li.participant ul.carried li')).toHaveCount(1);
    await expect(page.locator('li.participant ul.carried')).toContainText('first.gcmr');

    const next = path.join(dir, 'next.gcmr');
    await ok(app, 'bundle', 'export-workshop', w, '--out', next);
    expect(execFileSync('unzip', ['-p', first, 'contributions.json'], { encoding: 'utf8' })).toContain('Fatima Zahra');
    const out = path.join(dir, 'next');
    execFileSync('unzip', ['-q', '-d', out, next]);
    for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, f), 'latin1'), f).not.toContain('Fatima');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
}

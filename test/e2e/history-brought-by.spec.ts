import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, launchApp, openQuestion, test, useLanguage, withDraft } from './fixtures';

/**
 * A department's change in the ministry's history: the author name the department wrote (anyone
 * can write any name) and, beside it, the signer of the bundle it came in, under the name the
 * ministry's trust register gives that key; in English, French and Arabic.
 */
test('the history says which signer brought a change, beside the author name it claims (en, fr, ar)', async ({ page, app, problems }) => {
  await withDraft(app); // the ministry's identity
  const dept = await launchApp();
  try {
    expect((await dept.cli('identity', 'init', '--name', 'Le Ministre', '--organisation', 'Cabinet')).code).toBe(0);
    const draftId = (await dept.cli('draft', 'create', '--title', 'Contribution des régions')).out.trim();
    expect((await dept.cli('answer', 'set', draftId, 'I.a', '--text', 'Les régions ont contribué en 2019.')).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-via-'));
    const bundle = path.join(dir, 'dept.gcmr');
    expect((await dept.cli('bundle', 'export', draftId, '--out', bundle)).code).toBe(0);
    const pem = path.join(dir, 'dept.pub.pem');
    fs.writeFileSync(pem, (await dept.cliJson<{ publicKeyPem: string }>('identity', 'show', '--json')).publicKeyPem);
    expect((await app.cli('trust', 'add', pem, '--name', 'مديرية الهجرة', '--organisation', 'وزارة الداخلية')).code).toBe(0);
    const imported = await app.cli('bundle', 'import', bundle);
    expect(imported.code, imported.err).toBe(0);

    await openQuestion(page, app, imported.out.trim(), 'I.a');
    await page.getByRole('button', { name: 'History' }).click();
    const session = page.locator('.revisions > li.hist-session-row').first();
    await expect(session).toContainText('Le Ministre (Cabinet)');
    const via = session.getByTestId('brought-by');
    const signer = '\u2068مديرية الهجرة (وزارة الداخلية)\u2069';
    await expect(via).toHaveText(`from a bundle signed by ${signer}`);
    await useLanguage(page, 'fr');
    await expect(via).toHaveText(`d’un paquet signé par ${signer}`);
    await useLanguage(page, 'ar');
    await expect(via).toHaveText(`من حزمة موقّعة من ${signer}`);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(session).toContainText('Le Ministre (Cabinet)');
  } finally {
    await dept.close();
  }
  expect(problems).toEqual([]);
});

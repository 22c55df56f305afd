import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { editAndResign, fileKeySigner, pack, unpack } from '../bundle-tools';
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
    // the signer's name isolated (its own <bdi>: an Arabic name in an English or French sentence)
    const signer = 'مديرية الهجرة (وزارة الداخلية)';
    await expect(via.locator('bdi')).toHaveText(signer);
    await expect(via).toHaveText(`from a bundle signed by ${signer}`);
    await useLanguage(page, 'fr');
    await expect(via).toHaveText(`d’un paquet signé par ${signer}`);
    await expect(via.locator('bdi')).toHaveText(signer);
    await useLanguage(page, 'ar');
    await expect(via).toHaveText(`من حزمة موقّعة من ${signer}`);
    await expect(via.locator('bdi')).toHaveText(signer);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(session).toContainText('Le Ministre (Cabinet)');
  } finally {
    await dept.close();
  }
  expect(problems).toEqual([]);
});

/**
 * A department laptop a day behind: its returned change is dated before the ministry's own save,
 * so the history (newest first by time) lists it second. It is the current text all the same, and
 * the panel says so on its session, not on the first one; the first one can be restored.
 */
test('the current text is marked on its own session when a returned change is dated earlier (en, fr, ar)', async ({ page, app, problems }) => {
  const master = await withDraft(app);
  expect((await app.cli('answer', 'set', master, 'I.a', '--text', 'Texte du ministère.')).code).toBe(0);
  const dept = await launchApp();
  try {
    expect((await dept.cli('identity', 'init', '--name', 'Karim', '--organisation', 'Direction des migrations')).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-clock-'));
    for (const [from, to, name] of [[app, dept, 'Coordination'], [dept, app, 'Direction des migrations']] as const) {
      const pem = path.join(dir, `${name}.pem`);
      fs.writeFileSync(pem, (await from.cliJson<{ publicKeyPem: string }>('identity', 'show', '--json')).publicKeyPem);
      expect((await to.cli('trust', 'add', pem, '--name', name, '--organisation', 'MI')).code).toBe(0);
    }
    const out = path.join(dir, 'out.gcmr');
    expect((await app.cli('bundle', 'export', master, '--out', out)).code).toBe(0);
    const copy = (await dept.cli('bundle', 'import', out)).out.trim();
    expect((await dept.cli('answer', 'set', copy, 'I.a', '--text', 'Texte du ministère, complété par la direction.')).code).toBe(0);
    const back = path.join(dir, 'back.gcmr');
    expect((await dept.cli('bundle', 'export', copy, '--out', back)).code).toBe(0);
    type S = { lastRevisionId: string; end: string };
    const mineAt = Date.parse((await app.cliJson<S[]>('answer', 'history', master, 'I.a', '--sessions', '--json'))[0]!.end);
    const theirs = (await dept.cliJson<S[]>('answer', 'history', copy, 'I.a', '--sessions', '--json'))[0]!.lastRevisionId;
    const skewed = editAndResign(await unpack(back), fileKeySigner(dept.db), {
      draft: (d) => {
        for (const f of d.fields) for (const r of f.revisions) if (r.id === theirs) r.createdAt = new Date(mineAt - 86_400_000).toISOString();
      },
    });
    fs.writeFileSync(back, await pack(skewed));
    const merged = await app.cli('bundle', 'import', back, '--into', master);
    expect(merged.code, merged.err).toBe(0);

    await openQuestion(page, app, master, 'I.a');
    await expect(page.locator('.answer-editor')).toContainText('complété par la direction');
    await page.getByRole('button', { name: 'History' }).click();
    const sessions = page.locator('.revisions > li.hist-session-row');
    await expect(sessions).toHaveCount(2);
    for (const [lang, current, restore] of [['en', 'current', 'Restore the text after'], ['fr', 'actuelle', 'Restaurer le texte après'], ['ar', 'الحالية', 'استعادة النص بعد']] as const) {
      await useLanguage(page, lang);
      await expect(sessions.nth(0)).toContainText('Amina Test');
      await expect(sessions.nth(0).locator('.badge', { hasText: current })).toHaveCount(0);
      await expect(sessions.nth(0).getByRole('button', { name: new RegExp(`^${restore}`) })).toBeVisible();
      await expect(sessions.nth(1)).toContainText('Karim');
      await expect(sessions.nth(1).locator('.badge', { hasText: current })).toHaveCount(1);
      await expect(sessions.nth(1).getByRole('button', { name: new RegExp(`^${restore}`) })).toHaveCount(0);
    }
  } finally {
    await dept.close();
  }
  expect(problems).toEqual([]);
});

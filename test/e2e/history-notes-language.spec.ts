import path from 'node:path';
import { makeConflict } from './conflict-setup';
import { expect, openQuestion, test, useLanguage } from './fixtures';
import { root } from './global-setup';

/**
 * The notes the services store with a revision ("imported from text:FILE", "placed from import…",
 * "merged from bundle…") are shown in the interface language in the history panel, the file name
 * isolated as the user's own text (test/stored-words.test.ts checks every such phrase).
 */
test("the history's note on an imported answer is in the interface language (en, fr, ar)", async ({ page, app, problems }) => {
  expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministère de l’Intérieur')).code).toBe(0);
  const r = await app.cli('import', 'text', path.join(root, 'test', 'fixtures', 'seed-morocco.txt'));
  expect(r.code, r.err).toBe(0);
  await openQuestion(page, app, r.out.trim(), 'I.b');
  await page.getByRole('button', { name: 'History' }).click();
  const note = page.locator('.revisions > li.hist-session-row').first().locator('.rev-note');
  await expect(note).toHaveText('imported from the file seed-morocco.txt');
  await useLanguage(page, 'fr');
  await expect(note).toHaveText('importé du fichier seed-morocco.txt');
  await useLanguage(page, 'ar');
  await expect(note).toHaveText('مستورد من الملف seed-morocco.txt');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(problems).toEqual([]);
});

/**
 * The notes of a conflict decided, a restore and a copied draft: one mechanism (STORED in
 * shared/messages.ts) words them in the history as in the audit.
 */
const NOTES = {
  en: { restored: 'restored from an earlier version', resolved: 'merge conflict resolved: place 1: ours kept', copied: 'copied from another draft' },
  fr: { restored: 'restauré depuis une version antérieure', resolved: 'conflit de fusion résolu : endroit 1 : le nôtre gardé', copied: 'copié depuis un autre brouillon' },
  ar: { restored: 'مستعاد من إصدار سابق', resolved: 'حُلّ تعارض الدمج: الموضع 1: أُبقي نصّنا', copied: 'منسوخ من مسودة أخرى' },
} as const;

test("the history's notes on a decided conflict, a restore and a copied draft are in the interface language (en, fr, ar)", async ({ page, app, problems }) => {
  test.setTimeout(180_000);
  const master = await makeConflict(app.db, 'places');
  const [conflict] = await app.cliJson<Array<{ id: string }>>('conflicts', 'list', master, '--json');
  expect((await app.cli('conflicts', 'resolve', conflict!.id, '--place', '1', '--take', 'ours')).code).toBe(0);
  const revisions = await app.cliJson<Array<{ id: string }>>('answer', 'history', master, 'I.a', '--json');
  const restored = await app.cli('answer', 'restore', master, 'I.a', revisions.at(-1)!.id);
  expect(restored.code, restored.err).toBe(0);
  const copy = (await app.cli('draft', 'duplicate', master)).out.trim();

  await openQuestion(page, app, master, 'I.a');
  await page.getByRole('button', { name: 'History' }).click();
  const note = (i: number) => page.locator('.revisions > li.hist-session-row').nth(i).locator('.rev-note');
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang);
    await expect(note(0)).toHaveText(NOTES[lang].restored);
    await expect(note(1)).toHaveText(NOTES[lang].resolved);
  }
  await useLanguage(page, 'en');
  await openQuestion(page, app, copy, 'I.a');
  await page.getByRole('button', { name: 'History' }).click();
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang);
    await expect(note(0)).toHaveText(NOTES[lang].copied);
  }
  expect(problems).toEqual([]);
});

import fs from 'node:fs';
import path from 'node:path';
import { expect, test, useLanguage, withDraft } from './fixtures';
import { root } from './global-setup';
import { noteFromText } from '../../shared/note';

test('rename, duplicate, move to trash and restore a draft', async ({ page, app, problems }) => {
  const draftId = await withDraft(app, 'Review 2020');
  await app.cli('answer', 'set', draftId, 'I.a', '--text', 'A committee.');
  await page.goto(app.url);
  const card = (title: string) => page.locator('.draft-card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  await expect(card('Review 2020').getByText('1 of 23 answered')).toBeVisible();

  await page.getByRole('button', { name: 'Rename Review 2020' }).click();
  await page.getByLabel('New title').fill('Morocco review 2020');
  await page.getByLabel('New title').press('Enter');
  await expect(card('Morocco review 2020')).toBeVisible();

  await page.getByRole('button', { name: 'Duplicate Morocco review 2020' }).click();
  await expect(card('Morocco review 2020 (copy)').getByText('1 of 23 answered')).toBeVisible();

  await page.getByRole('button', { name: 'Move Morocco review 2020 (copy) to trash' }).click();
  await expect(card('Morocco review 2020 (copy)')).toHaveCount(0);
  await page.getByRole('link', { name: 'Trash' }).click();
  await page.getByRole('button', { name: 'Restore Morocco review 2020 (copy)' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  // said, and the focus on what says it (its row, with the focused button, went: the focus was lost to the page)
  await expect(page.getByRole('status')).toHaveText('"\u2068Morocco review 2020 (copy)\u2069" is back in your drafts.');
  await expect(page.locator('.trash-status .notice')).toBeFocused();
  await page.getByRole('link', { name: 'Back to drafts' }).click();
  await expect(page.locator('.draft-card')).toHaveCount(2);

  // Moved to the trash from the home screen, a draft is said to be there, with an Undo that brings
  // it back (fr, ar); the focus goes to Undo, then to the restored draft's title
  for (const [lang, trash, said, undo] of [
    ['fr', 'Mettre Morocco review 2020 (copy) à la corbeille', '«\u00a0\u2068Morocco review 2020 (copy)\u2069\u00a0» mis à la corbeille.', 'Restaurer'],
    ['ar', 'نقل Morocco review 2020 (copy) إلى سلة المحذوفات', 'نُقلت «\u2068Morocco review 2020 (copy)\u2069» إلى سلة المحذوفات.', 'تراجع'],
  ] as const) {
    await useLanguage(page, lang);
    await page.getByRole('button', { name: trash }).click();
    await expect(card('Morocco review 2020 (copy)')).toHaveCount(0);
    const status = page.getByRole('status').filter({ hasText: said });
    await expect(status).toBeVisible();
    await expect(status.getByRole('button', { name: undo })).toBeFocused();
    if (lang === 'ar') {
      // an Undo that fails (the host answers 500 once): said, and Undo stays, focused, to try again
      await page.route('**/api/restoreDraft', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'disk unavailable' } }) }), { times: 1 });
      await status.getByRole('button', { name: undo }).click();
      await expect(page.locator('.error[role="alert"]')).toBeVisible();
      await expect(status.getByRole('button', { name: undo })).toBeFocused();
      await expect(card('Morocco review 2020 (copy)')).toHaveCount(0);
    }
    await status.getByRole('button', { name: undo }).click();
    await expect(card('Morocco review 2020 (copy)').getByRole('link', { name: 'Morocco review 2020 (copy)', exact: true })).toBeFocused();
    await expect(page.locator('.draft-card')).toHaveCount(2);
    await expect(page.getByRole('status').filter({ hasText: said })).toHaveCount(0);
  }

  // the create form sent without a title says so; another action on the page (renaming a draft) takes its message away (it stayed)
  await page.getByRole('button', { name: 'إنشاء المسودة' }).click();
  await expect(page.locator('.create-draft .field-error')).toHaveText('يُرجى ملء هذه الخانة.');
  await page.getByRole('button', { name: 'إعادة تسمية Morocco review 2020 (copy)' }).click();
  await expect(page.locator('.field-error')).toHaveCount(0);
  await page.keyboard.press('Escape');

  const list = await app.cliJson<Array<{ title: string }>>('draft', 'list', '--json');
  expect(list.map((d) => d.title).sort()).toEqual(['Morocco review 2020', 'Morocco review 2020 (copy)']);
  expect(problems).toEqual([]);
});

test('full-text search finds Arabic words and leads to the question', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await app.cli('answer', 'set', draftId, 'II.c', '--text', 'Coordination.\n\nتتولى وزارة الداخلية تنسيق المراجعة الوطنية.');
  await page.goto(app.url);
  await page.getByRole('searchbox', { name: 'Search all answers' }).fill('الداخلية');
  await page.getByRole('searchbox', { name: 'Search all answers' }).press('Enter');
  const hit = page.locator('.search-hits li');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('question II.c');
  await expect(hit.locator('.snippet')).toContainText('وزارة الداخلية');
  await hit.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 2, name: /II\.c/ })).toBeVisible();
  await expect(page.locator('.answer-editor')).toContainText('تتولى وزارة الداخلية');
  expect(problems).toEqual([]);
});

test('III.a objective statuses and notes and III.b principle notes are saved as their own fields', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await page.goto(app.url);
  await page.evaluate((d) => (location.hash = `#/draft/${d}/III.a`), draftId);
  await page.getByLabel('Status of objective 5', { exact: true }).selectOption('in_progress');
  const note = page.getByRole('textbox', { name: 'Note on objective 5', exact: true });
  await note.click();
  await page.keyboard.type('Regular pathways agreement signed in 2019.');
  await note.blur();
  await expect(page.locator('tr', { has: note }).locator('.save-status')).toHaveText('Saved');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /III\.b/ })).toBeVisible();
  await page.getByRole('textbox', { name: /People-centred/ }).click();
  await page.keyboard.type('يتمحور حول الإنسان');
  await page.getByRole('textbox', { name: /People-centred/ }).blur();
  await expect(page.locator('.principle', { hasText: 'People-centred' }).locator('.save-status')).toHaveText('Saved');

  const show = await app.cliJson<{ answers: Record<string, { text: string }> }>('draft', 'show', draftId, '--json');
  expect(JSON.stringify(show)).toContain('Regular pathways agreement signed in 2019.');
  const o = await app.cliJson<{ value: unknown }>('answer', 'get', draftId, 'III.a/objective/5', '--json');
  expect(o.value).toEqual({ kind: 'objective', status: 'in_progress', note: noteFromText('Regular pathways agreement signed in 2019.') });
  const p = await app.cliJson<{ value: unknown }>('answer', 'get', draftId, 'III.b/principle/a', '--json');
  expect(p.value).toEqual({ kind: 'principle', note: noteFromText('يتمحور حول الإنسان') });
  // Reopened, the values are there.
  await page.reload();
  await expect(page.getByRole('textbox', { name: /People-centred/ })).toHaveText('يتمحور حول الإنسان');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByLabel('Status of objective 5', { exact: true })).toHaveValue('in_progress');
  expect(problems).toEqual([]);
});

test('the name and organisation can be corrected later; new revisions record the new ones', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await app.cli('answer', 'set', draftId, 'I.e', '--text', 'Before.');
  await page.goto(app.url);
  await page.getByRole('link', { name: /Change your name and organisation/ }).click();
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveValue('Amina Test');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Amina El Fassi');
  await page.getByRole('button', { name: 'Save' }).click();
  // the save is said on the settings page, which stays (its other cards in reach)
  await expect(page.getByRole('status').filter({ hasText: 'Saved. New changes are recorded under this name and organisation.' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Amina El Fassi/ })).toBeVisible();
  await page.evaluate((d) => (location.hash = `#/draft/${d}/I.e`), draftId);
  await page.locator('.answer-editor').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' After.');
  await expect(page.locator('.answer-footer .save-status')).toHaveText(/Saved at/);
  const h = await app.cliJson<Array<{ authorName: string }>>('answer', 'history', draftId, 'I.e', '--json');
  expect(h.map((r) => r.authorName)).toEqual(['Amina El Fassi', 'Amina Test']);
  expect(problems).toEqual([]);
});

test('a store of many drafts: the home page lists the 50 changed last, "Show all" the rest (en, fr, ar words; shown in Arabic, the focus on the first card it brought; an Undo that brings a draft back below the first 50 shows all, its title focused)', async ({ page, app, problems }) => {
  const draft0 = await withDraft(app, 'Draft 0');
  for (let i = 1; i < 52; i++) expect((await app.cli('draft', 'create', '--title', `Draft ${i}`)).code).toBe(0);
  await page.goto(app.url);
  const cards = page.locator('li.draft-card');
  await expect(cards).toHaveCount(50);
  await expect(cards.first()).toContainText('Draft 51'); // the newest first
  const words = (lang: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `${lang}.json`), 'utf8')).home;
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang);
    await expect(page.getByText(words(lang).shownFirst.replace('{{shown}}', '50'))).toBeVisible();
    await expect(page.getByRole('button', { name: words(lang).showAll.replace('{{n}}', '52') })).toBeVisible();
  }
  // Undo brings a draft back below the first 50 (another window changed a draft meanwhile): the list shows it, its title focused
  const fill = (s: string, v: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => v[k]!);
  await page.getByRole('button', { name: fill(words('ar').deleteNamed, { title: 'Draft 2' }), exact: true }).click();
  const status = page.getByRole('status').filter({ hasText: fill(words('ar').movedToTrash, { title: '\u2068Draft 2\u2069' }) });
  await expect(status.getByRole('button', { name: words('ar').undo })).toBeFocused();
  expect((await app.cli('draft', 'rename', draft0, '--title', 'Draft 0, renamed')).code).toBe(0);
  expect((await app.cli('draft', 'create', '--title', 'Draft 52')).code).toBe(0);
  await status.getByRole('button', { name: words('ar').undo }).click();
  // the 52nd card now, past the first card "Show all" brings (which its own focus goes to)
  await expect(cards.filter({ hasText: 'Draft 2' }).getByRole('link', { name: 'Draft 2', exact: true })).toBeFocused();
  await expect(cards).toHaveCount(53);
  await expect(cards.nth(51)).toContainText('Draft 2');
  await page.reload();
  await expect(cards).toHaveCount(50);
  await page.getByRole('button', { name: words('ar').showAll.replace('{{n}}', '53') }).click();
  await expect(cards).toHaveCount(53);
  await expect(page.locator('#draft-' + (await cards.nth(50).getAttribute('aria-labelledby'))!.replace(/^draft-/, '') + ' a')).toBeFocused();
  await expect(page.getByRole('button', { name: words('ar').showAll.replace('{{n}}', '53') })).toHaveCount(0);
  expect(problems).toEqual([]);
});

/**
 * Issue 11 on screen, in English, French and Arabic: objective and principle notes are rich
 * editors that grow with their text and have their own history; an answer's history with 2,000
 * saves shows as sessions in a virtualised list that loads older pages as it scrolls.
 */
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, literally, openQuestion, test, useLanguage, withDraft, type App } from './fixtures';
import { root, script } from './global-setup';

const LANGS = ['en', 'fr', 'ar'] as const;
type Lang = (typeof LANGS)[number];
type Strings = { objectives: { noteOf: string }; save: { savedShort: string }; history: { show: string; view: string }; hist: { viewSessionAt: string } };
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', name), 'utf8')) as object;
const tr = (lang: Lang): Strings => ({ ...read(`${lang}.json`), ...read(`versions.${lang}.json`) }) as Strings;
/** An accessible name that starts with a string's text before its first {{placeholder}}. */
const startsWith = (s: string) => new RegExp(`^${literally(s.split('{{')[0]!)}`);

async function open(page: Page, app: App, draftId: string, q: string, lang: Lang) {
  await openQuestion(page, app, draftId, q);
  await useLanguage(page, lang);
}

for (const lang of LANGS) {
  test(`objective and principle notes are rich editors that grow, use the width, and keep their own history (${lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const draftId = await withDraft(app);
    await open(page, app, draftId, 'III.a', lang);
    const row = page.locator('.objectives tbody tr').nth(4);
    const note = row.getByRole('textbox', { name: tr(lang).objectives.noteOf.replace('{{n}}', '5') });
    await expect(note).toBeVisible();
    // the table takes the width it has: all of the question's main column (beside the consolidation panel)
    const tableWidth = (await page.locator('.objectives table').boundingBox())!.width;
    expect(tableWidth).toBeGreaterThan(0.97 * (await page.locator('.question-main').boundingBox())!.width);
    expect(tableWidth).toBeGreaterThan(900);

    await row.getByRole('combobox').selectOption('in_progress');
    const h0 = (await note.boundingBox())!.height;
    await note.click();
    const words = lang === 'ar' ? ['وُقّع', 'اتفاق', 'المسارات', 'العودة'] : lang === 'fr' ? ['Accord', 'signé', 'voies', 'retours'] : ['Agreement', 'signed', 'pathways', 'returns'];
    await page.keyboard.type(`${words[0]} `);
    await page.keyboard.press('Control+b');
    await page.keyboard.type(words[1]!);
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`- ${words[2]}`);
    await page.keyboard.press('Enter');
    await page.keyboard.type(words[3]!);
    await expect(row.locator('.save-status')).toHaveText(tr(lang).save.savedShort, { timeout: 15_000 });
    // it grew with its text: three lines instead of one
    expect((await note.boundingBox())!.height).toBeGreaterThan(h0 + 30);
    await expect(note.locator('strong')).toHaveText(words[1]!);
    await expect(note.locator('ul li')).toHaveCount(2);

    const o = await app.cliJson<{ value: { kind: string; status: string; note: { content: Array<{ type: string; content?: Array<{ marks?: Array<{ type: string }> }> }> } } }>('answer', 'get', draftId, 'III.a/objective/5', '--json');
    expect(o.value.status).toBe('in_progress');
    expect(o.value.note.content.map((b) => b.type)).toEqual(['paragraph', 'bulletList']);
    expect(o.value.note.content[0]!.content!.some((n) => n.marks?.some((m) => m.type === 'bold'))).toBe(true);

    // the note's own history: one editing session, its words and a preview
    await row.getByRole('button', { name: tr(lang).history.show }).click();
    const session = row.locator('.hist-session-row').first();
    await expect(session).toContainText('Amina Test');
    await expect(session.locator('.hist-preview')).toContainText(words[3]!);
    await session.getByRole('button', { name: startsWith(tr(lang).hist.viewSessionAt) }).click();
    await expect(row.locator('.rev-detail .doc-view strong')).toHaveText(words[1]!);

    // III.b: a principle note, same editor
    await page.keyboard.press('Escape');
    await open(page, app, draftId, 'III.b', lang);
    const pnote = page.locator('.principle').first().getByRole('textbox');
    await pnote.click();
    await page.keyboard.type(lang === 'ar' ? 'يتمحور حول الإنسان' : 'People first');
    await expect(page.locator('.principle').first().locator('.save-status')).toHaveText(tr(lang).save.savedShort, { timeout: 15_000 });
    expect((await app.cli('answer', 'get', draftId, 'III.b/principle/a')).out).toBe(lang === 'ar' ? 'يتمحور حول الإنسان' : 'People first');
    expect(problems).toEqual([]);
  });

  test(`an answer with 2,000 saves shows as sessions in a virtualised, paged list (${lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const draftId = await withDraft(app);
    // 2,000 saves written through the store: 100 sessions of 20 saves, a day apart
    execFileSync(process.execPath, [script('seed-history'), app.db, draftId, 'I.a', '2000', '20'], { cwd: root });
    await open(page, app, draftId, 'I.a', lang);
    await page.getByRole('button', { name: tr(lang).history.show }).click();
    const list = page.locator('.hist-scroll');
    await expect(list.locator('li.hist-session-row').first()).toContainText(/20/);
    // virtualised: far fewer rows in the page than sessions
    const shown = await list.locator('li.hist-session-row').count();
    expect(shown).toBeGreaterThan(2);
    expect(shown).toBeLessThan(30);
    // any two sessions compare: the newest and the third
    await list.locator('li.hist-session-row').nth(0).getByRole('checkbox').check();
    await list.locator('li.hist-session-row').nth(2).getByRole('checkbox').check();
    await page.locator('.hist-compare button').click();
    await expect(page.locator('.rev-detail .diff del').first()).toHaveText('97');
    await expect(page.locator('.rev-detail .diff ins').first()).toHaveText('99');
    // scrolling to the end loads older pages until the first session (Session 0) is there
    await expect(async () => {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect(list.locator('li.hist-session-row', { hasText: 'Session 0:' })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    expect(await list.locator('li.hist-session-row').count()).toBeLessThan(30);
    expect(problems).toEqual([]);
  });
}

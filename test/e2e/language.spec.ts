/** Issue 8: the questionnaire in the interface language, the English reference, the draft's document language. */
import type { Page } from '@playwright/test';
import { expect, openQuestion, test, withDraft } from './fixtures';

/**
 * III.a on a 1280 px screen: the objectives take the question's whole width (the contributions
 * panel below them, not beside: the table had ~525 px there), a title line holds several words and
 * a note's toolbar one line.
 */
async function objectivesHaveRoom(page: Page) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(async () => {
    const table = (await page.locator('.objectives table').boundingBox())!;
    const question = (await page.locator('.question-main').boundingBox())!;
    const panel = (await page.locator('aside.consolidation').boundingBox())!;
    expect(table.width).toBeGreaterThan(750);
    expect(table.width).toBeGreaterThan(question.width - 2);
    expect(panel.y).toBeGreaterThan(table.y + table.height - 1);
    const title = (await page.locator('.objective-title').first().boundingBox())!;
    expect(title.width).toBeGreaterThan(300);
  }).toPass();
  await page.locator('.objectives .note-cell .answer-editor, .objectives .note-cell [contenteditable]').first().click();
  const toolbar = page.locator('.objectives .note-cell .toolbar').first();
  const buttons = toolbar.getByRole('button');
  const tops = new Set(await buttons.evaluateAll((bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top))));
  expect(tops.size).toBe(1);
}

test.describe('French interface', () => {
  test.use({ locale: 'fr-FR' });
  test('questions, objectives and principles in French, English reference on demand', async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    await openQuestion(page, app, draftId, 'I.a');
    await expect(page.locator('.question-text')).toHaveText(/mécanisme/);
    await expect(page.locator('.question-text')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('nav.sidebar')).toContainText('méthodologie suivie');
    await expect(page.locator('.reference-text')).toHaveCount(0);
    await page.getByRole('button', { name: 'Afficher le texte de référence anglais' }).click();
    await expect(page.locator('blockquote.reference-text')).toHaveText(/^Has a mechanism been established/);
    await openQuestion(page, app, draftId, 'III.a');
    await expect(page.locator('.objective-title').first()).toContainText('Collecter et utiliser des données exactes');
    await expect(page.locator('.objective-title .reference-text').first()).toHaveText(/^Collect and utilize accurate/);
    await objectivesHaveRoom(page);
    expect(problems).toEqual([]);
  });

  test('a draft created in French gets French documents; the document language can be changed', async ({ page, app, problems }) => {
    await withDraft(app);
    await page.goto(app.url);
    await page.getByLabel('Titre').fill('Revue nationale');
    await page.getByLabel('Autorité soumettant l’examen').fill('Ministère des Affaires étrangères');
    await expect(page.getByLabel('Document rédigé en')).toHaveValue('fr');
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await page.getByRole('link', { name: 'Revue nationale', exact: true }).click();
    const drafts = await app.cliJson<Array<{ id: string; title: string; language: string; authority: string }>>('draft', 'list', '--json');
    const d = drafts.find((x) => x.title === 'Revue nationale')!;
    expect(d).toMatchObject({ language: 'fr', authority: 'Ministère des Affaires étrangères' });
    // one sentence, the French space before the colon, "Document" said once
    await expect(page.locator('.document-settings > summary')).toHaveText('Document\u00a0: en français · Ministère des Affaires étrangères');
    await page.locator('.document-settings > summary').click();
    await page.getByLabel('Document rédigé en').selectOption('ar');
    await page.locator('.document-settings').getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('.document-settings [role=status]')).toBeVisible();
    await expect(page.locator('.document-settings > summary')).toContainText('arabe');
    expect((await app.cliJson<{ language: string }>('draft', 'show', d.id, '--json')).language).toBe('ar');
    expect(problems).toEqual([]);
  });
});

test.describe('Arabic interface', () => {
  test.use({ locale: 'ar-MA' });
  test('questions, section titles and principles in Arabic, right-to-left', async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    await openQuestion(page, app, draftId, 'III.b');
    await expect(page.locator('.question-text')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('.question-text')).toHaveText(/\p{Script=Arabic}/u);
    await expect(page.locator('.crumb bdi').first()).toHaveText(/\p{Script=Arabic}/u);
    await expect(page.locator('.principle .principle-label').first()).toHaveText(/\p{Script=Arabic}/u);
    await page.getByRole('button', { name: 'عرض النص المرجعي بالإنجليزية' }).click();
    await expect(page.locator('blockquote.reference-text')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('.document-settings > summary')).toHaveText('الوثيقة: باللغة الإنجليزية');
    await openQuestion(page, app, draftId, 'III.a');
    await objectivesHaveRoom(page);
    expect(problems).toEqual([]);
  });
});

test.describe('bundled fonts', () => {
  test.use({ locale: 'ar-MA' });
  test('Arabic and Latin text are drawn with the fonts the app ships, loaded from its own origin', async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    const fontUrls: string[] = [];
    page.on('response', (r) => /\.woff2?$/.test(r.url()) && r.ok() && fontUrls.push(r.url()));
    await openQuestion(page, app, draftId, 'I.a');
    await page.evaluate(() => document.fonts.ready);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family.replace(/['"]/g, '')} ${f.weight}`));
    expect(loaded).toEqual(expect.arrayContaining(['Noto Naskh Arabic 400', 'Noto Sans 400']));
    expect(fontUrls.length).toBeGreaterThan(0);
    for (const u of fontUrls) expect(new URL(u).origin).toBe(new URL(app.url).origin);
    expect(await page.locator('.question-text').evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/^"?Noto Naskh Arabic/);
    expect(problems).toEqual([]);
  });
});

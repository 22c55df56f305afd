/** Issue 8: the questionnaire in the interface language, the English reference, the draft's document language. */
import { expect, openQuestion, test, withDraft } from './fixtures';

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

import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';

test('first run: identity, then create a draft and see it with its progress', async ({ page, app, problems }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Welcome to GCM Review' })).toBeVisible();
  await page.getByLabel('Your name').fill('Amina El Fassi');
  await page.getByLabel('Organisation').fill('Ministry of Interior');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Title').fill('Morocco — national review 2020');
  await page.getByLabel('Country').fill('Morocco');
  await page.getByRole('button', { name: 'Create draft' }).click();
  const card = page.locator('.draft-card', { hasText: 'Morocco — national review 2020' });
  await expect(card).toBeVisible();
  await expect(card.getByText('0 of 23 answered')).toBeVisible();
  const who = await app.cliJson<{ name: string; organisation: string }>('identity', 'show', '--json');
  expect(who).toMatchObject({ name: 'Amina El Fassi', organisation: 'Ministry of Interior' });
  expect(problems).toEqual([]);
});

test('an answer with a 3-level nested list and an Arabic paragraph survives a reload and is stored as a document', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'I.a');
  const editor = page.locator('.answer-editor');
  await editor.click();
  await page.keyboard.type('The coordination mechanism includes:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- Ministry of Interior');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Directorate of Migration');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Border unit');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('تتولى وزارة الداخلية تنسيق المراجعة الوطنية.');
  await waitSaved(page);

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /I\.a/ })).toBeVisible();
  const level3 = page.locator('.answer-editor > ul > li > ul > li > ul > li');
  await expect(level3).toHaveText('Border unit');
  await expect(page.locator('.answer-editor > ul > li > p')).toHaveText('Ministry of Interior');
  await expect(page.locator('.answer-editor > ul > li > ul > li > p')).toHaveText('Directorate of Migration');
  const arabic = page.locator('.answer-editor > p', { hasText: 'تتولى' });
  await expect(arabic).toBeVisible();
  expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await page.locator('.answer-editor > p').first().evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  await expect(page.locator('.word-count')).toHaveText(/\d+ words/);

  // The store holds a document (not HTML) with the list nested three deep.
  const got = await app.cliJson<{ text: string; value: { kind: string; doc: { content: Array<{ type: string }> } } }>('answer', 'get', draftId, 'I.a', '--json');
  expect(got.text).toBe(
    'The coordination mechanism includes:\n\n- Ministry of Interior\n  - Directorate of Migration\n    - Border unit\n\nتتولى وزارة الداخلية تنسيق المراجعة الوطنية.',
  );
  expect(got.value.kind).toBe('answer');
  expect(got.value.doc.content.map((b) => b.type)).toEqual(['paragraph', 'bulletList', 'paragraph']);
  expect(JSON.stringify(got.value.doc)).not.toMatch(/<|dir|style/);
  expect(problems).toEqual([]);
});

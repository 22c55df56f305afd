/**
 * Tagging a workshop contribution in French or Arabic: the type-ahead offers the questions and
 * objectives in the interface language and finds them by its words (accents, Arabic spellings);
 * "who speaks" shows its choice whole on an 800 px screen; the contribution captured shows its tags
 * apart, whatever their direction.
 */
import type { Page } from '@playwright/test';
import { expect, optionAndRoom, test, useLanguage, withDraft } from './fixtures';

/**
 * The new-workshop form at 1280 px: the day chosen is also said in the interface language (the
 * browser's own field writes it in ITS language's order, "12/05/2026" month first); the master
 * draft's choices are not cut; the button stands apart from the fields and the list's heading
 * apart from the form.
 */
async function newWorkshopForm(page: Page, lang: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => (location.hash = '#/workshops'));
  const form = page.locator('form.cons-form');
  await form.locator('input[type=date]').fill('2026-05-12');
  const said = form.getByTestId('date-said');
  // a browser set to the United States names no Arab country: the standard Arabic month name (it was Morocco's "ماي" for everyone)
  await expect(said).toHaveText({ en: '12 May 2026', fr: '12 mai 2026', ar: '12 مايو 2026' }[lang]!);
  await expect(form.locator('input[type=date]')).toHaveAttribute('aria-describedby', (await said.getAttribute('id'))!);
  const [text, room] = await optionAndRoom(form.locator('select'));
  expect(text).toBeLessThanOrEqual(room);
  const fields = (await form.locator('.cons-grid').boundingBox())!;
  const button = (await form.locator('button[type=submit]').boundingBox())!;
  expect(button.y - (fields.y + fields.height)).toBeGreaterThanOrEqual(12);
  const heading = (await page.locator('form.cons-form + h2').boundingBox())!;
  const card = (await form.boundingBox())!;
  expect(heading.y - (card.y + card.height)).toBeGreaterThanOrEqual(16);
}

/** `obj7`: objective 7 as the language writes it; `hinted`: as its hint tells the user to type it. */
const CASES = [
  { lang: 'en', typed: 'vulnerabilities', text: 'Address and reduce vulnerabilities in migration', dir: 'ltr', obj7: 'Obj 7', hinted: 'Obj 7' },
  { lang: 'fr', typed: 'VULNERABILITE', text: 'S’attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire', dir: 'ltr', obj7: 'Obj.\u00a07', hinted: 'Obj. 7' },
  { lang: 'ar', typed: 'ضعف الهجره', text: 'معالجة أوجه الضعف في الهجرة والحد منها', dir: 'rtl', obj7: 'الهدف 7', hinted: 'الهدف 7' },
] as const;

for (const c of CASES) {
  test(`the capture's questions and objectives are in the interface language and found by its words (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    const w = await app.cli('workshop', 'create', '--title', 'Consultation Oujda', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
    expect(w.code, w.err).toBe(0);
    expect((await app.cli('participant', 'add', w.out.trim(), '--name', 'Fatima Zahra', '--organisation', 'Association Oujda Migrants', '--kind', 'migrant_association', '--consent')).code).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, c.lang);
    await newWorkshopForm(page, c.lang);
    await page.evaluate((id) => (location.hash = `#/workshop/${id}`), w.out.trim());
    // on an 800 px screen "who speaks" shows its first choice whole (cut in French and English:
    // "Une organisation (sans pa")
    await page.setViewportSize({ width: 800, height: 600 });
    const [who, whoRoom] = await optionAndRoom(page.locator('form.capture select').first());
    expect(who).toBeLessThanOrEqual(whoRoom);
    const picker = page.locator('.target-picker input[role=combobox]');
    await picker.fill(c.typed);
    const option = page.locator('.target-picker [role=option]').first();
    await expect(option.locator('.q-id')).toHaveText(c.obj7);
    const text = option.locator('span[lang]');
    await expect(text).toHaveText(c.text);
    await expect(text).toHaveAttribute('lang', c.lang);
    await expect(text).toHaveAttribute('dir', c.dir);
    // the hint's example, typed as it shows it, finds the objective; the English form still does
    await expect(page.locator('.target-picker')).toContainText(`(${c.hinted})`);
    for (const typed of [c.hinted, 'Obj 7']) {
      await picker.fill(typed);
      await expect(option.locator('.q-id')).toHaveText(c.obj7);
    }
    await picker.press('Enter');
    await expect(page.locator('.target-picker .chip bdi')).toHaveText([c.obj7]);

    // captured for a question, then the objective: its two tags apart on the line, whatever their
    // own direction (in Arabic "I.a" and "الهدف 7" touched: each one's margin was on its own end)
    await picker.fill('');
    await picker.press('Backspace');
    await expect(page.locator('.target-picker .chip')).toHaveCount(0);
    for (const [typed, id] of [['I.a', 'I.a'], [c.hinted, c.obj7]] as const) {
      await picker.fill(typed);
      await expect(option.locator('.q-id')).toHaveText(id);
      await picker.press('Enter');
    }
    await expect(page.locator('.target-picker .chip bdi')).toHaveText(['I.a', c.obj7]);
    await page.locator('form.capture select').first().selectOption({ index: 1 });
    await page.locator('form.capture textarea').fill('Les communes veulent siéger au comité.');
    await page.locator('form.capture button[type=submit]').click();
    const tags = page.locator('.captured > li .tag');
    await expect(tags).toHaveCount(2);
    const [a, b] = (await Promise.all([tags.nth(0).boundingBox(), tags.nth(1).boundingBox()])).sort((x, y) => x!.x - y!.x);
    expect(b!.x - (a!.x + a!.width)).toBeGreaterThanOrEqual(3);
    expect(problems).toEqual([]);
  });
}

test.describe('a system set to Jordan', () => {
  test.use({ locale: 'ar-JO' });
  test('Arabic dates take the month names of the system’s country (كانون، أيار), not Morocco’s', async ({ page, app, problems }) => {
    await withDraft(app); // past the first screen
    await page.goto(app.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await page.evaluate(() => (location.hash = '#/workshops'));
    const form = page.locator('form.cons-form');
    await form.locator('input[type=date]').fill('2026-05-12');
    await expect(form.getByTestId('date-said')).toHaveText('12 أيار 2026');
    await form.locator('input[type=date]').fill('2026-12-01');
    await expect(form.getByTestId('date-said')).toHaveText('1 كانون الأول 2026');
    expect(problems).toEqual([]);
  });
});

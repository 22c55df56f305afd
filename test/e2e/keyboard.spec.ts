import type { Page } from '@playwright/test';
import { expect, openQuestion, test, withDraft } from './fixtures';

/** Presses Tab until the focused element matches, like a keyboard user would (no clicks). */
async function tabTo(page: Page, matches: (el: Element) => boolean, max = 60) {
  const fn = matches.toString();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // eslint-disable-next-line no-new-func
    if (await page.evaluate((src) => !!document.activeElement && (0, eval)(src)(document.activeElement), fn)) return;
  }
  throw new Error('focus never reached the element');
}

test('a question can be reached and answered with the keyboard alone', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await page.goto(app.url);
  await expect(page.locator('.draft-card')).toBeVisible();

  // The skip link comes first.
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to main content');

  // Open the draft from the list.
  await tabTo(page, (el) => el.tagName === 'A' && (el.textContent ?? '').includes('Morocco'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: /I\.a/ })).toBeFocused();
  // reached by the keyboard, the heading shows its ring
  const ring = () => page.getByRole('heading', { level: 2 }).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(await ring()).toBe('dotted');

  // Next question with the shortcut, then into the editor: one Tab to the toolbar, one to the text.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /I\.b/ })).toBeFocused();
  await page.keyboard.press('Control+]');
  await expect(page.getByRole('heading', { level: 2, name: /I\.c/ })).toBeFocused();
  await page.keyboard.press('Control+[');
  await expect(page.getByRole('heading', { level: 2, name: /I\.b/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Bold' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('button', { name: 'Italic' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('.answer-editor')).toBeFocused();

  await page.keyboard.type('The Inter-ministerial Committee on Migration, chaired by the Ministry of Foreign Affairs.');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('Members:');
  await page.keyboard.press('Control+b');
  await page.keyboard.press('Enter');
  await page.keyboard.type('1. Interior');
  // Leaving by shortcut from inside the editor saves the answer and lands in the next editor.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('heading', { level: 2, name: /I\.c/ })).toBeVisible();
  await expect(page.locator('.answer-editor')).toBeFocused();

  await expect
    .poll(async () => (await app.cli('answer', 'get', draftId, 'I.b')).out, { timeout: 10_000 })
    .toBe('The Inter-ministerial Committee on Migration, chaired by the Ministry of Foreign Affairs.\n\nMembers:\n\n1. Interior');
  const got = await app.cliJson<{ value: { doc: unknown } }>('answer', 'get', draftId, 'I.b', '--json');
  expect(JSON.stringify(got.value.doc)).toContain('{"type":"text","text":"Members:","marks":[{"type":"bold"}]}');

  // The sidebar shows it answered.
  await expect(page.locator('.questions a', { hasText: 'I.b' }).locator('.check')).toBeVisible();

  // Reached by a click, the heading has the focus (for screen readers) but draws no ring; nor when
  // the app opens at a question before anything was pressed (it did: programmatic focus)
  await page.locator('nav.sidebar a[href$="/I.d"]').click();
  await expect(page.getByRole('heading', { level: 2, name: /I\.d/ })).toBeFocused();
  expect(await ring()).toBe('none');
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /I\.d/ })).toBeFocused();
  expect(await ring()).toBe('none');
  expect(problems).toEqual([]);
});

test('shortcuts pressed faster than the screen renders each move from where the last one went', async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  await openQuestion(page, app, draftId, 'IV.b');
  // Both keys in one task, so the second arrives before the first move has rendered: with the
  // position taken from the rendered screen, Alt+Down went one past IV.b (to IV.c).
  const press = (keys: Array<'ArrowUp' | 'ArrowDown'>) =>
    page.evaluate((ks) => {
      for (const key of ks) window.dispatchEvent(new KeyboardEvent('keydown', { key, altKey: true, bubbles: true, cancelable: true }));
    }, keys);
  await press(['ArrowUp', 'ArrowDown']);
  await expect(page).toHaveURL(/\/IV\.b$/);
  await expect(page.getByRole('heading', { level: 2, name: /IV\.b/ })).toBeVisible();
  await press(['ArrowDown', 'ArrowDown', 'ArrowUp']);
  await expect(page).toHaveURL(/\/IV\.c$/);
  await expect(page.getByRole('heading', { level: 2, name: /IV\.c/ })).toBeVisible();
  expect(problems).toEqual([]);
});

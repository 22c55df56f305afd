/**
 * Keys typed straight after the link form or a toolbar button (reached by keyboard) go into the
 * answer, even when the page draws late. TipTap gives the focus back in the next animation frame;
 * on a busy laptop that frame can come 100 ms or more later, and the keys typed before it went to
 * the button or the page and were lost. Here every animation frame comes 300 ms late.
 * Keys are typed as keys where the keyboard has them: text inserted as an input method inserts it
 * lands wherever the page's selection is, whatever has the focus, and would pass on the code before.
 */
import type { Page } from '@playwright/test';
import { expect, openNewDraft, test, waitSaved, type App } from './fixtures';

const CASES = {
  en: { address: 'Link address', before: 'See ', after: ' now', bold: 'B', onward: 'second' },
  fr: { address: 'Adresse du lien', before: 'Voir ', after: ' ici', bold: 'G', onward: 'suite' },
  ar: { address: 'عنوان الرابط', before: 'انظر ', after: ' الآن', bold: '2020', onward: '2021' },
} as const;

/**
 * A busy laptop: every animation frame 300 ms late, and every timer set for "at once" 200 ms late
 * (the browser runs input before timers: TipTap's onCreate, in such a timer, once took the keys
 * typed before it as saved, and they were never saved).
 */
const lateFrames = (page: Page) =>
  page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const later = window.setTimeout.bind(window);
    window.requestAnimationFrame = (cb) => later(() => raf(cb), 300) as unknown as number;
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => later(fn, ms ? ms : 200, ...args)) as typeof window.setTimeout;
  });

/** A new draft's `question`, in `lang`, on a busy laptop (lateFrames); the draft's id. */
async function openLate(page: Page, app: App, lang: keyof typeof CASES, question: string): Promise<string> {
  await lateFrames(page);
  return openNewDraft(page, app, lang, question);
}

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`keys typed at once after the link form or a toolbar button reach the answer when frames come late (${lang})`, async ({ page, app, problems }) => {
    const c = CASES[lang];
    const draftId = await openLate(page, app, lang, 'II.b');
    const editor = page.locator('.answer-editor');
    const typeNow = (text: string) => (/^[\x20-\x7e]+$/.test(text) ? page.keyboard.type(text) : page.keyboard.insertText(text));
    await editor.click();
    await page.keyboard.type(c.before);
    await page.keyboard.press('Control+k');
    const address = page.getByLabel(c.address);
    await expect(address).toBeFocused();
    await address.fill('migration.gov.ma');
    // Enter applies the link, and the next keys come at once, without waiting for anything.
    await address.press('Enter');
    await typeNow(c.after);
    await expect(editor).toContainText(`${c.before}migration.gov.ma${c.after}`);
    // Escape leaves the editor for the toolbar (its first button: bold); Enter presses it, and the
    // next key comes at once.
    await page.keyboard.press('Escape');
    await expect(page.locator('.toolbar .tool-bold')).toBeFocused();
    await page.keyboard.press('Enter');
    await typeNow(c.bold);
    await expect(editor.locator('strong')).toHaveText(c.bold);
    await waitSaved(page);
    const got = await app.cliJson<{ text: string; value: { doc: unknown } }>('answer', 'get', draftId, 'II.b', '--json');
    expect(got.text).toBe(`${c.before}migration.gov.ma${c.after}${c.bold}`);
    expect(JSON.stringify(got.value.doc)).toContain('{"type":"link","attrs":{"href":"https://migration.gov.ma"}}');
    expect(problems).toEqual([]);
  });
}

for (const lang of ['en', 'fr', 'ar'] as const) {
  // The app moved to the next question when the browser's hashchange came, a task later: keys typed
  // on went into the answer being left; then, until TipTap's focus in the next frame, nowhere. Before
  // this, with frames late: "second" lost whole; on time: "firsts" and "cond", "first" and "econd"...
  test(`keys typed on after Alt+Down go into the next question, none into the one left (${lang})`, async ({ page, app, problems }) => {
    const c = CASES[lang];
    const draftId = await openLate(page, app, lang, 'I.b');
    await page.locator('.answer-editor').click();
    await page.keyboard.type('first');
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.type(c.onward);
    // and the link form opened at once keeps the focus when the late frame comes (a focus the app
    // had asked TipTap for, for that frame, took it back to the answer)
    await page.keyboard.press('Control+k');
    const address = page.getByLabel(c.address);
    await expect(address).toBeFocused();
    await page.evaluate(() => new Promise<void>((frame) => requestAnimationFrame(() => frame())));
    await expect(address).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('heading', { level: 2, name: /I\.c/ })).toBeVisible();
    await expect(page.locator('.answer-editor')).toHaveText(c.onward);
    // left at once: what was typed is saved on the way out, none of it taken as saved already
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.getByRole('heading', { level: 2, name: /I\.b/ })).toBeVisible();
    await expect.poll(async () => (await app.cli('answer', 'get', draftId, 'I.c')).out, { timeout: 10_000 }).toBe(c.onward);
    expect((await app.cli('answer', 'get', draftId, 'I.b')).out).toBe('first');
    expect(problems).toEqual([]);
  });
}

/**
 * Issue 13: typing does not re-render. In a long answer (30 KB: paragraphs, nested lists, French
 * and Arabic), 20 characters typed in a burst commit React at most a few times (the status turning
 * to "Saving…", the Undo button turning on, the word count after a pause), never once per keystroke; counted with a stand-in for
 * React DevTools' hook (react-renders.ts). Saves are held while typing so the count cannot include
 * a finished save; once let through, the text is saved and is there after a reload. In English,
 * French and Arabic (the Arabic answer is right-to-left, typed in Arabic).
 */
import { wordCount } from '../../shared/doc';
import { REACT_RENDERS, type ReactRenders } from './react-renders';
import { longAnswerText } from './long-answer';
import { expect, openQuestion, test, waitSaved, withDraft } from './fixtures';

const CASES = [
  { lang: 'en', answer: longAnswerText(30_000), typed: ' Budget line 12 funds', dir: 'ltr' },
  { lang: 'fr', answer: longAnswerText(30_000), typed: ' Le comité a validé ça', dir: 'ltr' },
  { lang: 'ar', answer: `أنشأت الحكومة لجنة وطنية لتنسيق الاستعراض.\n\n${longAnswerText(30_000)}`, typed: ' وافقت اللجنة على الميزانية', dir: 'rtl' },
] as const;

for (const c of CASES) {
  test(`typing in a long answer commits React only when the save status shows a change (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    const set = await app.cli('answer', 'set', draftId, 'I.a', '--text', c.answer);
    expect(set.code, set.err).toBe(0);
    await page.addInitScript(REACT_RENDERS);
    await page.goto(app.url);
    if (c.lang !== 'en') await page.getByLabel('Language').selectOption(c.lang);
    await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
    await openQuestion(page, app, draftId, 'I.a');
    const editor = page.locator('.answer-editor');
    await expect(editor).toHaveAttribute('dir', c.dir);
    // the page's own start-up work done (the history warm-up renders once when idle)
    await page.waitForFunction(() => performance.getEntriesByName('gcm:history-warmed').length > 0);

    // saves held until the count is taken
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/saveField', async (route) => {
      await held;
      await route.continue();
    });
    await editor.locator(':scope > p').first().click();
    await page.keyboard.press('End');
    await expect(page.getByRole('button', { name: c.lang === 'en' ? 'Bold' : c.lang === 'fr' ? 'Gras' : 'غامق' })).toBeVisible();
    const counts = () => page.evaluate(() => ({ ...(globalThis as unknown as { __reactRenders: ReactRenders }).__reactRenders }));
    const before = await counts();
    await page.keyboard.type(c.typed);
    await expect(editor.locator(':scope > p').first()).toContainText(c.typed.trim());
    await expect(page.locator('.answer-footer .save-status')).toHaveClass(/is-saving/);
    const after = await counts();
    const commits = after.commits - before.commits;
    const renders = after.renders - before.renders;
    // "Saving…" (the status line and the conflict slot), the Undo button turning on, and the word
    // count (once per new word at most, if the loaded machine paused 250 ms between keys); one per keystroke would be 20+
    const words = wordCount(c.typed);
    expect(commits, `${commits} React commits for ${c.typed.length} keystrokes`).toBeLessThanOrEqual(3 + words);
    expect(renders, `${renders} component renders for ${c.typed.length} keystrokes`).toBeLessThanOrEqual(8 + words);
    await expect(page.locator('.toolbar .tool-undo')).not.toHaveAttribute('aria-disabled', 'true');

    release();
    await waitSaved(page);
    const got = await app.cli('answer', 'get', draftId, 'I.a');
    expect(got.out).toContain(c.typed.trim());
    await page.reload();
    await expect(page.locator('.answer-editor > p').first()).toContainText(c.typed.trim());
    expect(problems).toEqual([]);
  });
}

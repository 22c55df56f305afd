/**
 * Issue 13 (typing that does not re-render): keys arriving as fast as the browser takes them
 * (keyboard.type without delay) into a long answer (30 KB: paragraphs, nested lists, French and
 * Arabic), with the "- " and "1. " list input rules, Tab to nest three levels deep, Enter to climb
 * out of lists, and text typed right after each of them. The stored document must be exactly what
 * was typed, in its place: no doubled character, no caret jump, no list lost. (A first attempt at
 * the typing work passed its tests on a loaded machine and lost exactly these on a fast one.)
 * In English, French and Arabic (the Arabic answer is right-to-left, typed in Arabic).
 */
import type { Page } from '@playwright/test';
import type { Doc } from '../../shared/doc';
import { textToDoc } from '../../shared/plaintext';
import { longAnswerText } from './long-answer';
import { expect, openQuestion, test, withDraft } from './fixtures';

const CASES = [
  {
    lang: 'en',
    first: 'Review of 2020.',
    words: ['Coordination:', 'Interior', 'Migration', 'Border unit', 'First step', 'Second step', 'Detail', 'Done.'],
  },
  {
    lang: 'fr',
    first: 'Revue de 2020.',
    words: ['Coordination :', 'Intérieur', 'Migrations', 'Unité des frontières', 'Première étape', 'Deuxième étape', 'Détail', 'Terminé.'],
  },
  {
    lang: 'ar',
    first: 'استعراض 2020.',
    words: ['التنسيق:', 'الداخلية', 'الهجرة', 'وحدة الحدود', 'الخطوة الأولى', 'الخطوة الثانية', 'تفاصيل', 'انتهى.'],
  },
] as const;

/** The document as the model keeps it, with an ordered list's default start (1) left out, as the plain-text form leaves it out. */
function normalised(doc: Doc): unknown {
  return JSON.parse(JSON.stringify(doc), (key, value: unknown) => {
    if (key === 'attrs' && value && typeof value === 'object' && Object.keys(value).every((k) => k === 'start') && ((value as { start?: number }).start ?? 1) === 1) return undefined;
    return value;
  });
}

/**
 * Types `keys` as fast as keys can come: every key sent at once, without waiting for the page to
 * take the one before (so several arrive within one frame, as from a fast typist on an idle
 * machine); "\n" is the Enter key and "\t" the Tab key. A character the US keyboard lacks (é, Arabic)
 * is typed as keyboard.type types it (inserted text, as from an input method). The page gets them in order.
 */
async function typeFast(page: Page, keys: string) {
  const key = (k: string) => (k === '\n' ? page.keyboard.press('Enter') : k === '\t' ? page.keyboard.press('Tab') : /^[\x20-\x7e]$/.test(k) ? page.keyboard.press(k) : page.keyboard.insertText(k));
  await Promise.all([...keys].map(key));
}

for (const c of CASES) {
  test(`fast typing with list input rules and nested lists in a long answer stores exactly what was typed (${c.lang})`, async ({ page, app, problems }) => {
    test.setTimeout(120_000);
    const draftId = await withDraft(app);
    const rest = longAnswerText(30_000);
    const set = await app.cli('answer', 'set', draftId, 'I.a', '--text', `${c.first}\n\n${rest}`);
    expect(set.code, set.err).toBe(0);
    const before = await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.a', '--json');
    const tail = before.text.slice(c.first.length); // the stored plain-text form of the rest, from its blank line

    await openQuestion(page, app, draftId, 'I.a');
    if ((await page.locator('html').getAttribute('lang')) !== c.lang) {
      await page.locator('select', { has: page.locator('option[value="ar"]') }).first().selectOption(c.lang);
      await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
    }
    const editor = page.locator('.answer-editor');
    await expect(editor).toHaveAttribute('dir', c.lang === 'ar' ? 'rtl' : 'ltr');
    // the end of the first paragraph (short: one line, so End is its end)
    await editor.locator(':scope > p').first().click();
    await page.keyboard.press('End');
    const [w0, w1, w2, w3, w4, w5, w6, w7] = c.words;
    // Tab nests an item; after the third level's item an empty item, then three Enters climb out of
    // the three levels into a paragraph, where "1. " starts a numbered list; two Enters leave it
    await typeFast(page, `\n${w0}\n- ${w1}\n\t${w2}\n\t${w3}\n\n\n\n1. ${w4}\n${w5}\n\t${w6}\n\n\n${w7}`);

    const typed = `${w0}\n\n- ${w1}\n  - ${w2}\n    - ${w3}\n\n1. ${w4}\n2. ${w5}\n  1. ${w6}\n\n${w7}`;
    const expected = `${c.first}\n\n${typed}${tail}`;
    // on screen, at once: the lists as typed
    const exactly = (w: string) => new RegExp(`^${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await expect(editor.locator(':scope > ul > li > ul > li > ul > li').filter({ hasText: exactly(w3) })).toHaveCount(1);
    await expect(editor.locator(':scope > ol > li > ol > li').filter({ hasText: exactly(w6) })).toHaveCount(1);
    // stored: exactly the text typed, in its place, and the same document as its plain-text form gives
    await expect.poll(async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.a', '--json')).text, { timeout: 20_000 }).toBe(expected);
    const got = await app.cliJson<{ value: { doc: Doc } }>('answer', 'get', draftId, 'I.a', '--json');
    expect(normalised(got.value.doc)).toEqual(normalised(textToDoc(expected)));
    expect(problems).toEqual([]);
  });
}

/**
 * Issue 13 (typing that does not re-render): keys arriving as fast as the browser takes them
 * (keyboard.type without delay) into a long answer (30 KB: paragraphs, nested lists, French and
 * Arabic), with the "- " and "1. " list input rules, Tab to nest three levels deep, Enter to climb
 * out of lists, and text typed right after each of them. The stored document must be exactly what
 * was typed, in its place: no doubled character, no caret jump, no list lost. (A first attempt at
 * the typing work passed its tests on a loaded machine and lost exactly these on a fast one.)
 * In English, French and Arabic (the Arabic answer is right-to-left, typed in Arabic).
 * The 30 KB answer is long enough that its far blocks are skipped while out of sight
 * (editor/far-blocks.ts), so the blocks made by Enter are made among skipped ones; the second test
 * jumps across a 100 KB answer into blocks that were skipped and types at once.
 */
import type { Page } from '@playwright/test';
import type { Doc } from '../../shared/doc';
import { textToDoc } from '../../shared/plaintext';
import { longAnswerText } from './long-answer';
import { expect, literally, openQuestion, test, useLanguage, withDraft } from './fixtures';

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

/**
 * Keys with Ctrl held that move the caret (Ctrl+Home, Ctrl+End), keys that page (PageUp,
 * PageDown), and keys with Shift held that extend the selection (CDP modifiers: 2 Ctrl, 8 Shift).
 */
const MOVES = {
  'Control+Home': ['Home', 36, 2],
  'Control+End': ['End', 35, 2],
  PageUp: ['PageUp', 33, 0],
  PageDown: ['PageDown', 34, 0],
  'Shift+Home': ['Home', 36, 8],
  'Shift+Control+End': ['End', 35, 10],
} as const;

/**
 * As typeFast, with caret moves among the keys: every event sent at once on one DevTools session
 * (so they arrive in order, and a move's Ctrl is held for that key alone, which several
 * keyboard.press calls at once cannot do: they share the keyboard's modifiers).
 */
async function typeFastWithMoves(page: Page, steps: Array<string | keyof typeof MOVES>) {
  const cdp = await page.context().newCDPSession(page);
  const sent: Array<Promise<unknown>> = [];
  const key = (k: string, code: string, keyCode: number, modifiers = 0, text?: string) => {
    const common = { key: k, code, windowsVirtualKeyCode: keyCode, modifiers };
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: text ? 'keyDown' : 'rawKeyDown', ...common, ...(text ? { text, unmodifiedText: text } : {}) }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common }));
  };
  for (const step of steps) {
    if (step in MOVES) {
      const [k, keyCode, modifiers] = MOVES[step as keyof typeof MOVES];
      key(k, k, keyCode, modifiers);
      continue;
    }
    for (const ch of step) {
      if (ch === '\n') key('Enter', 'Enter', 13, 0, '\r');
      else if (ch === ' ') key(' ', 'Space', 32, 0, ' ');
      else if (/^[A-Za-z]$/.test(ch)) key(ch, `Key${ch.toUpperCase()}`, ch.toUpperCase().charCodeAt(0), 0, ch);
      else sent.push(cdp.send('Input.insertText', { text: ch }));
    }
  }
  await Promise.all(sent);
  await cdp.detach();
}

/** The computed content-visibility of the editor's top-level blocks, in order. */
const visibilities = (page: Page) => page.locator('.answer-editor > *').evaluateAll((els) => els.map((e) => getComputedStyle(e).contentVisibility));

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
    await useLanguage(page, c.lang);
    const editor = page.locator('.answer-editor');
    await expect(editor).toHaveAttribute('dir', c.lang === 'ar' ? 'rtl' : 'ltr');
    // the end of the first paragraph (short: one line, so End is its end)
    await editor.locator(':scope > p').first().click();
    await page.keyboard.press('End');
    // the blocks far from the caret are skipped (far-blocks.ts), and typing makes blocks among them
    await expect.poll(async () => (await visibilities(page)).at(-1)).toBe('auto');
    const [w0, w1, w2, w3, w4, w5, w6, w7] = c.words;
    // Tab nests an item; after the third level's item an empty item, then three Enters climb out of
    // the three levels into a paragraph, where "1. " starts a numbered list; two Enters leave it
    await typeFast(page, `\n${w0}\n- ${w1}\n\t${w2}\n\t${w3}\n\n\n\n1. ${w4}\n${w5}\n\t${w6}\n\n\n${w7}`);

    const typed = `${w0}\n\n- ${w1}\n  - ${w2}\n    - ${w3}\n\n1. ${w4}\n2. ${w5}\n  1. ${w6}\n\n${w7}`;
    const expected = `${c.first}\n\n${typed}${tail}`;
    // on screen, at once: the lists as typed
    const exactly = (w: string) => new RegExp(`^${literally(w)}$`);
    await expect(editor.locator(':scope > ul > li > ul > li > ul > li').filter({ hasText: exactly(w3) })).toHaveCount(1);
    await expect(editor.locator(':scope > ol > li > ol > li').filter({ hasText: exactly(w6) })).toHaveCount(1);
    // stored: exactly the text typed, in its place, and the same document as its plain-text form gives
    await expect.poll(async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.a', '--json')).text, { timeout: 20_000 }).toBe(expected);
    const got = await app.cliJson<{ value: { doc: Doc } }>('answer', 'get', draftId, 'I.a', '--json');
    expect(normalised(got.value.doc)).toEqual(normalised(textToDoc(expected)));
    expect(problems).toEqual([]);
  });
}

/**
 * The blocks of a long answer far from the caret are skipped while out of sight (content-visibility,
 * editor/far-blocks.ts), and a block the browser skips cannot take text. Keys sent without waiting:
 * a click into a block that was far and out of sight, Enter and a new paragraph there, a jump to the
 * start (Ctrl+Home) and to the end (Ctrl+End) of a 100 KB answer with text typed at once after each,
 * then pages up (PageUp) and text typed where the caret lands. Every character stored, in its place.
 */
for (const c of CASES) {
  test(`keyboard jumps across a 100 KB answer and typing at once into blocks that were skipped store exactly what was typed (${c.lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const draftId = await withDraft(app);
    const [w0, w1, w2, w3, w4] = c.words;
    const last = c.words[7];
    // before the last paragraph, 80 of one line: a page up from the end crosses more blocks than are kept around the caret
    const lines = Array.from({ length: 80 }, (_, i) => `${c.words[1]} ${i + 1}.`).join('\n\n');
    const set = await app.cli('answer', 'set', draftId, 'I.a', '--text', `${c.first}\n\n${longAnswerText(100_000)}\n\n${lines}\n\n${last}`);
    expect(set.code, set.err).toBe(0);
    const before = (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.a', '--json')).text;
    expect(before.endsWith(`\n\n${last}`)).toBe(true);
    const stored = async () => (await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.a', '--json')).text;
    // its start and its end first: a difference there reads better than in 100 KB
    const ends = (t: string) => ({ start: t.slice(0, 60), end: t.slice(-120), length: t.length });

    await openQuestion(page, app, draftId, 'I.a');
    await useLanguage(page, c.lang);
    const editor = page.locator('.answer-editor');
    await editor.locator(':scope > p').first().click();
    await page.keyboard.press('End');
    // the far blocks are skipped (else this test would not test them): the last ones, not the first
    await expect.poll(async () => (await visibilities(page)).at(-1)).toBe('auto');
    expect((await visibilities(page))[0]).toBe('visible');

    // a click into the last paragraph, far and out of sight until the click scrolls to it
    await editor.locator(':scope > p').last().click();
    await page.keyboard.press('End');
    await typeFastWithMoves(page, [`\n${w0}`, 'Control+Home', `${w1} `, 'Control+End', ` ${w2}\n${w3}`]);
    const expected = `${w1} ${before}\n\n${w0} ${w2}\n\n${w3}`;
    await expect.poll(async () => ends(await stored()), { timeout: 30_000 }).toEqual(ends(expected));
    expect(await stored()).toBe(expected);
    // the caret's blocks are shown, the far ones skipped again
    const v = await visibilities(page);
    expect(v.at(-1)).toBe('visible');
    expect(v[0]).toBe('auto');

    // pages up from the end, and text at once where the caret lands: inserted whole, nothing else changed
    expect(expected.includes(w4)).toBe(false);
    await typeFastWithMoves(page, ['PageUp', 'PageUp', 'PageUp', w4]);
    await expect.poll(async () => (await stored()).length, { timeout: 30_000 }).toBe(expected.length + w4.length);
    const now = await stored();
    expect(ends(now.replace(w4, ''))).toEqual(ends(expected));
    expect(now.replace(w4, '')).toBe(expected);
    expect(problems).toEqual([]);
  });
}

/**
 * A selection across blocks that are skipped (far-blocks.ts), replaced by text typed at once: the
 * skipped blocks go, exactly, and the typed text takes their place. Two ways to select them: from
 * the end of a 100 KB answer, a Shift+click into its second paragraph (far, out of sight and
 * skipped until the click scrolls to it) and Shift+Home; and, in another answer, from the end of
 * the first paragraph, Shift+Ctrl+End to the end of the answer. And a caret put into a skipped
 * block by the DOM's selection alone (as a screen reader's cursor or a script does, with no key and
 * no click), then text typed at once: inserted there, whole.
 */
for (const c of CASES) {
  test(`a selection across skipped blocks (Shift+click, Shift+Ctrl+End) replaced by text typed at once (${c.lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const draftId = await withDraft(app);
    const [w0, w1] = c.words;
    const second = `${c.words[6]} 0.`;
    const text = `${c.first}\n\n${second}\n\n${longAnswerText(100_000)}\n\n${c.words[7]}`;
    for (const q of ['I.a', 'I.b', 'I.c']) expect((await app.cli('answer', 'set', draftId, q, '--text', text)).code).toBe(0);
    const stored = async (q: string) => (await app.cliJson<{ text: string }>('answer', 'get', draftId, q, '--json')).text;
    // stored as the plain-text form reads it (list markers normalised); its first two paragraphs as given
    expect(await stored('I.a')).toMatch(new RegExp(`^${literally(`${c.first}\n\n${second}\n\n`)}`));
    const editor = page.locator('.answer-editor');

    await openQuestion(page, app, draftId, 'I.a');
    await useLanguage(page, c.lang);
    await editor.locator(':scope > p').last().click();
    await page.keyboard.press('End');
    // the second paragraph is skipped while the caret is at the end (else this would not test it)
    await expect.poll(async () => (await visibilities(page))[1]).toBe('auto');
    await editor.locator(':scope > p').nth(1).click({ modifiers: ['Shift'] });
    await typeFastWithMoves(page, ['Shift+Home', w0]);
    await expect.poll(() => stored('I.a'), { timeout: 30_000 }).toBe(`${c.first}\n\n${w0}`);
    await expect(editor.locator(':scope > *')).toHaveCount(2);

    await openQuestion(page, app, draftId, 'I.b');
    await editor.locator(':scope > p').first().click();
    await page.keyboard.press('End');
    await expect.poll(async () => (await visibilities(page)).at(-1)).toBe('auto');
    await typeFastWithMoves(page, ['Shift+Control+End', ` ${w1}`]);
    await expect.poll(() => stored('I.b'), { timeout: 30_000 }).toBe(`${c.first} ${w1}`);
    await expect(editor.locator(':scope > *')).toHaveCount(1);

    const before = await stored('I.c');
    await openQuestion(page, app, draftId, 'I.c');
    await editor.locator(':scope > p').last().click();
    await page.keyboard.press('End');
    await expect.poll(async () => (await visibilities(page))[1]).toBe('auto');
    // the DOM's selection alone moves into the skipped second paragraph, at its start
    await editor.evaluate((el) => {
      const text = el.children[1]!.firstChild!;
      el.ownerDocument.getSelection()!.collapse(text, 0);
    });
    await typeFastWithMoves(page, [`${w1} `]);
    await expect.poll(async () => (await stored('I.c')).length, { timeout: 30_000 }).toBe(before.length + w1.length + 1);
    expect(await stored('I.c')).toBe(before.replace(`\n\n${second}`, `\n\n${w1} ${second}`));
    expect(problems).toEqual([]);
  });
}

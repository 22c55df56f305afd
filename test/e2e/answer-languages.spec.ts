/**
 * The print view says the language of answer text in another script than the document's, as the
 * Word export and the print HTML do (shared/text-scripts.ts): an Arabic paragraph in an English or
 * French review is read (and drawn, by the :lang(ar) rule: the bundled Naskh first) as Arabic; a
 * French law's name inside an Arabic answer is French, an English paragraph English. Before, the
 * whole article carried the document's language and an Arabic paragraph in a French review was
 * drawn in the Latin font's stack and voiced as French.
 *
 * The same print views show the question's picture attachments as the Word export does
 * (renderer/src/exchange/print-pictures.ts): the PNG a "[Picture 1: alt]" placeholder names is an
 * <img> in its place (the placeholder text gone), another PNG follows the answer with the caption
 * of the document's language; in French a text file named .png with its own placeholder is not
 * drawn (its bytes decide), its placeholder stays; in Arabic the figure is on the right.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pngBytes } from '../picture-fixtures';
import { expect, openQuestion, test, waitSaved, withDraft, type App } from './fixtures';

const LAW = 'Loi n° 02-03 relative à l’entrée et au séjour des étrangers';
const CASES = {
  en: { locale: 'en-GB', own: 'The Ministry consulted the regions and the prefectures.', arabic: 'اعتمدت الحكومة آلية وطنية للتنسيق.', term: 'The kafala (الكفالة) is recognised.' },
  fr: { locale: 'fr-FR', own: 'Le ministère a consulté les régions et les préfectures.', arabic: 'اعتمدت الحكومة آلية وطنية للتنسيق.', term: 'La kafala (الكفالة) est reconnue.' },
} as const;

const PICTURES = {
  en: { intro: 'The committee is organised as follows:', alt: 'Organisation chart', other: 'regions-map.png', caption: 'Figure 1: regions-map.png' },
  fr: { intro: 'Le comité est organisé comme suit :', alt: 'Organigramme du comité', other: 'carte-des-regions.png', caption: 'Figure 1 : carte-des-regions.png' },
  ar: { intro: 'تنتظم اللجنة على النحو الآتي:', alt: 'الهيكل التنظيمي للجنة', other: 'خريطة الجهات.png', caption: 'الشكل 1: خريطة الجهات.png' },
} as const;

/**
 * Attaches to I.a a 120×80 PNG named as the Word import names picture 1 (its alt text + .png) and
 * another PNG; in French also text bytes named faux.png. Returns the answer paragraph with the placeholders.
 */
async function attachPictures(app: App, draftId: string, lang: keyof typeof PICTURES): Promise<string> {
  const pic = PICTURES[lang];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-pictures-'));
  const png = path.join(dir, 'chart.png');
  fs.writeFileSync(png, pngBytes(120, 80));
  const fake = path.join(dir, 'fake.png');
  fs.writeFileSync(fake, 'not a picture\n');
  for (const [file, name] of [[png, `${pic.alt}.png`], [png, pic.other], ...(lang === 'fr' ? [[fake, 'faux.png']] : [])]) {
    const r = await app.cli('attach', 'add', draftId, 'I.a', file!, '--name', name!);
    expect(r.code, r.err).toBe(0);
  }
  return `${pic.intro} [Picture 1: ${pic.alt}]${lang === 'fr' ? ' [Picture 2: faux]' : ''}`;
}

/** An answer table with a header row, as the plain-text form writes it, in each language. */
const TABLES = {
  en: ['Year', 'Regularisations'],
  fr: ['Année', 'Régularisations'],
  ar: ['السنة', 'التسويات'],
} as const;
const tableText = (lang: keyof typeof TABLES) => `| ${TABLES[lang].join(' | ')} |\n| --- | --- |\n| 2014 | 18,000 |\n| 2017 | 28,400 |`;
/** The print view's answer table: its header row is the table's <thead> (repeated on each printed page), the body its two rows. */
async function expectHeadRow(doc: Locator, lang: keyof typeof TABLES) {
  const table = doc.locator('table.answer-table');
  await expect(table.locator('thead th')).toHaveText([...TABLES[lang]]);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody th')).toHaveCount(0);
}

/** In the print view `doc`: the placeholder's picture drawn (decoded) in its place, the other after the answer with its caption. */
async function expectPictures(doc: Locator, lang: keyof typeof PICTURES) {
  const pic = PICTURES[lang];
  const para = doc.locator('p', { hasText: pic.intro });
  const img = para.locator('img');
  await expect(img).toHaveAttribute('alt', pic.alt);
  await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBe(120);
  await expect(doc).not.toContainText(`[Picture 1`);
  // the picture where the placeholder was: after the paragraph's text
  const order = await para.evaluate((p) => {
    const out: string[] = [];
    const w = document.createTreeWalker(p);
    for (let n = w.nextNode(); n; n = w.nextNode()) if (n.nodeName === 'IMG' || (n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) out.push(n.nodeName === 'IMG' ? 'img' : n.textContent!.trim());
    return out;
  });
  expect(order).toEqual(lang === 'fr' ? [pic.intro, 'img', '[Picture 2: faux]'] : [pic.intro, 'img']);
  const figure = doc.locator('figure');
  await expect(figure).toHaveCount(1);
  await expect(figure.locator('figcaption')).toHaveText(pic.caption);
  await expect(figure.locator('img')).toHaveAttribute('alt', pic.other.replace(/\.png$/, ''));
  await expect.poll(() => figure.locator('img').evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBe(120);
  expect(await doc.locator('img').count()).toBe(2);
}

type Locator = import('@playwright/test').Locator;
const fontOf = (el: Locator) => el.evaluate((e) => getComputedStyle(e).fontFamily);

/** In `around` (the print view's document, the editor), written in `lang`: the Arabic paragraph and term tagged Arabic and drawn in Naskh, the review's own text not. */
async function expectArabicTagged(around: Locator, lang: string, c: (typeof CASES)[keyof typeof CASES]) {
  await expect(around).toHaveAttribute('lang', lang);
  const arabic = around.locator('p', { hasText: c.arabic });
  await expect(arabic).toHaveAttribute('lang', 'ar');
  expect(await fontOf(arabic)).toMatch(/^"?Noto Naskh Arabic/);
  const own = around.locator('p', { hasText: c.own });
  expect(await own.getAttribute('lang')).toBeNull();
  expect(await fontOf(own)).not.toMatch(/^"?Noto Naskh Arabic/);
  await expect(around.locator('p', { hasText: c.term }).locator('span[lang="ar"]')).toHaveText('الكفالة');
}

for (const [lang, c] of Object.entries(CASES)) {
  test.describe(`${lang} review`, () => {
    test.use({ locale: c.locale });
    test(`an Arabic paragraph and an Arabic term in a review written in ${lang} are tagged Arabic in the print view; its pictures are drawn`, async ({ page, app, problems }) => {
      const draftId = await withDraft(app);
      expect((await app.cli('draft', 'set', draftId, '--language', lang)).code).toBe(0);
      const pictures = await attachPictures(app, draftId, lang as 'en' | 'fr');
      const r = await app.cli('answer', 'set', draftId, 'I.a', '--text', [c.own, '', c.arabic, '', c.term, '', pictures, '', tableText(lang as 'en' | 'fr')].join('\n'));
      expect(r.code, r.err).toBe(0);
      await page.goto(app.url);
      await page.evaluate((d) => (location.hash = `#/exchange/print/${d}`), draftId);
      await expectArabicTagged(page.locator('.x-print-doc'), lang, c);
      await expectPictures(page.locator('.x-print-doc'), lang as 'en' | 'fr');
      await expectHeadRow(page.locator('.x-print-doc'), lang as 'en' | 'fr');
      if (lang === 'fr') {
        // the attachments cannot be listed: the draft prints without its pictures, placeholders kept (it did not print at all)
        await page.route('**/api/listAttachments', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'unavailable' } }) }));
        await page.reload();
        const doc = page.locator('.x-print-doc');
        await expect(doc.locator('p', { hasText: PICTURES.fr.intro })).toContainText(`[Picture 1: ${PICTURES.fr.alt}]`);
        await expect(doc.locator('img')).toHaveCount(0);
        await expectHeadRow(doc, 'fr');
      }
      expect(problems).toEqual([]);
    });
  });
}

test.describe('ar review', () => {
  test.use({ locale: 'ar-MA' });
  test('a French law inside an Arabic answer and an English paragraph are tagged in the print view; its pictures are drawn, the figure on the right; a table\'s header row its thead', async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    expect((await app.cli('draft', 'set', draftId, '--language', 'ar')).code).toBe(0);
    const pictures = await attachPictures(app, draftId, 'ar');
    const text = [`صادق المغرب على ${LAW} سنة 2003.`, '', 'The Global Compact for Migration was adopted in Marrakesh in 2018.', '', 'تتولى وزارة الداخلية التنسيق.', '', pictures, '', tableText('ar')].join('\n');
    const r = await app.cli('answer', 'set', draftId, 'I.a', '--text', text);
    expect(r.code, r.err).toBe(0);
    await page.goto(app.url);
    await page.evaluate((d) => (location.hash = `#/exchange/print/${d}`), draftId);
    const doc = page.locator('.x-print-doc');
    await expect(doc).toHaveAttribute('lang', 'ar');
    await expect(doc.locator('p', { hasText: 'صادق المغرب' }).locator('span[lang="fr"]')).toHaveText(LAW);
    await expect(doc.locator('p[lang="en"]')).toHaveText('The Global Compact for Migration was adopted in Marrakesh in 2018.');
    expect(await doc.locator('p', { hasText: 'تتولى وزارة الداخلية' }).getAttribute('lang')).toBeNull();
    await expectPictures(doc, 'ar');
    await expectHeadRow(doc, 'ar');
    // right-to-left: the caption and the figure's picture against the cell's right edge, the placed picture left of its Arabic text
    const figure = doc.locator('figure');
    expect(await figure.locator('figcaption').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    const cell = (await figure.locator('xpath=ancestor::td[1]').boundingBox())!;
    const shown = (await figure.locator('img').boundingBox())!;
    expect(cell.x + cell.width - (shown.x + shown.width)).toBeLessThan(20);
    expect(shown.x - cell.x).toBeGreaterThan(cell.width / 2);
    const para = doc.locator('p', { hasText: PICTURES.ar.intro });
    const placed = (await para.locator('img').boundingBox())!;
    const wordsX = await para.evaluate((p, intro) => {
      const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (!n.textContent!.includes(intro)) continue;
        const r = document.createRange();
        r.selectNodeContents(n);
        return r.getBoundingClientRect().x;
      }
      return NaN;
    }, PICTURES.ar.intro);
    expect(placed.x + placed.width).toBeLessThanOrEqual(wordsX + 1);
    expect(problems).toEqual([]);
  });
});

/**
 * The editor tags text as the print view does (renderer/src/editor/languages.ts): typed, not
 * stored. The editor itself is in the review's language; a paragraph or a name in another is
 * tagged with its own, and what is saved has no trace of it.
 */
/** A new draft written in `lang`, its question I.a open and its editor focused. */
async function typeIntoReview(page: import('@playwright/test').Page, app: App, lang: string): Promise<{ draftId: string; editor: Locator }> {
  const draftId = await withDraft(app);
  expect((await app.cli('draft', 'set', draftId, '--language', lang)).code).toBe(0);
  await openQuestion(page, app, draftId, 'I.a');
  const editor = page.locator('.answer-editor');
  await editor.click();
  return { draftId, editor };
}

async function storedValue(app: App, draftId: string): Promise<string> {
  const r = await app.cliJson<{ value: unknown }>('answer', 'get', draftId, 'I.a', '--json');
  return JSON.stringify(r.value);
}

for (const [lang, c] of Object.entries(CASES)) {
  test.describe(`${lang} review, typed`, () => {
    test.use({ locale: c.locale });
    test(`an Arabic paragraph typed into a review written in ${lang} is tagged Arabic in the editor and drawn in Naskh; the text is saved as typed`, async ({ page, app, problems }) => {
      const { draftId, editor } = await typeIntoReview(page, app, lang);
      await page.keyboard.type(c.own);
      await page.keyboard.press('Enter');
      await page.keyboard.type(c.arabic);
      await page.keyboard.press('Enter');
      await page.keyboard.type(c.term);
      await expectArabicTagged(editor, lang, c);
      await waitSaved(page);
      const stored = await storedValue(app, draftId);
      expect(stored).toContain(c.arabic);
      expect(stored).not.toMatch(/"lang"|lang=/);
      if (lang === 'en') {
        // the review becomes Arabic (the Document panel): the open editor's tags follow at once
        await page.locator('.document-settings > summary').click();
        await page.getByLabel('Document written in').selectOption('ar');
        await page.locator('.document-settings').getByRole('button', { name: 'Save' }).click();
        await expect(editor).toHaveAttribute('lang', 'ar');
        await expect(editor.locator('p', { hasText: c.own })).toHaveAttribute('lang', 'en');
        await expect(editor.locator('p', { hasText: c.arabic })).not.toHaveAttribute('lang', /./);
        expect(await storedValue(app, draftId)).toBe(stored);
      }
      expect(problems).toEqual([]);
    });
  });
}

test.describe('ar review, typed', () => {
  test.use({ locale: 'ar-MA' });
  test('a French law typed inside an Arabic answer and an English paragraph are tagged in the editor, the law in the Latin font', async ({ page, app, problems }) => {
    const { draftId, editor } = await typeIntoReview(page, app, 'ar');
    await expect(editor).toHaveAttribute('lang', 'ar');
    await page.keyboard.type(`صادق المغرب على ${LAW} سنة 2003.`);
    await page.keyboard.press('Enter');
    await page.keyboard.type('The Global Compact for Migration was adopted in Marrakesh in 2018.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('تتولى وزارة الداخلية التنسيق.');
    const law = editor.locator('span[lang="fr"]');
    await expect(law).toHaveText(LAW);
    expect(await fontOf(law)).not.toMatch(/^"?Noto Naskh Arabic/);
    expect(await fontOf(editor.locator('p', { hasText: 'صادق المغرب' }))).toMatch(/^"?Noto Naskh Arabic/);
    await expect(editor.locator('p[lang="en"]')).toHaveText('The Global Compact for Migration was adopted in Marrakesh in 2018.');
    expect(await editor.locator('p', { hasText: 'تتولى وزارة الداخلية' }).getAttribute('lang')).toBeNull();
    await waitSaved(page);
    const stored = await storedValue(app, draftId);
    expect(stored).toContain(LAW);
    expect(stored).not.toMatch(/"lang"|lang=/);
    expect(problems).toEqual([]);
  });
});

test.describe('ar review, composed', () => {
  test.use({ locale: 'ar-MA' });
  test('a French name composed letter by letter (an input method, dead keys) inside an Arabic answer: stored exactly, tagged once composed', async ({ page, app, problems }) => {
    const { draftId, editor } = await typeIntoReview(page, app, 'ar');
    await page.keyboard.type('صادق المغرب على ');
    // the tag's span appears around text still being composed: the composition must not be broken by it
    const cdp = await page.context().newCDPSession(page);
    for (const word of ['Loi', ' relative', ' à', ' l’entrée']) {
      for (let i = 1; i <= word.length; i++) await cdp.send('Input.imeSetComposition', { text: word.slice(0, i), selectionStart: i, selectionEnd: i });
      await cdp.send('Input.insertText', { text: word });
    }
    await page.keyboard.type(' سنة 2003.');
    await expect(editor.locator('span[lang="fr"]')).toHaveText('Loi relative à l’entrée');
    await waitSaved(page);
    expect((await app.cliJson<{ text: string }>('answer', 'get', draftId, 'I.a', '--json')).text).toBe('صادق المغرب على Loi relative à l’entrée سنة 2003.');
    expect(problems).toEqual([]);
  });
});

test('a French review opened in an English interface: the editor and a version shown in History are French, its Arabic paragraph Arabic', async ({ page, app, problems }) => {
  const c = CASES.fr;
  const draftId = await withDraft(app);
  expect((await app.cli('draft', 'set', draftId, '--language', 'fr')).code).toBe(0);
  const r = await app.cli('answer', 'set', draftId, 'I.a', '--text', [c.own, '', c.arabic, '', c.term].join('\n'));
  expect(r.code, r.err).toBe(0);
  await openQuestion(page, app, draftId, 'I.a');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectArabicTagged(page.locator('.answer-editor'), 'fr', c);
  await page.getByRole('button', { name: 'History' }).click();
  await page.locator('.revisions').getByRole('button', { name: /^View/ }).first().click();
  await expectArabicTagged(page.locator('.rev-detail .doc-view'), 'fr', c);
  expect(problems).toEqual([]);
});

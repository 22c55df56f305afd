/**
 * Issue 8: no English from the interface catalogue on a French or Arabic screen. Every screen
 * the questionnaire and the review use is opened in fr and ar; its visible text must not contain
 * any English catalogue string (the English catalogue's own words, less those that are the same
 * in the screen's language: proper nouns such as "GCM Review", "Word", "PDF"). User data is
 * written in the screen's language, so it is not English either. axe finds no serious or critical
 * violations on the main screens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seriousViolations } from './axe';
import { expect, test, type App } from './fixtures';
import { root } from './global-setup';

type Tree = { [k: string]: string | Tree };
type Language = 'en' | 'fr' | 'ar';
/** Every catalogue of a language (shared/i18n/<lang>.json and <block>.<lang>.json), read as the app merges them. */
function catalogue(lang: Language): Tree {
  const dir = path.join(root, 'shared', 'i18n');
  const files = fs.readdirSync(dir).filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`));
  return Object.assign({}, ...files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Tree));
}
const flat = (t: Tree, p = ''): Array<[string, string]> => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v, `${p}${k}.`)));

/** English strings of the catalogue that would be a leak on a screen in `lang`: the static parts of each string, of at least two words. */
function englishStrings(lang: Language): string[] {
  const other = new Set(flat(catalogue(lang)).map(([, v]) => v));
  const out = new Set<string>();
  for (const [, v] of flat(catalogue('en'))) {
    if (other.has(v)) continue;
    for (const part of v.split(/\{\{\w+\}\}/)) {
      const s = part.replace(/[\s:;,.…()«»“”"'–—-]+$/u, '').replace(/^[\s:;,.…()«»“”"'–—-]+/u, '').trim();
      if (s.split(/\s+/).length >= 2 && /[a-z]/.test(s) && !other.has(s)) out.add(s);
    }
  }
  return [...out];
}

/** `other`: an organisation written in the other script (the From column once mixed them up); `day`, `obj7`: the workshop's day and objective 7 as the language writes them. */
const DATA = {
  fr: { title: 'Revue nationale du Maroc', country: 'Maroc', answer: 'Le ministère a coordonné l’examen.\n\n- Ministère de l’Intérieur\n  - Direction de la migration', workshop: 'Consultation régionale', place: 'Agadir', authority: 'Wilaya de Souss-Massa', person: 'Fatima Amrani', other: 'مجلس الجهة', day: '2 mars 2021', obj7: 'Obj.\u00a07' },
  ar: { title: 'الاستعراض الوطني للمغرب', country: 'المغرب', answer: 'نسّقت الوزارة الاستعراض.\n\n- وزارة الداخلية\n  - مديرية الهجرة', workshop: 'المشاورة الجهوية', place: 'أكادير', authority: 'ولاية سوس ماسة', person: 'فاطمة العمراني', other: 'Association Tamkine', day: '2 مارس 2021', obj7: 'الهدف 7' },
};

async function seed(app: App, lang: 'fr' | 'ar') {
  const d = DATA[lang];
  expect((await app.cli('identity', 'init', '--name', d.person, '--organisation', d.authority)).code).toBe(0);
  const id = (await app.cli('draft', 'create', '--title', d.title, '--country', d.country, '--language', lang, '--authority', d.authority)).out.trim();
  expect((await app.cli('answer', 'set', id, 'I.a', '--text', d.answer)).code).toBe(0);
  expect((await app.cli('objective', 'set', id, '1', '--status', 'in_progress', '--note', d.answer.split('\n')[0]!)).code).toBe(0);
  const w = await app.cli('workshop', 'create', '--title', d.workshop, '--date', '2021-03-02', '--place', d.place, '--authority', d.authority, '--draft', id);
  expect(w.code, w.err).toBe(0);
  // one contribution waiting (I.a and objective 7), one taken into I.b (its note names the workshop and its day)
  const said = async (question: string) => (await app.cli('contribution', 'add', w.out.trim(), '--question', question, '--text', d.answer.split('\n')[0]!, '--organisation', d.other)).out.trim();
  await said('I.a,III.a/objective/7');
  expect((await app.cli('contribution', 'accept', await said('I.b'), '--draft', id)).code).toBe(0);
  return { draftId: id, workshopId: w.out.trim() };
}

for (const lang of ['fr', 'ar'] as const) {
  test.describe(`${lang} screens`, () => {
    test.use({ locale: lang === 'fr' ? 'fr-FR' : 'ar-MA' });
    test(`no English interface string on any screen (${lang}); axe finds nothing serious`, async ({ page, app, problems }) => {
      test.setTimeout(600_000);
      const { draftId, workshopId } = await seed(app, lang);
      const english = englishStrings(lang);
      expect(english.length).toBeGreaterThan(200);
      expect(english).toEqual(expect.arrayContaining(['Your drafts', 'Not answered', 'Show the English reference text']));
      const own = catalogue(lang) as { home: { yourDrafts: string }; language: { showReference: string }; identity: { change: string } };
      const screens: Array<[string, string, boolean]> = [
        ['home', '#/', true],
        ['trash', '#/trash', false],
        ['backups', '#/backups', true],
        ['identity', '#/identity', false],
        ['search', `#/search/${encodeURIComponent(DATA[lang].answer.split(' ')[1]!)}`, false],
        ['question', `#/draft/${draftId}/I.a`, true],
        ['objectives', `#/draft/${draftId}/III.a`, false],
        ['principles', `#/draft/${draftId}/III.b`, false],
        ['print', `#/exchange/print/${draftId}`, true],
        ['outbox', '#/exchange/outbox', false],
        ['import', '#/exchange/import', false],
        ['text import', '#/exchange/text', false],
        ['trust', '#/exchange/trust', false],
        ['workshops', '#/workshops', false],
        ['workshop', `#/workshop/${workshopId}`, false],
        ['dashboard', `#/review/${draftId}/dashboard`, false],
        ['audit', `#/review/${draftId}/audit`, false],
        ['conflicts', `#/review/${draftId}/conflicts`, false],
        ['versions', `#/review/${draftId}/versions`, false],
      ];
      await page.goto(app.url);
      const leaks: string[] = [];
      for (const [name, hash, axe] of screens) {
        await page.evaluate((h) => (location.hash = h), hash);
        // the screen is there, in its language (a waiting check: right after the first load the
        // app's start-up screen is a busy <main> of its own, and before it nothing is busy at all)
        await expect(page.locator('main, #main').first()).toBeVisible();
        if (name === 'home') await expect(page.locator('body')).toContainText(own.home.yourDrafts);
        // the identity link's name punctuated as the language punctuates (Arabic comma, French space before the colon)
        const { person, authority } = DATA[lang];
        if (name === 'home') await expect(page.locator('header a.who')).toHaveAttribute('aria-label', lang === 'ar' ? `${person}، ${authority}: ${own.identity.change}` : `${person}, ${authority}\u00a0: ${own.identity.change}`);
        if (name === 'question') await expect(page.locator('body')).toContainText(own.language.showReference);
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        const text = await page.evaluate(() => document.body.innerText);
        for (const s of english) if (text.includes(s)) leaks.push(`${name}: "${s}"`);
        // no English objective label ("Obj 7"); no ISO day inside the sentences that name a workshop (a backup's file name keeps its own)
        expect(text, name).not.toMatch(/\bObj \d/);
        if (['question', 'workshops', 'workshop', 'dashboard', 'audit'].includes(name)) expect(text, name).not.toMatch(/\d{4}-\d{2}-\d{2}/);
        if (name === 'dashboard') {
          // who it comes from: the organisation, the workshop's title, day and place each isolated, the day worded
          const from = page.locator('.cons-table .from').first();
          await expect(from.locator('bdi')).toHaveText([DATA[lang].other, DATA[lang].workshop, DATA[lang].day, DATA[lang].place]);
          await expect(page.locator('.objective-said dt', { hasText: DATA[lang].obj7 })).toHaveCount(1);
        }
        if (name === 'audit') await expect(page.locator('.audit-table')).toContainText(DATA[lang].day);
        if (name === 'question') await expect(page.locator('li.contribution .tag').last()).toHaveText(DATA[lang].obj7);
        if (axe) expect(await seriousViolations(page), `${name}`).toEqual([]);
      }
      expect(leaks).toEqual([]);
      expect(problems).toEqual([]);
    });
  });
}

/**
 * Issue 13, a first screen that loads only what it shows: every screen but the first is a chunk of
 * its own (renderer/src/screens.tsx). Each is reached here in English, French and Arabic and must
 * show its heading in that language (a chunk that fails to load fails the test: no heading, and
 * the fixture's page errors); the first screen is shown before any of those chunks is asked for,
 * and they are fetched afterwards, when the page is idle, so later screens do not wait. The header
 * marks the part of the app a screen belongs to (exchange, workshops) as the current page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, withDraft, type App } from './fixtures';
import { root } from './global-setup';
import { chunkFile, firstScreenChunks, LANGUAGE_SOURCES, readManifest } from '../renderer-size';

type Lang = 'en' | 'fr' | 'ar';
const LOCALE: Record<Lang, string> = { en: 'en-US', fr: 'fr-FR', ar: 'ar-MA' };

type Tree = { [k: string]: string | Tree };
/** The interface strings of a language, as the catalogues have them ('exchange.outbox.title'). */
function words(lang: Lang): (key: string) => string {
  const files = [`${lang}.json`, `exchange.${lang}.json`, `consolidation.${lang}.json`, `versions.${lang}.json`];
  const all = Object.assign({}, ...files.map((f) => JSON.parse(fs.readFileSync(path.join(root, 'shared/i18n', f), 'utf8')) as Tree)) as Tree;
  return (key) => {
    const v = key.split('.').reduce<string | Tree | undefined>((o, k) => (typeof o === 'object' ? o[k] : undefined), all);
    if (typeof v !== 'string') throw new Error(`no string ${key} in ${lang}`);
    return v;
  };
}

async function seed(app: App): Promise<{ draftId: string; workshopId: string }> {
  const draftId = await withDraft(app, 'Split review');
  const w = await app.cli('workshop', 'create', '--title', 'Souss-Massa consultation', '--date', '2021-03-02', '--place', 'Agadir', '--authority', 'Wilaya', '--draft', draftId);
  expect(w.code, w.err).toBe(0);
  return { draftId, workshopId: w.out.trim() };
}

for (const lang of ['en', 'fr', 'ar'] as const) {
  test.describe(`screens loaded on demand (${lang})`, () => {
    test.use({ locale: LOCALE[lang] });

    test(`every screen that is not the first loads and shows its heading (${lang})`, async ({ page, app, problems }) => {
      test.setTimeout(180_000);
      const { draftId, workshopId } = await seed(app);
      const t = words(lang);
      await page.goto(app.url);
      await expect(page.getByRole('heading', { level: 1, name: t('home.title') })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const screens: Array<[string, { level: 1 | 2; name: string | RegExp }]> = [
        [`#/draft/${draftId}/I.a`, { level: 2, name: /I\.a/ }],
        [`#/versions/${draftId}`, { level: 1, name: t('hist.draftHistory') }],
        ['#/exchange/outbox', { level: 1, name: t('exchange.outbox.title') }],
        ['#/exchange/import', { level: 1, name: t('exchange.import.title') }],
        ['#/exchange/text', { level: 1, name: t('exchange.text.title') }],
        ['#/exchange/trust', { level: 1, name: t('exchange.trust.title') }],
        [`#/exchange/print/${draftId}`, { level: 1, name: 'Split review' }],
        ['#/workshops', { level: 1, name: t('cons.workshops.title') }],
        [`#/workshop/${workshopId}`, { level: 1, name: 'Souss-Massa consultation' }],
        [`#/review/${draftId}/dashboard`, { level: 1, name: 'Split review' }],
        ['#/search/coordination', { level: 1, name: new RegExp(t('search.resultsFor')) }],
        ['#/identity', { level: 2, name: t('exchange.key.title') }],
      ];
      for (const [hash, heading] of screens) {
        await page.evaluate((h) => (location.hash = h), hash);
        await expect(page.getByRole('heading', { ...heading, exact: typeof heading.name === 'string' }), hash).toBeVisible();
        // the header says which part of the app this screen belongs to (aria-current), and only that one
        const part = hash.startsWith('#/exchange') ? t('exchange.nav.link') : hash.startsWith('#/workshop') ? t('cons.workshops.title') : null;
        const current = page.locator('.app-header [aria-current="page"]');
        if (part) await expect(current, hash).toHaveText(part);
        else await expect(current, hash).toHaveCount(0);
      }
      if (lang === 'ar') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      expect(problems).toEqual([]);
    });
  });
}

test.describe('the first screen', () => {
  test.use({ locale: LOCALE.fr });

  test('is shown before any other screen is asked for; the others load afterwards, when idle', async ({ page, app, problems }) => {
    await withDraft(app);
    const manifest = readManifest(path.join(root, 'dist-renderer'));
    const first = new Set(firstScreenChunks(manifest).chunks.map((k) => manifest[k]!.file));
    const language = (l: Lang) => chunkFile(manifest, LANGUAGE_SOURCES[l]);
    const lazy = Object.values(manifest).map((c) => c.file).filter((f) => f.endsWith('.js') && !first.has(f) && f !== language('fr'));
    const draftChunk = chunkFile(manifest, 'src/draft/DraftView.tsx');
    expect(lazy).toContain(draftChunk);
    expect(lazy).toContain(language('en'));

    // notes, in the page's own clock, when the home page's heading is first in the document
    const title = words('fr')('home.title');
    await page.addInitScript((text) => {
      const obs = new MutationObserver(() => {
        if (![...document.querySelectorAll('h1')].some((h) => h.textContent === text)) return;
        (globalThis as { __shown?: number }).__shown = performance.now();
        obs.disconnect();
      });
      obs.observe(document, { childList: true, subtree: true, characterData: true });
    }, title);
    await page.goto(app.url);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    // the other screens' chunks are fetched once the page is idle (the draft view's first)
    await page.waitForFunction((f) => performance.getEntriesByType('resource').some((r) => r.name.endsWith(f)), draftChunk);
    const { shown, fetched } = await page.evaluate(() => ({
      shown: (globalThis as { __shown?: number }).__shown ?? -1,
      fetched: performance.getEntriesByType('resource').map((r) => ({ file: new URL(r.name).pathname.replace(/^\//, ''), start: r.startTime })),
    }));
    expect(shown).toBeGreaterThan(0);
    const early = fetched.filter((r) => r.start < shown).map((r) => r.file);
    // before the first screen: its own chunks and the French strings only
    expect(early.filter((f) => lazy.includes(f))).toEqual([]);
    expect(early).toContain(language('fr'));
    expect(fetched.map((r) => r.file)).not.toContain(language('en'));
    expect(fetched.map((r) => r.file)).not.toContain(language('ar'));
    expect(problems).toEqual([]);
  });
});

test.describe('a screen that is slow or cannot load', () => {
  test.use({ locale: LOCALE.ar });

  test('says it is loading, politely, then shows the screen; or says it could not be shown', async ({ page, app, problems }) => {
    await withDraft(app);
    const manifest = readManifest(path.join(root, 'dist-renderer'));
    const chunk = (src: string) => chunkFile(manifest, src);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/${chunk('src/exchange/ExchangeView.tsx')}`, async (route) => {
      await held;
      await route.continue();
    });
    await page.route(`**/${chunk('src/consolidation/Screens.tsx')}`, (route) => route.abort());
    const t = words('ar');
    await page.goto(app.url);
    await expect(page.getByRole('heading', { level: 1, name: t('home.title') })).toBeVisible();

    await page.evaluate(() => (location.hash = '#/exchange/outbox'));
    await expect(page.getByRole('status').filter({ hasText: t('app.loading') })).toBeVisible();
    release();
    await expect(page.getByRole('heading', { level: 1, name: t('exchange.outbox.title') })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: t('app.loading') })).toHaveCount(0);

    await page.evaluate(() => (location.hash = '#/workshops'));
    await expect(page.getByRole('alert').filter({ hasText: t('screens.failed') })).toBeVisible();
    await expect(page.getByRole('button', { name: t('screens.reload') })).toBeVisible();
    // the failure stays with its screen
    await page.evaluate(() => (location.hash = '#/exchange/trust'));
    await expect(page.getByRole('heading', { level: 1, name: t('exchange.trust.title') })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

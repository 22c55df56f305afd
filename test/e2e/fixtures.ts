/**
 * Playwright fixtures: every test gets its own browser-mode host (`main/host/serve.ts`, a child
 * process) on a fresh SQLite store in a temp dir, a CLI bound to that store (run in the test's
 * process: cli-in-process.ts), and a page that fails the test on any Content-Security-Policy
 * violation or uncaught page error.
 */
import { test as base, expect, type Locator, type Page, type Route } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { cliInProcess } from './global-setup';
import { startHost } from './start-host';

export interface App {
  url: string;
  db: string;
  /** Runs the CLI on this app's store. */
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Runs the CLI and parses its JSON output (fails the test on a non-zero exit). */
  cliJson<T = unknown>(...args: string[]): Promise<T>;
}

let loaded: Promise<typeof import('./cli-in-process')> | undefined;
/** The bundled CLI, loaded once per worker process. */
const cliModule = () => (loaded ??= import(pathToFileURL(cliInProcess).href) as Promise<typeof import('./cli-in-process')>);

/** A browser-mode host on a fresh store in a temp dir, with a CLI bound to it (also for a second store in one test). */
export async function launchApp(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<LaunchedApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-e2e-'));
  const db = path.join(dir, 'store.sqlite');
  const host = await startHost(db, opts.env);
  const cli: App['cli'] = async (...args) => (await cliModule()).runCliCaught(['--db', db, ...args]);
  const cliJson = async <T,>(...args: string[]) => {
    const r = await cli(...args);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as T;
  };
  const close = async () => {
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: host.url, db, cli, cliJson, close, hostLog: host.log, hostTroubled: host.troubled };
}

/** An app as launched: with its close, and its host's log (stderr, how it ended) for a failing test's report. */
type LaunchedApp = App & { close: () => Promise<void>; hostLog: () => string; hostTroubled: () => boolean };
/** The next test's app, started while the test before it runs (one per worker process). */
let spare: Promise<LaunchedApp> | null = null;

/**
 * A fresh app for a test: the spare started during the test before, whose host start (~1 s, most
 * of it waiting on its child) then overlaps that test's own waits instead of adding to this one;
 * and the next spare is started now. Each still gets its own host and new store.
 */
function takeApp(): Promise<LaunchedApp> {
  const taken = spare ?? launchApp();
  spare = launchApp();
  spare.catch(() => {}); // a spare that failed to start fails the test that takes it
  return taken;
}

export const test = base.extend<{ app: App; problems: string[] }, { spareApp: void }>({
  spareApp: [
    async ({}, use) => {
      await use();
      const left = await spare?.catch(() => null);
      spare = null;
      await left?.close();
    },
    { scope: 'worker', auto: true },
  ],
  app: async ({}, use, testInfo) => {
    const { close, hostLog, hostTroubled, ...app } = await takeApp();
    await use(app);
    // the host's own account of a failure ("the application does not respond" on the page says
    // only that it stopped answering), or of a host that ended by itself or had to be killed:
    // kept in the report, and printed where CI shows it
    const failed = testInfo.status !== testInfo.expectedStatus;
    try {
      await close();
    } finally {
      if (failed || hostTroubled()) {
        await testInfo.attach('host-log', { body: hostLog(), contentType: 'text/plain' });
        process.stderr.write(`\n--- ${testInfo.titlePath.join(' > ')}: ${hostLog()}\n---\n`);
      }
    }
  },
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (apply|execute|load)/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await use(problems);
    expect(problems, 'no CSP violations or page errors').toEqual([]);
  },
});
export { expect };

/** A law's name as long as they come (123 characters), for titles and answers that must not push a screen sideways. */
export const LONG_LAW = 'Law No. 02-03 on the entry and stay of foreign nationals in the Kingdom of Morocco, on irregular emigration and immigration';

/**
 * A field's hint (placeholder) against the room the field gives it: [hint width, room] in px, the
 * room less `reserve` (a search field keeps its end for its clear button, shown or not).
 */
export function hintAndRoom(field: Locator, reserve = 0): Promise<[number, number]> {
  return textAndRoom(field, 'hint', reserve);
}

/** A choice list's first option against the room the list shows it in: [text width, room] in px, less its arrow. */
export function optionAndRoom(list: Locator): Promise<[number, number]> {
  return textAndRoom(list, 'option', 16);
}

function textAndRoom(field: Locator, what: 'hint' | 'option', reserve: number): Promise<[number, number]> {
  return field.evaluate((el: HTMLInputElement | HTMLSelectElement, [which, less]) => {
    const cs = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
    const text = which === 'option' ? (el as HTMLSelectElement).options[0]!.text : (el as HTMLInputElement).placeholder;
    return [ctx.measureText(text).width, el.clientWidth - parseFloat(cs.paddingInlineStart) - parseFloat(cs.paddingInlineEnd) - less];
  }, [what, reserve] as const);
}

/** A store with an identity (skips the first-run screen) and optionally a draft; returns the draft id. */
export async function withDraft(app: App, title = 'Morocco — national review 2020'): Promise<string> {
  expect((await app.cli('identity', 'init', '--name', 'Amina Test', '--organisation', 'Ministry of Interior')).code).toBe(0);
  const r = await app.cli('draft', 'create', '--title', title, '--country', 'Morocco');
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

export async function openQuestion(page: Page, app: App, draftId: string, q: string) {
  await page.goto(app.url);
  await page.evaluate(([d, qq]) => (location.hash = `#/draft/${d}/${qq}`), [draftId, q] as const);
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(q.replace('.', '\\.')) })).toBeVisible();
}

/** A new draft (withDraft) opened at `question`, the interface in `lang` (chosen on the first screen); the draft's id. */
export async function openNewDraft(page: Page, app: App, lang: 'en' | 'fr' | 'ar', question: string): Promise<string> {
  const draftId = await withDraft(app);
  await page.goto(app.url);
  if (lang !== 'en') await page.getByLabel('Language').selectOption(lang);
  await openQuestion(page, app, draftId, question);
  return draftId;
}

/** Switches the interface to `lang` with the language menu (found by its Arabic option, whatever language it is labelled in), unless it is in it already. */
export async function useLanguage(page: Page, lang: string) {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.locator('select', { has: page.locator('option[value="ar"]') }).first().selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Pastes HTML into the answer editor as a browser does (an HTML clipboard with a plain-text fallback). */
export async function paste(page: Page, html: string) {
  await page.locator('.answer-editor').evaluate((el, h) => {
    const dt = new DataTransfer();
    dt.setData('text/html', h);
    dt.setData('text/plain', 'plain fallback');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, html);
}

/** Waits until the answer's status says it is saved. */
export async function waitSaved(page: Page) {
  await expect(page.locator('.answer-footer .save-status')).toHaveText(/Saved at|Enregistré|حُفظ/, { timeout: 10_000 });
}

/**
 * Holds the page's next answer save on its way to the host until `release()`: while it is held the
 * status can only read "Saving…", so a test sees that state for certain, and the "Saved" after the
 * release is that save's, not an earlier one's, however slowly the loaded machine runs the test
 * (a save starts 600 ms after the last key and could be over before the test looked).
 */
export async function holdNextSave(page: Page): Promise<{ release: () => Promise<void> }> {
  let asked!: (route: Route) => void;
  const request = new Promise<Route>((resolve) => (asked = resolve));
  await page.route('**/api/saveField', (route) => asked(route), { times: 1 });
  return { release: async () => (await request).continue() };
}

/** `text` as a regular expression that matches it literally. */
export const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

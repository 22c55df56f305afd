/**
 * Typing in the real UI (issue 13: "Typing p99, 100 KB answer ≤ 1.2× the 1 KB answer"): browser
 * mode (the bundled host, Debian's Chromium through Playwright), one draft whose answer is 1 KB and
 * one whose answer is 100 KB (the Moroccan review's text: paragraphs, nested bullet lists, French
 * and Arabic; test/e2e/long-answer.ts). In each, 200 characters (English and French) are typed
 * at the end of a paragraph in the middle of the answer, in rounds of 50 that alternate between
 * the two answers (the order swapped every round, so load on the machine hits both alike), with a
 * pause of a second halfway through each round and at its end (autosave runs in the pauses, as it
 * does for a person who stops to think).
 *
 * Measured in the page, for each keystroke: from the key's first event (keydown, or beforeinput for
 * a character the keyboard layout lacks; the event's own time, so time waiting for the page's
 * thread counts) to the end of the frame after its text is in the page (its input event) (a requestAnimationFrame, then a task: after that
 * frame is painted). The next key is sent 40 ms after that frame. Beside it: React commits and
 * component renders per keystroke (test/e2e/react-renders.ts), the longest task while typing, and
 * the longest task in the pauses (the autosave of the answer: serialised, checked, sent, shown).
 * Needs the renderer built (`npm run build:renderer`; built here when missing or stale).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { textToDoc } from '../shared/plaintext';
import globalSetup from '../test/e2e/global-setup';
import { longAnswerText } from '../test/e2e/long-answer';
import { REACT_RENDERS, type ReactRenders } from '../test/e2e/react-renders';
import { startHost } from '../test/e2e/start-host';
import { ms, percentile, type Bench, type BenchRow } from './harness';

/** Rounds of PER_ROUND characters per answer (TYPING_ROUNDS=8 for a steadier p99 on a loaded machine). */
const ROUNDS = Number(process.env.TYPING_ROUNDS ?? 4);
const PER_ROUND = 50;
const GAP_MS = 40;
const PAUSE_MS = 1000;
const TYPED = 'The review was discussed with the regions; le comité s’est réuni à Rabat en décembre. ';

/**
 * Run in the page once (a string: tsx's helpers must not leak into the page). `__typing.reset()`
 * starts a run; `__typing.arm()` before each key (its first event starts the clock);
 * `__typing.wait(n, gap)` resolves `gap` ms after the n-th keystroke's frame.
 */
const WATCH = `(() => {
  const t = { samples: [], start: null, armed: false, ending: false, longest: { typing: 0, pause: 0 }, phases: [], waiters: [] };
  globalThis.__typing = t;
  const frameEnd = () => {
    t.samples.push(performance.now() - t.start);
    t.start = null;
    t.ending = false;
    t.waiters = t.waiters.filter(([n, gap, resolve]) => (t.samples.length >= n ? (pause(gap, resolve), false) : true));
  };
  // a gap of half a second or more is a pause (autosave runs in it); long tasks are told apart by when they started
  const phase = (p) => t.phases.push({ at: performance.now(), p });
  const pause = (gap, resolve) => {
    if (gap < 500) return setTimeout(resolve, gap);
    phase('pause');
    setTimeout(() => (phase('typing'), resolve()), gap);
  };
  const begin = (e) => {
    if (!t.armed) return;
    t.armed = false;
    t.start = e.timeStamp;
  };
  // the frame after the text is in the page (input), or after the key is up when no input came
  const end = () => {
    if (t.start === null || t.ending) return;
    t.ending = true;
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = frameEnd;
      ch.port2.postMessage(0);
    });
  };
  document.addEventListener('keydown', begin, { capture: true });
  document.addEventListener('beforeinput', begin, { capture: true });
  document.addEventListener('input', end, { capture: true });
  document.addEventListener('keyup', end, { capture: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const at = t.phases.filter((x) => x.at <= e.startTime).pop();
      if (at) t.longest[at.p] = Math.max(t.longest[at.p], e.duration);
    }
  }).observe({ type: 'longtask' });
  t.reset = () => {
    t.samples = [];
    t.longest = { typing: 0, pause: 0 };
    t.phases = [];
    phase('typing');
  };
  t.phase = phase;
  t.arm = () => {
    t.armed = true;
  };
  t.wait = (n, gap) => new Promise((resolve) => (t.samples.length >= n ? pause(gap, resolve) : t.waiters.push([n, gap, resolve])));
})()`;

type Longest = { typing: number; pause: number };
type Round = { samples: number[]; longest: Longest; commits: number; renders: number };

/** Opens the draft's answer, puts the caret at the end of a paragraph in its middle, types PER_ROUND characters from `from`. */
async function typeRound(page: Page, draftId: string, from: number): Promise<Round> {
  await page.evaluate("location.hash = '#/'");
  await page.evaluate(`location.hash = ${JSON.stringify(`#/draft/${draftId}/I.a`)}`);
  const editor = page.locator('.answer-editor').first();
  await editor.waitFor({ state: 'visible' });
  await page.locator('.answer-footer .save-status').first().waitFor({ state: 'visible' });
  const paras = editor.locator(':scope > p');
  const target = paras.nth(Math.floor((await paras.count()) / 2));
  await target.click();
  await page.keyboard.press('End');
  await page.evaluate('__typing.reset()');
  const before = (await page.evaluate('({ ...globalThis.__reactRenders })')) as ReactRenders;
  for (let i = 0; i < PER_ROUND; i++) {
    await page.evaluate('__typing.arm()');
    await page.keyboard.type(TYPED[(from + i) % TYPED.length]!);
    await page.evaluate(`__typing.wait(${i + 1}, ${i + 1 === PER_ROUND / 2 ? PAUSE_MS : GAP_MS})`);
  }
  const after = (await page.evaluate('({ ...globalThis.__reactRenders })')) as ReactRenders;
  // the last save, then a pause before the other answer
  await page.evaluate("__typing.phase('pause')");
  await page.locator('.answer-footer .save-status.is-saved').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForTimeout(PAUSE_MS);
  const r = (await page.evaluate('({ samples: __typing.samples, longest: __typing.longest })')) as { samples: number[]; longest: Longest };
  return { samples: r.samples, longest: r.longest, commits: after.commits - before.commits, renders: after.renders - before.renders };
}

async function makeStore(file: string): Promise<{ small: string; big: string; sizes: [number, number] }> {
  const s = createServices(file);
  try {
    await invoke(s.handlers, 'setIdentity', { name: 'Amina El Idrissi', organisation: 'Ministry of Foreign Affairs' });
    const draft = async (title: string, bytes: number) => {
      const id = (await invoke(s.handlers, 'createDraft', { title })).id;
      const text = longAnswerText(bytes);
      await invoke(s.handlers, 'saveField', { draftId: id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(text) }, baseRevisionId: null });
      return { id, size: Buffer.byteLength(text, 'utf8') };
    };
    const small = await draft('Bench typing, 1 KB answer', 1000);
    const big = await draft('Bench typing, 100 KB answer', 100_000);
    s.store.db.pragma('wal_checkpoint(TRUNCATE)');
    return { small: small.id, big: big.id, sizes: [small.size, big.size] };
  } finally {
    s.close();
  }
}

const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load average/, 'load average');

export const typingBench: Bench = {
  title: `Typing in browser mode (Chromium): ${ROUNDS * PER_ROUND} characters into a 100 KB answer and into a 1 KB one, keydown to the end of the next frame`,
  async run(): Promise<BenchRow[]> {
    await globalSetup(); // the renderer (if stale) and the host bundle, as the e2e tests use them
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-typing-'));
    const file = path.join(dir, 'store.sqlite');
    const { small, big, sizes } = await makeStore(file);
    const host = await startHost(file);
    const browser = await launchChromium();
    const loadBefore = load();
    try {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
      await context.addInitScript(REACT_RENDERS);
      const page = await context.newPage();
      await page.goto(host.url);
      await page.locator('h1, h2').first().waitFor({ state: 'visible' });
      await page.evaluate(WATCH);
      // one round each first, not counted: the first opening of each answer (code, fonts, caches)
      await typeRound(page, small, 0);
      await typeRound(page, big, 0);
      const rounds = { small: [] as Round[], big: [] as Round[] };
      for (let i = 0; i < ROUNDS; i++) {
        const order = i % 2 ? (['big', 'small'] as const) : (['small', 'big'] as const);
        for (const k of order) rounds[k].push(await typeRound(page, k === 'small' ? small : big, i * PER_ROUND));
      }
      const all = (k: 'small' | 'big') => rounds[k].flatMap((r) => r.samples);
      const sum = (k: 'small' | 'big', f: (r: Round) => number) => rounds[k].reduce((a, r) => a + f(r), 0);
      const keys = (k: 'small' | 'big') => all(k).length;
      const [s50, s99, b50, b99] = [percentile(all('small'), 50), percentile(all('small'), 99), percentile(all('big'), 50), percentile(all('big'), 99)];
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      return [
        { name: `p50, ${kb(sizes[1])} answer (1 KB: ${kb(sizes[0])})`, value: ms(b50), baseline: `${ms(s50)} the 1 KB answer`, ratio: b50 / s50 },
        { name: `p99 of ${keys('big')} keystrokes each`, value: ms(b99), baseline: `${ms(s99)} the 1 KB answer`, ratio: b99 / s99, goal: '≤ 1.2x', met: b99 / s99 <= 1.2 },
        { name: '  slowest keystroke', value: ms(Math.max(...all('big'))), baseline: ms(Math.max(...all('small'))) },
        { name: '  longest task while typing (keys)', value: ms(Math.max(...rounds.big.map((r) => r.longest.typing))), baseline: ms(Math.max(...rounds.small.map((r) => r.longest.typing))) },
        { name: '  longest task in the pauses (autosave)', value: ms(Math.max(...rounds.big.map((r) => r.longest.pause))), baseline: ms(Math.max(...rounds.small.map((r) => r.longest.pause))) },
        { name: '  React commits per keystroke', value: (sum('big', (r) => r.commits) / keys('big')).toFixed(2), baseline: (sum('small', (r) => r.commits) / keys('small')).toFixed(2) },
        { name: '  React component renders per keystroke', value: (sum('big', (r) => r.renders) / keys('big')).toFixed(1), baseline: (sum('small', (r) => r.renders) / keys('small')).toFixed(1) },
        { name: '  machine load (uptime), before and after', value: '', baseline: `${loadBefore}; ${load()}` },
      ];
    } finally {
      await browser.close();
      await host.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

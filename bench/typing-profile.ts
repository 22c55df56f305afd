/**
 * Where a keystroke's time goes (issue 13): `npx tsx bench/typing-profile.ts` types KEYS (60)
 * characters into the 1 KB and the 100 KB answer of bench/typing.ts, with a Chromium trace of each,
 * and prints the renderer main thread's time per key by trace event (inclusive: nested events
 * are counted in their parents too). SAVE=/tmp/x writes the traces (/tmp/x-small.json,
 * /tmp/x-big.json: chrome://tracing or Perfetto). Not a benchmark: a tool to decide what to change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { textToDoc } from '../shared/plaintext';
import globalSetup from '../test/e2e/global-setup';
import { longAnswerText } from '../test/e2e/long-answer';
import { startHost } from '../test/e2e/start-host';

const KEYS = Number(process.env.KEYS ?? 60);
const TYPED = 'The review was discussed with the regions; le comité s’est réuni à Rabat en décembre. ';
const CATS = (process.env.CATS ?? 'devtools.timeline,blink,disabled-by-default-devtools.timeline,v8.execute').split(',');

async function makeStore(file: string) {
  const s = createServices(file);
  try {
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    const draft = async (title: string, bytes: number) => {
      const id = (await invoke(s.handlers, 'createDraft', { title })).id;
      await invoke(s.handlers, 'saveField', { draftId: id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(longAnswerText(bytes)) }, baseRevisionId: null });
      return id;
    };
    return { small: await draft('small', 1000), big: await draft('big', 100_000) };
  } finally {
    s.close();
  }
}

async function open(page: Page, id: string) {
  await page.evaluate("location.hash = '#/'");
  await page.evaluate(`location.hash = ${JSON.stringify(`#/draft/${id}/I.a`)}`);
  const editor = page.locator('.answer-editor').first();
  await editor.waitFor({ state: 'visible' });
  const paras = editor.locator(':scope > p');
  await paras.nth(Math.floor((await paras.count()) / 2)).click();
  await page.keyboard.press('End');
}

async function typeKeys(page: Page) {
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.type(TYPED[i % TYPED.length]!);
    await page.evaluate('new Promise(r => requestAnimationFrame(() => setTimeout(r, 40)))');
  }
}

type Ev = { name: string; ph: string; dur?: number; ts: number; tid: number; pid: number; cat: string; args?: { name?: string } };

function summarise(trace: { traceEvents: Ev[] }, label: string) {
  const evs = trace.traceEvents;
  // the page's renderer: the main thread with the most style recalculations
  const main = evs
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((t) => ({ t, n: evs.filter((x) => x.pid === t.pid && x.tid === t.tid && x.name === 'UpdateLayoutTree').length }))
    .sort((a, b) => b.n - a.n)[0]?.t;
  if (!main) throw new Error('no renderer main');
  const mine = evs.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const by = new Map<string, number>();
  for (const e of mine) by.set(e.name, (by.get(e.name) ?? 0) + e.dur! / 1000);
  const top = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45));
  console.log(`\n== ${label}: ms per key (inclusive, renderer main thread)`);
  for (const [n, d] of top) console.log(`${(d / KEYS).toFixed(3).padStart(8)}  ${n}`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-prof-'));
await globalSetup();
const ids = await makeStore(path.join(dir, 's.sqlite'));
const host = await startHost(path.join(dir, 's.sqlite'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(host.url);
  await page.locator('h1, h2').first().waitFor({ state: 'visible' });
  for (const k of (process.env.WHICH ?? 'small,big').split(',') as Array<'small' | 'big'>) {
    await open(page, ids[k]);
    await typeKeys(page); // warm
    await browser.startTracing(page, { categories: CATS });
    await typeKeys(page);
    const buf = await browser.stopTracing();
    if (process.env.SAVE) fs.writeFileSync(`${process.env.SAVE}-${k}.json`, buf);
    summarise(JSON.parse(buf.toString()), k);
  }
} finally {
  await browser.close();
  await host.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

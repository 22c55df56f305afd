/**
 * Browser mode on a store from before migration 013: the host listens at once and answers while
 * the store is upgraded on a worker thread: `storeStatus` says how far it is, any other call is
 * refused with the code `store_upgrading` (HTTP 503), then everything works on the upgraded store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../main/host/serve';
import { LATEST_VERSION } from '../main/store/migrations';
import { storeNeedsUpgrade } from '../main/store/upgrade';
import { tempDir } from './helpers';
import { postApi } from './serve-child';
import { makeLargeV12Store } from './store-v12-large';

let running: BrowserMode | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('browser mode while the store upgrades', () => {
  it('answers storeStatus during the upgrade (quickly, the percent rising), refuses other calls with store_upgrading, then serves the upgraded store', async () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    const { revisions } = makeLargeV12Store(file, 12_000);
    expect(storeNeedsUpgrade(file)).toBe(true);
    const t0 = Date.now();
    running = await startBrowserMode({ db: file, port: 0 });
    const url = new URL(running.url);
    const [port, secret] = [Number(url.port), url.hash.replace('#token=', '')];
    let readyAt: number | null = null;
    let failed: unknown = null;
    running.ready.then(
      () => (readyAt = Date.now()),
      (e) => ((failed = e), (readyAt = Date.now())),
    );

    const statuses: Array<{ state: string; step: string | null; percent: number | null; total: number }> = [];
    let refused: Awaited<ReturnType<typeof postApi>> | null = null;
    let slowest = 0;
    while (readyAt === null) {
      const t = Date.now();
      const r = await postApi(port, secret, 'storeStatus', {});
      slowest = Math.max(slowest, Date.now() - t);
      expect(r.status).toBe(200);
      statuses.push(r.body.value);
      if (r.body.value.state === 'upgrading' && !refused) refused = await postApi(port, secret, 'listDrafts', {});
      await new Promise((res) => setTimeout(res, 10)); // often: a faster machine upgrades sooner
    }
    expect(failed).toBe(null);
    const upgrading = statuses.filter((s) => s.state === 'upgrading');
    expect(upgrading.length).toBeGreaterThan(3); // it was seen upgrading, more than once
    expect(refused!.status).toBe(503);
    expect(refused!.body.error!.code).toBe('store_upgrading');
    expect(refused!.body.error!.message).toMatch(/being upgraded/);
    const percents = upgrading.filter((s) => s.step === 'migrate' && s.percent !== null).map((s) => s.percent!);
    expect(percents.length).toBeGreaterThan(1);
    for (let i = 1; i < percents.length; i++) expect(percents[i]!).toBeGreaterThanOrEqual(percents[i - 1]!);
    expect(upgrading.find((s) => s.total > 0)!.total).toBe(revisions);
    // the host answered throughout: no status call waited behind the migration
    expect(slowest).toBeLessThan(2000);
    expect(readyAt! - t0).toBeGreaterThan(slowest);

    // ready: the same host now serves the upgraded store
    expect((await postApi(port, secret, 'storeStatus', {})).body.value.state).toBe('ready');
    const list = await postApi(port, secret, 'listDrafts', {});
    expect(list.status).toBe(200);
    expect(list.body.value.length).toBe(2);
    expect(storeNeedsUpgrade(file)).toBe(false);
    expect(fs.existsSync(`${file}.v12.bak`)).toBe(true);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(13);
  }, 240_000);

  it('a store that needs no upgrade opens as before: ready at once', async () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    makeLargeV12Store(file, 0);
    running = await startBrowserMode({ db: file, port: 0 });
    await running.ready;
    await running.stop();
    running = await startBrowserMode({ db: file, port: 0 });
    const url = new URL(running.url);
    const r = await postApi(Number(url.port), url.hash.replace('#token=', ''), 'storeStatus', {});
    expect(r.body.value).toEqual({ state: 'ready', step: null, done: 0, total: 0, percent: null, message: null });
  }, 120_000);

  it('an upgrade that fails (a SQLite file of another application with an old schema number): the status says why, calls are refused, ready rejects', async () => {
    const file = path.join(tempDir(), 'not-ours.sqlite');
    makeLargeV12Store(file, 0);
    // another application's id in the header: the open refuses it, and never migrates it
    const b = fs.readFileSync(file);
    b.writeUInt32BE(0x12345678, 68);
    fs.writeFileSync(file, b);
    running = await startBrowserMode({ db: file, port: 0 });
    await expect(running.ready).rejects.toThrow(/not a GCM Review store/);
    const url = new URL(running.url);
    const [port, secret] = [Number(url.port), url.hash.replace('#token=', '')];
    const st = await postApi(port, secret, 'storeStatus', {});
    expect(st.body.value.state).toBe('failed');
    expect(st.body.value.message).toMatch(/not a GCM Review store/);
    const r = await postApi(port, secret, 'listDrafts', {});
    expect([r.status, r.body.error!.code]).toEqual([503, 'store_upgrading']);
    expect(storeNeedsUpgrade(file)).toBe(true); // untouched
  }, 120_000);
});

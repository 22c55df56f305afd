/**
 * Issue 13: "Renderer JS before the first screen < 200 KB gzipped". Reads a build of the renderer
 * (dist-renderer when it is fresh, as `npm test` leaves it; else a build of its own into .tmp/, a
 * few seconds) and counts what the first screen loads: the entry chunk, its static imports and one
 * language's strings (test/renderer-size.ts). The other screens must stay out of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../main/electron/app-origin';
import { appResponse } from '../main/electron/serve-app';
import { FIRST_SCREEN_BUDGET, builtRenderer, firstScreenChunks, kb, readManifest, rendererSizes, type RendererSizes } from './renderer-size';

const root = path.resolve(__dirname, '..');
let dir = '';
let sizes: RendererSizes;

beforeAll(() => {
  dir = builtRenderer(root);
  sizes = rendererSizes(dir);
}, 180_000);

describe('the first screen loads only what it shows', () => {
  it(`needs less than ${kb(FIRST_SCREEN_BUDGET)} of JavaScript, gzipped`, () => {
    expect(sizes.beforeFirstScreen.gzip, `${kb(sizes.beforeFirstScreen.gzip)} in ${sizes.beforeFirstScreen.files.join(', ')}`).toBeLessThan(FIRST_SCREEN_BUDGET);
    // and the split is real: the rest of the renderer is most of it
    expect(sizes.all.gzip).toBeGreaterThan(2 * sizes.beforeFirstScreen.gzip);
  });

  it('has none of the other screens, the editor, zod or any language strings among its static chunks', () => {
    const mods = sizes.firstScreenModules;
    expect(mods.length).toBeGreaterThan(10);
    expect(mods).toContain('renderer/src/home/Home.tsx');
    const lazy = [
      /^renderer\/src\/(draft|exchange\/(?!bytes)|consolidation\/(?!routes)|history|editor)\//,
      /^renderer\/src\/home\/(SearchResults|IdentityExtras)\.tsx$/,
      /node_modules\/(@tiptap|prosemirror-[a-z]+|zod|@tanstack)\//,
      /^shared\/i18n\/.*\.json$/,
      /^shared\/contract\/(?!client|errors|limits|method-names)/,
    ];
    expect(mods.filter((m) => lazy.some((re) => re.test(m)))).toEqual([]);
  });

  it('index.html loads exactly those chunks (its script and modulepreload links)', () => {
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const linked = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(linked.sort()).toEqual(sizes.firstScreen.files);
  });

  it('gives each screen that is not the first a chunk of its own, loaded with import()', () => {
    const manifest = readManifest(dir);
    const { chunks } = firstScreenChunks(manifest);
    for (const src of ['draft/DraftView.tsx', 'exchange/ExchangeView.tsx', 'consolidation/Screens.tsx', 'history/DraftVersions.tsx', 'home/SearchResults.tsx', 'home/IdentityExtras.tsx']) {
      const key = Object.keys(manifest).find((k) => manifest[k]!.src === `src/${src}`);
      expect(key, src).toBeDefined();
      expect(manifest[key!]!.isDynamicEntry, src).toBe(true);
      expect(chunks, src).not.toContain(key);
    }
  });

  it("is served whole by the desktop app's app:// protocol, under a policy that lets its own scripts run", async () => {
    const files = Object.values(readManifest(dir)).map((c) => c.file).filter((f) => f.endsWith('.js'));
    expect(files.length).toBe(sizes.all.files.length);
    for (const f of files) {
      const res = await appResponse(dir, `${APP_ORIGIN}/${f}`);
      expect(res.status, f).toBe(200);
      expect(res.headers.get('content-type'), f).toMatch(/^(text|application)\/javascript/);
      expect(res.headers.get('content-security-policy'), f).toMatch(/script-src 'self'( |;|$)/);
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(dir, f))), f).toBe(true);
    }
  });
});

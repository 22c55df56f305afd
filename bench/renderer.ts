/**
 * What the renderer loads before its first screen (issue 13: "Renderer JS before the first screen
 * < 200 KB gzipped"), beside the whole renderer's JavaScript: the entry chunk, its static imports
 * and the largest language's strings (test/renderer-size.ts reads the Vite manifest). Sizes, not
 * times: the ratio is the share of the renderer the first screen needs. Uses dist-renderer when it
 * is fresh, else builds into .tmp/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIRST_SCREEN_BUDGET, builtRenderer, kb, rendererSizes } from '../test/renderer-size';
import type { Bench, BenchRow } from './harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const rendererBench: Bench = {
  title: 'Renderer JS before the first screen (gzipped; raw in brackets)',
  async run(): Promise<BenchRow[]> {
    const s = rendererSizes(builtRenderer(root));
    const both = (x: { raw: number; gzip: number }) => `${kb(x.gzip)} (${kb(x.raw)})`;
    const largest = Object.entries(s.languages).reduce((a, b) => (b[1].gzip > a[1].gzip ? b : a));
    return [
      {
        name: 'first screen: entry + static imports + strings',
        value: kb(s.beforeFirstScreen.gzip),
        baseline: `whole renderer ${kb(s.all.gzip)}`,
        ratio: s.beforeFirstScreen.gzip / s.all.gzip,
        goal: `< ${kb(FIRST_SCREEN_BUDGET)}`,
        met: s.beforeFirstScreen.gzip < FIRST_SCREEN_BUDGET,
      },
      { name: `  entry chunk`, value: both(s.entry) },
      { name: `  entry + ${s.firstScreen.files.length - 1} static imports`, value: both(s.firstScreen) },
      { name: `  + the ${largest[0]} strings (largest language)`, value: both(largest[1]) },
      { name: `whole renderer: ${s.all.files.length} JS files`, value: both(s.all) },
    ];
  },
};

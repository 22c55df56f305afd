/**
 * What the renderer's first screen loads (issue 13: "Renderer JS before the first screen < 200 KB
 * gzipped"), read from a build's Vite manifest: the entry chunk and every chunk it imports
 * statically (what index.html loads and modulepreloads), plus the one language's strings that
 * main.tsx loads before the first render (the largest of the three is counted). The chunks loaded
 * with import() (the other screens, history's warm-up, the other languages) are not. Used by
 * test/renderer-budget.test.ts and `npm run bench -- renderer`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { rendererIsFresh } from '../main/launcher/renderer-fresh';

/** The goal: gzipped bytes of JavaScript before the first screen (200 KB, counted as 200,000 bytes). */
export const FIRST_SCREEN_BUDGET = 200_000;
export const LANGUAGE_SOURCES = { en: 'shared/i18n/strings.en.ts', fr: 'shared/i18n/strings.fr.ts', ar: 'shared/i18n/strings.ar.ts' } as const;

type ManifestChunk = { file: string; src?: string; name?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] };
export type Manifest = Record<string, ManifestChunk>;
export type Size = { raw: number; gzip: number; files: string[] };

export interface RendererSizes {
  /** the entry chunk alone */
  entry: Size;
  /** the entry and its static imports */
  firstScreen: Size;
  /** each language's strings chunk */
  languages: Record<keyof typeof LANGUAGE_SOURCES, Size>;
  /** firstScreen plus the largest language's strings: what is measured against the budget */
  beforeFirstScreen: Size;
  /** every JavaScript file of the build */
  all: Size;
  /** the modules (source paths, from the source maps) in firstScreen's chunks */
  firstScreenModules: string[];
}

/**
 * A built renderer to measure: dist-renderer when it is newer than its sources and has a manifest
 * (`npm test` and `npm run build:renderer` leave it so), else a fresh build into .tmp/ (a few
 * seconds; dist-renderer is left alone, the e2e tests may be serving it).
 */
export function builtRenderer(root: string): string {
  const dist = path.join(root, 'dist-renderer');
  if (rendererIsFresh(root) && fs.existsSync(path.join(dist, '.vite', 'manifest.json'))) return dist;
  const out = path.join(root, '.tmp', 'renderer-size');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  return out;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The manifest key of the chunk built from source `src` (a path its `src` ends with); throws if none. */
export function chunkKey(manifest: Manifest, src: string): string {
  const key = Object.keys(manifest).find((k) => manifest[k]!.src?.endsWith(src));
  if (!key) throw new Error(`no chunk of its own for ${src}: is it imported statically?`);
  return key;
}

/** The built file of the chunk built from source `src`. */
export const chunkFile = (manifest: Manifest, src: string): string => manifest[chunkKey(manifest, src)]!.file;

function size(dir: string, files: Iterable<string>): Size {
  const list = [...new Set(files)].sort();
  let raw = 0;
  let gzip = 0;
  for (const f of list) {
    const bytes = fs.readFileSync(path.join(dir, f));
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes).length; // zlib's default level, as a server would send it
  }
  return { raw, gzip, files: list };
}

/** The entry's key and its static import closure (keys of the manifest). */
export function firstScreenChunks(manifest: Manifest): { entry: string; chunks: string[] } {
  const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry chunk, found ${entries.length}`);
  const seen = new Set<string>();
  const walk = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of manifest[k]!.imports ?? []) walk(i);
  };
  walk(entries[0]!);
  return { entry: entries[0]!, chunks: [...seen] };
}

/** Source paths (relative to the root) of the modules in a built chunk, from its source map. */
export function chunkModules(dir: string, file: string): string[] {
  const map = path.join(dir, `${file}.map`);
  if (!fs.existsSync(map)) return [];
  const sources = (JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] }).sources;
  return sources.map((s) => path.relative(path.resolve(dir), path.resolve(path.dirname(path.join(dir, file)), s)).replace(/^(\.\.\/)+/, ''));
}

export function rendererSizes(dir: string): RendererSizes {
  const manifest = readManifest(dir);
  const { entry, chunks } = firstScreenChunks(manifest);
  const jsOf = (keys: string[]) => keys.map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  const firstScreen = size(dir, jsOf(chunks));
  const languages = Object.fromEntries(
    Object.entries(LANGUAGE_SOURCES).map(([lang, src]) => {
      const key = chunkKey(manifest, src);
      if (chunks.includes(key)) throw new Error(`${src} is in the first screen's static chunks: every language would load`);
      return [lang, size(dir, [manifest[key]!.file])];
    }),
  ) as RendererSizes['languages'];
  const largest = Object.values(languages).reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const assets = path.join(dir, 'assets');
  return {
    entry: size(dir, [manifest[entry]!.file]),
    firstScreen,
    languages,
    beforeFirstScreen: size(dir, [...firstScreen.files, ...largest.files]),
    all: size(dir, fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)),
    firstScreenModules: [...new Set(firstScreen.files.flatMap((f) => chunkModules(dir, f)))].sort(),
  };
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

#!/usr/bin/env node
/**
 * Bundles the Electron side with esbuild (no Electron binary needed):
 *   main/electron/main.ts    -> dist/main/electron.cjs  (Node/CJS; electron and better-sqlite3 stay
 *                                                         external, everything else — including the
 *                                                         ESM-only age-encryption — is bundled in;
 *                                                         every import of better-sqlite3 goes through
 *                                                         main/electron/native-sqlite.ts, which opens
 *                                                         databases with the Electron-ABI binding)
 *   main/electron/upgrade-worker.ts -> dist/main/upgrade-worker.cjs (the store upgrade's worker thread)
 *   main/electron/preload.ts -> dist/main/preload.cjs   (sandboxed preload: ONE file that requires
 *                                                         only 'electron')
 * Usage: node build/build-electron.mjs [--outdir DIR]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(values.outdir ?? path.join(root, 'dist', 'main'));

/** The one module of the main bundle that may load the real better-sqlite3 (see its header). */
const nativeSqlite = path.join(root, 'main', 'electron', 'native-sqlite.ts');
const sqliteThroughNativeBinding = {
  name: 'better-sqlite3-through-native-binding',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) => (args.importer === nativeSqlite ? { path: 'better-sqlite3', external: true } : { path: nativeSqlite }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'process.env.NODE_ENV': '"production"' },
};

/**
 * A bundle for Electron's Node side (the main process and its worker threads): electron stays
 * external, better-sqlite3 goes through the native binding, and import.meta.url (ESM sources) is
 * the bundle's own URL, as in the ESM builds, not empty.
 */
const nodeBundle = (entry, outfile) =>
  esbuild.build({
    ...common,
    entryPoints: [entry],
    outfile: path.join(outdir, outfile),
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    plugins: [sqliteThroughNativeBinding],
    banner: { js: 'var __gcmImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { ...common.define, 'import.meta.url': '__gcmImportMetaUrl' },
  });

await Promise.all([
  nodeBundle('main/electron/main.ts', 'electron.cjs'),
  // the store-upgrade worker, beside the main bundle (main/store/upgrade.ts looks for it there)
  nodeBundle('main/electron/upgrade-worker.ts', 'upgrade-worker.cjs'),
  esbuild.build({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    // The sandboxed preload has no Node: no builtins, only a limited `require('electron')`.
    platform: 'browser',
    target: 'chrome130',
    minify: true, // zod and the contract schemas: ~770 KB readable, loaded by every window
    external: ['electron'],
  }),
]);
console.log(`built ${path.relative(root, path.join(outdir, 'electron.cjs'))} and ${path.relative(root, path.join(outdir, 'preload.cjs'))}`);

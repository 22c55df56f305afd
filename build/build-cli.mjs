#!/usr/bin/env node
/**
 * Bundles the command line with esbuild: main/cli/bin.ts -> dist/cli/gcm-review.mjs (the package's
 * `gcm-review` bin), an ES module for Node, minified, split at dynamic imports so that what only
 * some commands need (docx, mammoth, age, yauzl, yazl) sits in chunks loaded by those commands
 * alone. better-sqlite3 (native) stays external and is found in node_modules.
 * Usage: node build/build-cli.mjs [--outdir DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { nodeBundleOptions, requireBanner } from './node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(values.outdir ?? path.join(root, 'dist', 'cli'));
fs.rmSync(outdir, { recursive: true, force: true });

const result = await esbuild.build({
  ...nodeBundleOptions,
  entryPoints: { 'gcm-review': 'main/cli/bin.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  sourcemap: 'linked',
  metafile: !!process.env.CLI_METAFILE,
  banner: { js: `#!/usr/bin/env node\n${requireBanner}` },
});
fs.chmodSync(path.join(outdir, 'gcm-review.mjs'), 0o755);
if (process.env.CLI_METAFILE) fs.writeFileSync(process.env.CLI_METAFILE, JSON.stringify(result.metafile));

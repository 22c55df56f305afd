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

/**
 * zod re-exports its error messages in some fifty languages as `z.locales` (260 KB of the CLI's
 * start-up code); nothing here uses them (our messages are our own), so the bundle gets English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: root, loader: 'js' }));
  },
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(values.outdir ?? path.join(root, 'dist', 'cli'));
fs.rmSync(outdir, { recursive: true, force: true });

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { 'gcm-review': 'main/cli/bin.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['better-sqlite3'],
  plugins: [zodEnglishOnly],
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: !!process.env.CLI_METAFILE,
  // CommonJS dependencies call require() for Node's builtins; give the ES module one
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __gcmCreateRequire } from 'node:module'; const require = __gcmCreateRequire(import.meta.url);" },
});
fs.chmodSync(path.join(outdir, 'gcm-review.mjs'), 0o755);
if (process.env.CLI_METAFILE) fs.writeFileSync(process.env.CLI_METAFILE, JSON.stringify(result.metafile));

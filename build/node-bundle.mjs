/**
 * esbuild options for an ES-module bundle that Node runs: every dependency bundled in but
 * better-sqlite3 (native, found in node_modules), zod's English messages only, chunks split at
 * dynamic imports, and a `require` for the CommonJS dependencies. Used by the CLI build
 * (build/build-cli.mjs) and by the e2e tests' host and CLI (test/e2e/global-setup.ts): one
 * bundle starts in a fraction of the time the same code takes as hundreds of node_modules files.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** CommonJS dependencies call require() for Node's builtins; give the ES module one. */
export const requireBanner = "import { createRequire as __gcmCreateRequire } from 'node:module'; const require = __gcmCreateRequire(import.meta.url);";

export const nodeBundleOptions = {
  absWorkingDir: root,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['better-sqlite3'],
  plugins: [zodEnglishOnly],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: requireBanner },
};

import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './test/e2e/chromium-args';

// Debian's headless build of the same Chromium (package chromium-headless-shell, same version and
// Blink as /usr/bin/chromium, without the desktop browser's UI layers): the whole e2e run in 9.8 min
// against 14.2 with /usr/bin/chromium, and 40 % less CPU on a subset (README "Keeping npm test short").
// The full browser where the shell is missing, or CHROMIUM_PATH for any other.
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  // the host and CLI bundles (global-setup.ts) are plain JavaScript: loaded as they are, not put through Playwright's Babel (seconds of CPU for their 4 MB)
  build: { external: ['**/.tmp/e2e/**'] },
  timeout: 120_000, // a loaded 2-core machine: flows with axe have taken over 60 s
  expect: { timeout: 15_000 },
  // two at a time: with the headless shell one worker kept the 2 cores 1.35 busy (9.8 min); two keep
  // them 1.9 busy (7.7 min, 177/177 passed; 2026-12-04, quiet machine). Each worker has its own host
  // and store per test (fixtures.ts), so tests share nothing.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
    },
  },
});

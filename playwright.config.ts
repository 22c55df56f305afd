import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  // the host and CLI bundles (global-setup.ts) are plain JavaScript: loaded as they are, not put through Playwright's Babel (seconds of CPU for their 4 MB)
  build: { external: ['**/.tmp/e2e/**'] },
  timeout: 120_000, // a loaded 2-core machine: flows with axe have taken over 60 s
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});

/**
 * The flags Debian's Chromium runs with, for the e2e tests (playwright.config.ts) and the benches
 * that drive the real UI (bench/chromium.ts): no sandbox (root in CI), no GPU, and none of the
 * background connections this closed network refuses, many at a time.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium (or CHROMIUM_PATH) for the benches that drive the real UI (panel, typing, home), with the e2e tests' flags. */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/e2e/chromium-args';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Serious and critical axe violations on the page (WCAG 2.1 A/AA and best practice).
 * Legacy mode: axe.run() in the page and in its same-origin frames, which are all the frames the
 * app can have (its CSP: default-src 'self'); the default mode gets the same results but also opens
 * a blank page and loads axe a second time to merge them, twice the CPU (2.4 s against 1.2 s of
 * Chromium per scan, with the same violations found on a page seeded with four).
 */
export async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).setLegacyMode().analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

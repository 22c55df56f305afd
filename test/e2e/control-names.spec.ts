/**
 * Two controls on one screen with the same name must lead to the same place: the draft screen
 * had a "Versions" link to the named versions beside a "Versions" tab to the approved (final)
 * versions, in every language, and a screen reader's list of links showed two "Versions".
 * Checked on the draft (its review bar and tools), review and exchange screens, in en, fr and ar.
 */
import { expect, test, useLanguage, withDraft } from './fixtures';

/** Visible links and buttons, by accessible name: each name's distinct targets (a link's address, or "button"). */
async function targetsByName(page: import('@playwright/test').Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, Set<string>> = {};
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button')) {
      if (!el.offsetParent || el.closest('[hidden]')) continue;
      const name = (el.getAttribute('aria-label') ?? el.innerText).replace(/\s+/g, ' ').trim();
      if (!name) continue;
      const target = el.tagName === 'A' ? new URL((el as HTMLAnchorElement).href).hash : 'button';
      (out[name] ??= new Set()).add(target);
    }
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
  });
}

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`no two controls share a name but lead to different places (${lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    await page.goto(app.url);
    await useLanguage(page, lang);
    const screens = [`#/draft/${draftId}/I.a`, `#/review/${draftId}/dashboard`, `#/review/${draftId}/versions`, '#/exchange/outbox'];
    const clashes: string[] = [];
    for (const hash of screens) {
      await page.evaluate((h) => (location.hash = h), hash);
      await expect(page.locator('main, #main').first()).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      if (hash.startsWith('#/draft/')) await expect(page.locator('.review-bar')).toBeVisible(); // it loads on its own, after the draft
      for (const [name, targets] of Object.entries(await targetsByName(page))) if (targets.length > 1) clashes.push(`${hash}: "${name}" -> ${targets.join(', ')}`);
    }
    expect(clashes).toEqual([]);
    expect(problems).toEqual([]);
  });
}

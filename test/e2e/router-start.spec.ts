/**
 * The address is read once at the first render and then followed through `hashchange`; a change
 * that lands between the two (a hash set while the app is still starting, as a link opened from
 * another window or a test does) must still be shown. The init script changes the address right
 * after the first render, before React subscribes, without a `hashchange` the hook could hear:
 * the screen must follow the address all the same (the race behind a CI failure where the search
 * screen never appeared in Arabic under load).
 */
import { expect, test, withDraft } from './fixtures';

test('an address changed while the app starts is the screen shown', async ({ app, page, problems }) => {
  await withDraft(app);
  await page.addInitScript(() => {
    const real = History.prototype.replaceState;
    let once = false;
    History.prototype.replaceState = function (this: History, ...args: Parameters<History['replaceState']>) {
      real.apply(this, args);
      if (once) return;
      once = true; // the router removing the per-launch token at its first render
      queueMicrotask(() => real.call(this, null, '', '#/search/coordination'));
    };
  });
  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: /Search results for/ })).toBeVisible();
  await expect(page).toHaveURL(/#\/search\/coordination$/);
  expect(problems).toEqual([]);
});

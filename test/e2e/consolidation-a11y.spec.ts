import { seriousViolations } from './axe';
import { expect, openQuestion, test, waitSaved, withDraft, type App } from './fixtures';

async function ok(app: App, ...args: string[]): Promise<string> {
  const r = await app.cli(...args);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

/** A draft with a workshop, a participant, two contributions and a comment, all through the CLI. */
async function seeded(app: App) {
  const draftId = await withDraft(app);
  await ok(app, 'answer', 'set', draftId, 'II.a', '--text', 'First paragraph.\n\nSecond paragraph.');
  const w = await ok(app, 'workshop', 'create', '--title', 'Oujda consultation', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', draftId);
  const p = await ok(app, 'participant', 'add', w, '--name', 'Fatima Zahra', '--organisation', 'Association Oujda Migrants', '--kind', 'migrant_association', '--consent');
  await ok(app, 'contribution', 'add', w, '--question', 'II.a', '--text', 'Legal aid is missing.', '--participant', p);
  await ok(app, 'contribution', 'add', w, '--question', 'II.a,III.a/objective/7', '--text', 'تفتقر المدينة إلى مراكز الإيواء.', '--organisation', 'Croissant-Rouge');
  await ok(app, 'comment', 'add', draftId, 'II.a', '--text', 'Check the figures.');
  return { draftId, workshopId: w };
}

test('the consolidation screens have no serious accessibility violations, in English and in Arabic (right-to-left)', async ({ page, app, problems }) => {
  test.setTimeout(480_000); // axe scans: over 3 min on a loaded 2-core machine
  const { draftId, workshopId } = await seeded(app);
  const screens = async () => {
    await page.evaluate((w) => (location.hash = `#/workshop/${w}`), workshopId);
    await expect(page.locator('.captured > li')).toHaveCount(2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate((d) => (location.hash = `#/draft/${d}/II.a`), draftId);
    await expect(page.locator('li.contribution')).toHaveCount(2);
    await page.locator('.sources .link-button').click();
    expect(await seriousViolations(page)).toEqual([]);
    for (const tab of ['dashboard', 'audit', 'conflicts', 'versions']) {
      await page.evaluate(([d, t]) => (location.hash = `#/review/${d}/${t}`), [draftId, tab] as const);
      await expect(page.locator('.tabs a[aria-current="page"]')).toBeVisible();
      expect(await seriousViolations(page), tab).toEqual([]);
    }
    await page.evaluate(() => (location.hash = '#/workshops'));
    await expect(page.locator('.cons-list > li')).toHaveCount(1);
    expect(await seriousViolations(page)).toEqual([]);
  };
  await page.goto(app.url);
  await screens();
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await screens();
  await expect(page.getByRole('heading', { level: 1, name: 'ورش العمل' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('a contribution is inserted where the cursor is in the master answer', async ({ page, app, problems }) => {
  const { draftId } = await seeded(app);
  await openQuestion(page, app, draftId, 'II.a');
  await page.locator('.answer-editor p', { hasText: 'First paragraph.' }).click();
  await page.locator('li.contribution', { hasText: 'Legal aid' }).getByRole('button', { name: 'Accept' }).click();
  await expect(page.locator('li.contribution')).toHaveCount(1);
  await expect(page.locator('.answer-editor p')).toHaveText(['First paragraph.', 'Legal aid is missing.', 'Second paragraph.']);
  // Focus comes back to the panel, and the answer saves on top of the accepted revision (no conflict).
  await expect(page.locator('aside.consolidation h3').first()).toBeFocused();
  await page.locator('.answer-editor p', { hasText: 'Second paragraph.' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' More.');
  await waitSaved(page);
  expect(await ok(app, 'answer', 'get', draftId, 'II.a')).toBe('First paragraph.\n\nLegal aid is missing.\n\nSecond paragraph. More.');
  const history = await app.cliJson<Array<{ note: string | null }>>('answer', 'history', draftId, 'II.a', '--json');
  expect(history.some((h) => /accepted contribution .* from Fatima Zahra \(Association Oujda Migrants\); workshop "Oujda consultation"/.test(h.note ?? ''))).toBe(true);
});

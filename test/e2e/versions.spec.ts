/**
 * Named versions on screen (issue 11), in English, French and Arabic: name the current state,
 * see the versions the app named at submit, and compare a version with the draft now; search
 * results mark the matched words inside their paragraph.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, hintAndRoom, test, withDraft } from './fixtures';
import { root } from './global-setup';

const LANGS = ['en', 'fr', 'ar'] as const;
type H = { hist: { openVersions: string; nameLabel: string; create: string; from: string; compare: string; versionKind: Record<string, string>; changedFields_one: string } };
const hist = (lang: string) => JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `versions.${lang}.json`), 'utf8')) as H;
/** The name the app gives the state it kept at submit, in `lang` (shared/messages.ts: versionLabel). */
const submittedName = (lang: string) => (JSON.parse(fs.readFileSync(path.join(root, 'shared', 'i18n', `messages.${lang}.json`), 'utf8')) as { msg: { versionLabel: { submitted: string } } }).msg.versionLabel.submitted.replace('{{version}}', '1');

for (const lang of LANGS) {
  test(`name a version, see the automatic ones, compare with now; search marks the match (${lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    const h = hist(lang).hist;
    const draftId = await withDraft(app);
    await app.cli('answer', 'set', draftId, 'I.a', '--text', 'Coordination is chaired by the MFA.\n\nتتولى وزارة الداخلية تنسيق المراجعة.');
    await app.cli('review', 'submit', draftId);
    await page.goto(app.url);
    if (lang !== 'en') {
      await page.getByLabel('Language', { exact: true }).selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }
    await page.evaluate((d) => (location.hash = `#/draft/${d}/I.a`), draftId);
    // the draft's own link (the review bar, once it has loaded, has a tab of the same name)
    await page.getByRole('toolbar').getByRole('link', { name: h.openVersions, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // the app named the submitted state, in the interface language
    const submitted = page.locator('.named-versions li', { hasText: h.versionKind.submit });
    await expect(submitted).toHaveCount(1);
    await expect(submitted.locator('strong')).toHaveText(submittedName(lang));

    // the name's field shows its example whole (the French one was cut: "Envoyé au ministère le 2 m")
    const [hint, room] = await hintAndRoom(page.getByLabel(h.nameLabel));
    expect(hint).toBeLessThanOrEqual(room);
    const name = lang === 'ar' ? 'أرسل إلى الوزارة' : 'Sent to the ministry';
    await page.getByLabel(h.nameLabel).fill(name);
    await page.getByRole('button', { name: h.create }).click();
    await expect(page.locator('.named-versions li', { hasText: name })).toHaveCount(1);

    await app.cli('answer', 'set', draftId, 'I.a', '--text', 'Coordination is chaired by the Head of Government.\n\nتتولى وزارة الداخلية تنسيق المراجعة.');
    const from = page.getByLabel(h.from, { exact: true });
    await from.selectOption({ label: (await from.locator('option', { hasText: name }).textContent())! });
    await page.getByRole('button', { name: h.compare, exact: true }).click();
    await expect(page.getByText(h.changedFields_one.replace('{{count}}', '1'))).toBeVisible();
    await expect(page.locator('.field-change .diff del')).toHaveText('MFA');
    await expect(page.locator('.field-change .diff ins')).toHaveText('Head of Government');

    // search: the matching paragraph only, the word marked
    await page.evaluate(() => (location.hash = '#/search/' + encodeURIComponent('الداخلية')));
    const snippet = page.locator('.search-hits .snippet').first();
    await expect(snippet.locator('mark')).toHaveText('الداخلية');
    await expect(snippet).toHaveText('تتولى وزارة الداخلية تنسيق المراجعة.');
    expect(problems).toEqual([]);
  });
}

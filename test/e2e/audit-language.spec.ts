/**
 * The audit log as a French- or Arabic-speaking official uses it: the filter finds rows by the
 * words the table shows in the interface language (an action's label, not its code), however
 * the word is typed (case, accents, hamza), and the action list is in the language's order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeConflict } from './conflict-setup';
import { expect, test, useLanguage, withDraft } from './fixtures';

const CASES = [
  // the rename's label as shown, then as typed without its capitals and accents / its hamza
  { lang: 'en', shown: 'Draft renamed', typed: ['renamed', 'DRAFT REN'] },
  { lang: 'fr', shown: 'Brouillon renommé', typed: ['renommé', 'BROUILLON RENOMME'] },
  { lang: 'ar', shown: 'إعادة تسمية مسودة', typed: ['تسمية', 'اعادة تسميه'] },
] as const;

for (const c of CASES) {
  test(`the audit filter finds rows by the words shown, and lists actions in the language's order (${c.lang})`, async ({ page, app, problems }) => {
    const draftId = await withDraft(app);
    expect((await app.cli('draft', 'rename', draftId, '--title', 'Morocco — review 2020, final')).code).toBe(0);
    expect((await app.cli('draft', 'set', draftId, '--language', 'fr')).code).toBe(0);
    await page.goto(app.url);
    await useLanguage(page, c.lang);
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), draftId);
    const rows = page.locator('.audit-table tbody tr');
    await expect(rows).toHaveCount(3); // created, renamed, document language changed
    const filter = page.locator('.audit .filters input[type=search]');
    for (const typed of c.typed) {
      await filter.fill(typed);
      await expect(rows).toHaveCount(1);
      await expect(rows).toContainText(c.shown);
    }
    await filter.fill('');
    await expect(rows).toHaveCount(3);
    const options = (await page.locator('.audit .filters select option').allTextContents()).slice(1);
    expect(options).toHaveLength(3);
    expect(options).toEqual([...options].sort(new Intl.Collator({ en: 'en-GB', fr: 'fr-FR', ar: 'ar-MA' }[c.lang]).compare));
    expect(problems).toEqual([]);
  });
}

/**
 * What each entry is about and why, in the reader's language, after a conflict decision (its
 * "why" is stored as "place 1: ours"; the answer's merged revision as "merge conflict resolved:
 * place 1: ours") and a review step (its target is stored as "version 1"). The stored target stays
 * in the title, for support; its statuses are worded, not their codes ("in_progress"); the filter
 * finds rows by these words too.
 */
const SAID = {
  en: { resolved: 'Conflict resolved', merged: 'Answer merged', submitted: 'Submitted for review', place: 'place 1: ours kept', note: 'merge conflict resolved: place 1: ours kept', version: 'version 1', before: 'In progress', after: 'Submitted for review', returned: 'Returned draft merged', counts: 'in conflict: 1', typed: 'ours kept' },
  fr: { resolved: 'Conflit résolu', merged: 'Réponse fusionnée', submitted: 'Soumis pour relecture', place: 'endroit 1 : le nôtre gardé', note: 'conflit de fusion résolu : endroit 1 : le nôtre gardé', version: 'version 1', before: 'En cours', after: 'Soumis pour relecture', returned: 'Brouillon renvoyé fusionné', counts: 'en conflit : 1', typed: 'le notre garde' },
  ar: { resolved: 'حلّ تعارض', merged: 'دمج إجابة', submitted: 'تقديم للمراجعة', place: 'الموضع 1: أُبقي نصّنا', note: 'حُلّ تعارض الدمج: الموضع 1: أُبقي نصّنا', version: 'الإصدار 1', before: 'قيد الإعداد', after: 'مقدَّمة للمراجعة', returned: 'دمج مسودة معادة', counts: 'في تعارض: 1', typed: 'ابقي نصنا' },
} as const;

for (const lang of ['en', 'fr', 'ar'] as const) {
  test(`the audit's "what" and "why" after a conflict decision and a review step are in the reader's language (${lang})`, async ({ page, app, problems }) => {
    test.setTimeout(180_000);
    await withDraft(app);
    const master = await makeConflict(app.db, 'places');
    const [conflict] = JSON.parse((await app.cli('conflicts', 'list', master, '--json')).out) as Array<{ id: string; field: string }>;
    expect(conflict!.field).toBe('I.a');
    const decided = await app.cli('conflicts', 'resolve', conflict!.id, '--place', '1', '--take', 'ours');
    expect(decided.code, decided.err).toBe(0);
    const submitted = await app.cli('review', 'submit', master);
    expect(submitted.code, submitted.err).toBe(0);

    await page.goto(app.url);
    await useLanguage(page, lang);
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), master);
    const said = SAID[lang];
    const row = (action: string) => page.locator('.audit-table tbody tr').filter({ has: page.locator('td:nth-child(3)', { hasText: action }) }).last();
    const what = (action: string) => row(action).locator('td:nth-child(3) .audit-target');
    const why = (action: string) => row(action).locator('td:nth-child(6)');

    await expect(what(said.resolved)).toHaveText('I.a');
    await expect(why(said.resolved)).toHaveText(said.place);
    await expect(what(said.merged)).toHaveText('I.a');
    await expect(why(said.merged)).toHaveText(said.note);
    await expect(what(said.submitted)).toHaveText(said.version);
    await expect(what(said.submitted)).toHaveAttribute('title', 'version 1');
    // a review step's statuses, not their codes
    await expect(row(said.submitted).locator('td:nth-child(4)')).toHaveText(said.before);
    await expect(row(said.submitted).locator('td:nth-child(5)')).toHaveText(said.after);
    // the merge that left the conflict: what it did, counted in words
    await expect(row(said.returned).locator('td:nth-child(5)')).toContainText(said.counts);
    if (lang !== 'en') await expect(row(said.returned).locator('td:nth-child(5)')).not.toContainText(/merged|conflict/);
    if (lang !== 'en') {
      for (const cell of [why(said.resolved), why(said.merged), what(said.submitted)]) await expect(cell).not.toContainText(/place|ours|merge|resolved/);
    }
    // the filter finds the decision by the words shown
    await page.locator('.audit .filters input[type=search]').fill(said.typed);
    await expect(page.locator('.audit-table tbody tr')).toHaveCount(2);
    expect(problems).toEqual([]);
  });
}

/**
 * A workshop in the audit: the workshop by its title, the contribution taken in by the participant
 * who consented to be named (its "why" stored as "accepted contribution <id> from …; workshop …"),
 * the questions by their labels.
 */
const WORKSHOP = {
  en: { created: 'Workshop created', accepted: 'Contribution accepted', what: 'workshop “Souss-Massa”', targets: 'II.a, Obj 7', why: 'contribution from فاطمة العمراني (Association Tamkine) taken in (workshop “Souss-Massa”, 2 March 2021, Agadir)' },
  fr: { created: 'Atelier créé', accepted: 'Contribution acceptée', what: 'atelier « Souss-Massa »', targets: 'II.a, Obj.\u00a07', why: 'contribution de فاطمة العمراني (Association Tamkine) reprise (atelier « Souss-Massa », 2 mars 2021, Agadir)' },
  ar: { created: 'إنشاء ورشة عمل', accepted: 'قبول مساهمة', what: 'ورشة العمل «Souss-Massa»', targets: 'II.a، الهدف 7', why: 'أُدرجت مساهمة من فاطمة العمراني (Association Tamkine) (ورشة العمل «Souss-Massa»، 2 مارس 2021، Agadir)' },
} as const;

test("the audit names a workshop by its title and a contribution taken in by who said it, in en, fr and ar", async ({ page, app, problems }) => {
  const draftId = await withDraft(app);
  const run = async (...args: string[]) => {
    const r = await app.cli(...args);
    expect(r.code, r.err).toBe(0);
    return r.out.trim();
  };
  const w = await run('workshop', 'create', '--title', 'Souss-Massa', '--date', '2021-03-02', '--place', 'Agadir', '--authority', 'Wilaya', '--draft', draftId);
  const p = await run('participant', 'add', w, '--name', 'فاطمة العمراني', '--organisation', 'Association Tamkine', '--kind', 'migrant_association', '--consent');
  const c = await run('contribution', 'add', w, '--question', 'II.a,III.a/objective/7', '--text', 'Un guichet unique.', '--participant', p);
  await run('contribution', 'accept', c, '--draft', draftId);

  await page.goto(app.url);
  await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), draftId);
  const row = (action: string) => page.locator('.audit-table tbody tr').filter({ has: page.locator('td:nth-child(3)', { hasText: action }) });
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang);
    const said = WORKSHOP[lang];
    await expect(row(said.created).locator('.audit-target')).toHaveText(said.what);
    await expect(row(said.created).locator('.audit-target')).toHaveAttribute('title', w);
    await expect(row(said.accepted).locator('.audit-target')).toHaveText(said.targets);
    await expect(row(said.accepted).locator('td:nth-child(6)')).toHaveText(said.why);
  }
  expect(problems).toEqual([]);
});

/**
 * A bundle exported and imported again as a new draft: the audit's "after" says which file (by its
 * name, not the folder it was written to) and whose bundle it was (the draft's title, the signer's
 * name and a short fingerprint), in the reader's language; the stored line stays in the title.
 */
const BUNDLES = {
  en: { exported: 'Bundle exported', imported: 'Bundle imported', file: 'draft bundle maroc.gcmr', from: /^“Revue — Maroc” from Amina Test \(Ministry of Interior\), key sha256:[0-9a-f]{16}…$/ },
  fr: { exported: 'Paquet exporté', imported: 'Paquet importé', file: 'paquet du brouillon maroc.gcmr', from: /^«\u00a0Revue — Maroc\u00a0» de Amina Test \(Ministry of Interior\), clé sha256:[0-9a-f]{16}…$/ },
  ar: { exported: 'تصدير حزمة', imported: 'استيراد حزمة', file: 'حزمة المسودة maroc.gcmr', from: /^«Revue — Maroc» من Amina Test \(Ministry of Interior\)، المفتاح sha256:[0-9a-f]{16}…$/ },
} as const;

test("the audit says which bundle was exported and imported, in en, fr and ar", async ({ page, app, problems }) => {
  const draftId = await withDraft(app, 'Revue — Maroc');
  const folder = path.join(path.dirname(app.db), 'exports', 'national');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'maroc.gcmr');
  expect((await app.cli('bundle', 'export', draftId, '--out', file)).code).toBe(0);
  const imported = await app.cli('bundle', 'import', file);
  expect(imported.code, imported.err).toBe(0);
  const copyId = imported.out.trim().split('\n').pop()!;

  await page.goto(app.url);
  const after = (action: string) => page.locator('.audit-table tbody tr').filter({ has: page.locator('td:nth-child(3)', { hasText: action }) }).locator('td:nth-child(5)');
  for (const lang of ['en', 'fr', 'ar'] as const) {
    await useLanguage(page, lang);
    const said = BUNDLES[lang];
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), draftId);
    await expect(after(said.exported)).toHaveText(said.file);
    await expect(after(said.exported).locator('[title]')).toHaveAttribute('title', `draft ${file}`);
    await page.evaluate((d) => (location.hash = `#/review/${d}/audit`), copyId);
    await expect(after(said.imported)).toHaveText(said.from);
    await expect(after(said.imported).locator('bdi', { hasText: 'Amina Test' })).toHaveCount(1);
  }
  expect(problems).toEqual([]);
});

/**
 * The audit's "before"/"after" that the services store as English lines (a bundle imported or
 * exported, a workshop created, a workshop's contributions queued) are worded in en, fr and ar (days as the language writes them): checked on what the
 * real services write, the users' words (titles, names, places) kept as they are, a file by its
 * name, a key by the start of its fingerprint. The stored line stays in the log (and the CSV).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { LANGUAGES } from '../shared/i18n';
import { shownParams } from '../shared/messages';
import { textToDoc } from '../shared/plaintext';
import { auditValueSentence } from '../renderer/src/consolidation/audit-values';
import { editAndResign, pack, person, trust, unpack } from './bundle-tools';
import { makeServices, tempDir } from './helpers';
import { tFor } from './i18n-tools';
import { storedFixtures } from './word/fixtures';

/** The English of the stored lines; none may be left in a worded value. */
const ENGLISH = /\bfrom\b|docx:|queued for review|the bundle names its signer|sha256:[0-9a-f]{64}|\/tmp|^(draft|contributions) [\\/]/;

/** The value as each language shows it (placeholders filled, none of the stored English left but the users' words). */
async function worded(action: string, value: string) {
  const s = auditValueSentence(action, value);
  expect(s, `${action}: ${value}`).not.toBeNull();
  const out: Record<string, string> = {};
  for (const lang of LANGUAGES) {
    out[lang] = (await tFor(lang))(s!.k, { ...shownParams(s!.values, lang), defaultValue: '' });
    expect(out[lang], `${lang}: ${s!.k}`).not.toBe('');
    expect(out[lang]).not.toMatch(/\{\{|undefined/);
    // the sentence's own words, without the users' (a title may say "from")
    const own = Object.values(s!.values).reduce<string>((t, v) => t.split(String(v)).join('·'), out[lang]);
    if (lang !== 'en') expect(own).not.toMatch(ENGLISH);
  }
  expect(out.ar).toMatch(/\p{Script=Arabic}/u);
  expect(out.fr).not.toBe(out.en);
  return out;
}

describe("the audit's values of bundles and contributions", () => {
  it('a draft exported, imported (and imported under a claimed signer), a workshop exported and queued into a draft: each worded in en, fr and ar', async () => {
    const dir = tempDir();
    const A = await person(path.join(dir, 'a.sqlite'), 'أمينة الإدريسي', 'Ministère de l’Intérieur');
    const M = await person(path.join(dir, 'm.sqlite'), 'Coordination unit', 'MFA');
    const F = await person(path.join(dir, 'f.sqlite'), 'Youssef Alaoui', 'Wilaya de l’Oriental');
    const draft = await invoke(A.handlers, 'createDraft', { title: 'Revue nationale — Maroc (from Rabat)' });
    const out = path.join(dir, 'nested', 'folder');
    fs.mkdirSync(out, { recursive: true });
    const exported = await invoke(A.handlers, 'exportBundle', { draftId: draft.id, outFile: path.join(out, 'maroc.gcmr') });
    const aLog = await invoke(A.handlers, 'auditLog', { draftId: draft.id });
    const exportValue = aLog.find((e) => e.action === 'bundle.export')!.new;
    expect(exportValue).toContain(out); // the stored line keeps the whole path
    const ex = await worded('bundle.export', exportValue);
    expect(ex.fr).toBe('paquet du brouillon maroc.gcmr');
    expect(ex.ar).toContain('maroc.gcmr');
    expect(ex.en).not.toContain(out);

    const fp = await trust(M, A);
    const imported = await invoke(M.handlers, 'importBundle', { file: exported.file });
    const importValue = (await invoke(M.handlers, 'auditLog', { draftId: imported.draftId })).find((e) => e.action === 'bundle.import')!.new;
    const im = await worded('bundle.import', importValue);
    expect(im.fr).toBe(`«\u00a0Revue nationale — Maroc (from Rabat)\u00a0» de أمينة الإدريسي (Ministère de l’Intérieur), clé ${fp.slice(0, 23)}…`);
    expect(im.ar).toContain('Revue nationale — Maroc (from Rabat)');

    // a bundle whose bundle.json names another signer than its key's
    const claimed = path.join(dir, 'claimed.gcmr');
    fs.writeFileSync(claimed, await pack(editAndResign(await unpack(exported.file), A, { manifest: (m) => ((m.bundleId = crypto.randomUUID()), (m.signer.name = 'Minister (acting)'), (m.signer.organisation = 'Coordinating ministry')) })));
    const again = await invoke(M.handlers, 'importBundle', { file: claimed });
    const claimValue = (await invoke(M.handlers, 'auditLog', { draftId: again.draftId })).find((e) => e.action === 'bundle.import')!.new;
    expect((await worded('bundle.import', claimValue)).fr).toContain('le paquet nomme comme signataire Minister (acting) (Coordinating ministry)');

    // a workshop's contributions, queued into the ministry's draft
    const w = await invoke(F.handlers, 'createWorkshop', { title: 'Consultation régionale — Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya', facilitator: 'Youssef Alaoui' });
    await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Migrant associations were consulted.'), organisation: 'Conseil régional' });
    await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.b'], content: textToDoc('تنسيق جهوي'), organisation: 'Conseil régional' });
    const wb = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'oujda.gcmr') });
    await trust(M, F);
    await invoke(M.handlers, 'importBundleInto', { file: wb.file, draftId: imported.draftId });
    const log = await invoke(M.handlers, 'auditLog', { draftId: imported.draftId });
    const queued = await worded('contributions.import', log.find((e) => e.action === 'contributions.import')!.new);
    expect(queued.fr).toContain('de l’atelier «\u00a0Consultation régionale — Oujda\u00a0» (15 septembre 2020, Oujda)\u00a0: en attente de relecture\u00a0: 2\u202f;');
    expect(queued.ar).toContain('Consultation régionale — Oujda');
    // a workshop created for the draft: its day as the language writes it
    await invoke(M.handlers, 'createWorkshop', { title: 'Souss-Massa', date: '2021-03-02', place: 'Agadir', authority: 'Wilaya', draftId: imported.draftId });
    const created = (await invoke(M.handlers, 'auditLog', { draftId: imported.draftId })).find((e) => e.action === 'workshop.create')!.new;
    expect(created).toBe('Souss-Massa — 2021-03-02, Agadir (Wilaya)'); // stored as before (the CSV keeps it)
    const made = await worded('workshop.create', created);
    expect(made).toEqual({ en: 'workshop “Souss-Massa”, 2 March 2021, Agadir (Wilaya)', fr: 'atelier «\u00a0Souss-Massa\u00a0», 2 mars 2021, Agadir (Wilaya)', ar: 'ورشة العمل «Souss-Massa»، 2 مارس 2021، Agadir (Wilaya)' });
    const wi = await worded('bundle.import', log.filter((e) => e.action === 'bundle.import').pop()!.new);
    expect(wi.en).toMatch(/^workshop contributions from Youssef Alaoui \(Wilaya de l’Oriental\), key sha256:[0-9a-f]{16}…$/);
  });

  it('a workshop whose place and authority hold parentheses of their own: cut at the last balanced group', () => {
    const values = (v: string) => auditValueSentence('workshop.create', v)?.values;
    expect(values('Consultation — 2021-03-02, Rabat (Hay Riad) (Wilaya de Rabat)')).toEqual({ title: 'Consultation', date: '2021-03-02', place: 'Rabat (Hay Riad)', authority: 'Wilaya de Rabat' });
    expect(values('ورشة — 2021-03-02, الرباط (Wilaya (Rabat-Salé))')).toEqual({ title: 'ورشة', date: '2021-03-02', place: 'الرباط', authority: 'Wilaya (Rabat-Salé)' });
    expect(values('Atelier — 2021-03-02, Oujda ()')).toEqual({ title: 'Atelier', date: '2021-03-02', place: 'Oujda', authority: '' });
    // not the shape of a created workshop: shown as stored
    expect(auditValueSentence('workshop.create', 'Atelier — 2021-03-02, Oujda')).toBeNull();
    expect(auditValueSentence('workshop.create', 'Atelier — 2021-03-02, Oujda (Wilaya')).toBeNull();
  });

  it("a Word document's pictures, attached when it is imported: by name and the document's name", async () => {
    const s = makeServices(path.join(tempDir(), 'store.sqlite'));
    const fixture = storedFixtures().find((f) => f.name === 'docx-en-table-typed')!;
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: fixture.bytes.toString('base64'), fileName: 'revue nationale.docx' });
    const added = (await invoke(s.handlers, 'auditLog', { draftId: res.draft.id })).filter((e) => e.action === 'attachment.add');
    expect(added).toHaveLength(3);
    const w = await worded('attachment.add', added[0]!.new);
    expect(w.fr).toBe('Chart of regularisations I.e.png, une image du document revue nationale.docx');
    expect(w.ar).toBe('Chart of regularisations I.e.png، صورة من المستند revue nationale.docx');
    // an attachment added by hand ("<name> (<sha256>)") is data, shown as stored
    expect(auditValueSentence('attachment.add', `chart.png (${'a'.repeat(64)})`)).toBeNull();
    s.close();
  });

  it('a line of another form is left as it is', () => {
    expect(auditValueSentence('bundle.import', 'something an older app wrote')).toBeNull();
    expect(auditValueSentence('contributions.import', '2 contributions from workshop "W" (2020-01-01, P) queued for review; 3 frobnicated')).toBeNull();
    expect(auditValueSentence('bundle.export', '')).toBeNull();
  });
});

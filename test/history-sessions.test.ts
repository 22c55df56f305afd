import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { groupSessions, SESSION_GAP_MS, type SaveMetaLike } from '../main/history/sessions';
import type { Services } from '../main/services';
import { setRevisionTime } from '../main/store/revisions';
import { changeSummary, previewText } from '../shared/change-summary';
import { textToDoc } from '../shared/plaintext';
import { cli, makeServices } from './helpers';

const T0 = Date.parse('2021-03-02T09:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const row = (field: string, min: number, author = 'Amina', extra: Partial<SaveMetaLike> = {}): SaveMetaLike & { id: string } => ({
  id: `${field}@${min}`,
  field,
  created_at: at(min),
  author_name: author,
  installation_id: 'i1',
  note: null,
  merge_parent_id: null,
  source_bundle_id: null,
  ...extra,
});
const ids = (groups: Array<Array<{ id: string }>>) => groups.map((g) => g.map((r) => r.id));

describe('editing sessions (pure)', () => {
  it('groups consecutive saves of one field by one author with no pause over the gap', () => {
    const rows = [row('I.a', 0), row('I.a', 4), row('I.a', 13), row('I.a', 24), row('I.a', 25, 'Karim'), row('I.a', 26), row('I.a', 27, 'Amina', { note: 'restored from revision x' }), row('I.a', 28)];
    expect(ids(groupSessions(rows, 'oldest-first'))).toEqual([['I.a@0', 'I.a@4', 'I.a@13'], ['I.a@24'], ['I.a@25'], ['I.a@26'], ['I.a@27'], ['I.a@28']]);
    // newest first gives the same sessions, reversed
    expect(ids(groupSessions([...rows].reverse(), 'newest-first'))).toEqual(ids(groupSessions(rows, 'oldest-first')).map((g) => g.reverse()).reverse());
    expect(SESSION_GAP_MS).toBe(10 * 60_000);
  });

  it('keeps one session per field when edits of two fields interleave (audit order)', () => {
    const rows = [row('I.a', 0), row('I.b', 1), row('I.a', 2), row('I.b', 3), row('I.a', 30)];
    expect(ids(groupSessions(rows, 'oldest-first'))).toEqual([['I.a@0', 'I.a@2'], ['I.b@1', 'I.b@3'], ['I.a@30']]);
  });

  it('summarises a change in words added and removed, with a one-line preview of it', () => {
    const s = changeSummary('The plan was adopted.\nIt covers returns.', 'The national plan was adopted in 2019.\nIt covers returns.');
    expect([s.wordsAdded, s.wordsRemoved]).toEqual([3, 0]);
    expect(previewText(s.preview)).toBe('The [+national ]plan was adopted[+ in 2019]. It covers returns.');
    const ar = changeSummary('يتمحور حول الإنسان', 'يتمحور حول المهاجرين');
    expect([ar.wordsAdded, ar.wordsRemoved]).toEqual([1, 1]);
    expect(changeSummary('same', 'same').preview).toEqual([]);
  });
});

/** `n` saves of I.a, each `minutes[i]` after T0, by whoever is the identity then. */
async function saves(s: Services, draftId: string, minutes: number[], text = (i: number) => `Word${i} `.repeat(1) + 'base text.') {
  let base: string | null = (await invoke(s.handlers, 'getDraft', { draftId })).fields['I.a']?.revisionId ?? null;
  for (let i = 0; i < minutes.length; i++) {
    const r = await invoke(s.handlers, 'saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: textToDoc(text(i)) }, baseRevisionId: base });
    setRevisionTime(s.store, r.revisionId, at(minutes[i]!)); // as if typed over a day
    base = r.revisionId;
  }
  return base;
}

describe('a field history as sessions, paged, over a real store', () => {
  it('shows who, when, how many saves, words added/removed and a preview; expands to its saves', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina El Idrissi', organisation: 'MAE' });
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    const sentence = 'Morocco adopted a national strategy on immigration and asylum in 2014 covering integration'.split(' ');
    // one sentence typed word by word, one save per pause (23 saves in 3 minutes)
    await saves(s, d.id, sentence.map((_w, i) => i * 0.2), (i) => sentence.slice(0, i + 1).join(' '));
    await invoke(s.handlers, 'setIdentity', { name: 'Karim', organisation: 'MoI' });
    await saves(s, d.id, [60, 61], (i) => sentence.join(' ').replace('2014', i ? '2013, revised 2014' : '2013'));

    const { sessions, next } = await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a' });
    expect(next).toBeNull();
    expect(sessions.map((x) => [x.authorName, x.saves, x.wordsAdded, x.wordsRemoved])).toEqual([
      ['Karim', 2, 2, 0],
      ['Amina El Idrissi', sentence.length, sentence.length, 0],
    ]);
    expect(previewText(sessions[0]!.preview)).toContain('[+2013, revised ]2014');
    expect(sessions[1]!.baseRevisionId).toBeNull();
    expect(sessions[1]!.start < sessions[1]!.end).toBe(true);
    expect(sessions[0]!.size).toBe(sentence.join(' ').replace('2014', '2013, revised 2014').length);
    // expanding a session: its saves, from its last one, metadata only
    const page = await invoke(s.handlers, 'fieldHistoryPage', { draftId: d.id, field: 'I.a', atOrBefore: { createdAt: sessions[1]!.end, id: sessions[1]!.lastRevisionId }, limit: sessions[1]!.saves });
    expect(page.saves.map((r) => r.id).at(0)).toBe(sessions[1]!.lastRevisionId);
    expect(page.saves.map((r) => r.id).at(-1)).toBe(sessions[1]!.firstRevisionId);
    expect(page.saves.every((r) => r.authorName === 'Amina El Idrissi' && !('value' in r) && !('text' in r))).toBe(true);
    expect(page.next).toBeNull();
  });

  it('pages 600 saves as sessions without losing or repeating one (npm run bench does 2,000)', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    // 30 sessions of 20 saves (a save every 30 s; sessions an hour apart)
    await saves(s, d.id, Array.from({ length: 600 }, (_x, i) => Math.floor(i / 20) * 60 + (i % 20) * 0.5), (i) => `Paragraph ${Math.floor(i / 20)} draft ${i}.`);
    const seen: string[] = [];
    let before: { createdAt: string; id: string } | undefined;
    let pages = 0;
    do {
      const r = await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a', before, limit: 8 });
      pages++;
      for (const x of r.sessions) {
        expect(x.saves).toBe(20);
        seen.push(x.id);
      }
      before = r.next ?? undefined;
    } while (before);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    // a page longer than one read of rows (500): read on until its last session is complete
    const big = await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a', limit: 28 });
    expect(big.sessions.map((x) => x.saves)).toEqual(Array(28).fill(20));
    const rest = await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a', before: big.next!, limit: 28 });
    expect(rest.sessions.map((x) => x.saves)).toEqual([20, 20]);
    expect(rest.next).toBeNull();
    expect([...big.sessions, ...rest.sessions].map((x) => x.id)).toEqual(seen);
    // the saves page the same way
    const all: string[] = [];
    let c: { createdAt: string; id: string } | undefined;
    do {
      const r = await invoke(s.handlers, 'fieldHistoryPage', { draftId: d.id, field: 'I.a', before: c, limit: 250 });
      all.push(...r.saves.map((x) => x.id));
      c = r.next ?? undefined;
    } while (c);
    expect(new Set(all).size).toBe(600);
  });

  it('gives the same sessions when asked again, and the newest one follows a save that continues it', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await saves(s, d.id, [0, 1, 30, 31], (i) => ['One', 'One two', 'One two three', 'One two three four'][i]!);
    const once = await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a' });
    expect(once.sessions.map((x) => [x.saves, x.wordsAdded, x.size])).toEqual([[2, 2, 18], [2, 2, 7]]);
    expect(await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a' })).toEqual(once);
    await saves(s, d.id, [32], () => 'One two three four five');
    const after = await invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a' });
    expect(after.sessions.map((x) => [x.saves, x.wordsAdded, x.size])).toEqual([[3, 3, 23], [2, 2, 7]]);
    expect(previewText(after.sessions[0]!.preview)).toBe('One two[+ three four five]');
  });

  it('refuses a bad cursor or limit with a clear error', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await expect(invoke(s.handlers, 'fieldSessions', { draftId: d.id, field: 'I.a', limit: 0 })).rejects.toThrow(/limit/);
    await expect(invoke(s.handlers, 'fieldHistoryPage', { draftId: d.id, field: 'I.a', before: { createdAt: 'x', id: 'nope' } })).rejects.toThrow(/not a valid id/);
  });
});

describe('audit grouped by session', () => {
  it('lists one field.edit per session with old (before it), new (after it) and every revision id', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await saves(s, d.id, [0, 1, 2, 40], (i) => ['a', 'a b', 'a b c', 'a b c d'][i]!);
    const edits = (await invoke(s.handlers, 'auditLog', { draftId: d.id })).filter((e) => e.action === 'field.edit');
    expect(edits.map((e) => [e.old, e.new, e.revisions?.length])).toEqual([
      ['', 'a b c', 3],
      ['a b c', 'a b c d', 1],
    ]);
    expect(edits[0]!.until! > edits[0]!.at).toBe(true);
  });
});

describe('CLI answer history --sessions', () => {
  it('prints one line per session, newest first, with saves, words and a preview', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MAE' });
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await saves(s, d.id, [0, 1, 2, 30], (i) => ['Plan', 'Plan adopted', 'Plan adopted in 2019.', 'Plan adopted in 2019, revised.'][i]!);
    const db = s.store.file;
    s.close();
    const r = await cli(db, 'answer', 'history', d.id, 'I.a', '--sessions');
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/\tAmina \(MAE\)\t1 save\t\+1\/-0 words\t30 chars\tPlan adopted in 2019\[\+, revised\]\.$/);
    expect(lines[1]).toMatch(/\.\.[^\t]+\tAmina \(MAE\)\t3 saves\t\+4\/-0 words\t21 chars\t\[\+Plan adopted in 2019\.\]$/);
    const j = JSON.parse((await cli(db, 'answer', 'history', d.id, 'I.a', '--sessions', '--json')).out) as Array<{ saves: number }>;
    expect(j.map((x) => x.saves)).toEqual([1, 3]);
  });
});

describe('CLI answer history (every save)', () => {
  it('lists every save newest first with its size, across pages of 500, the same saves as --json', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MAE' });
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    let base: string | null = null;
    for (let i = 0; i < 503; i++) {
      const r: { revisionId: string } = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(`Save ${i} — الحفظ`) }, baseRevisionId: base });
      base = r.revisionId;
    }
    const db = s.store.file;
    s.close();
    const r = await cli(db, 'answer', 'history', d.id, 'I.a');
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(503);
    expect(lines[0]).toMatch(new RegExp(`^${base}\\t[^\\t]+\\tAmina \\(MAE\\)\\t${'Save 502 — الحفظ'.length} chars$`));
    const j = JSON.parse((await cli(db, 'answer', 'history', d.id, 'I.a', '--json')).out) as Array<{ id: string; text: string }>;
    expect(lines.map((l) => l.split('\t')[0])).toEqual(j.map((x) => x.id));
    expect(lines.map((l) => Number(/\t(\d+) chars/.exec(l)![1]))).toEqual(j.map((x) => x.text.length));
  });
});

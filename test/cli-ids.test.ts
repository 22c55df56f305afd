/**
 * Ids are ids (issue 9, finding 10): what the user types for a draft, workshop or version is the
 * full id or a unique prefix of at least 8 hex characters; `%` and `_` are characters, never
 * SQL LIKE wildcards.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../main/services';
import { cli, tempDir } from './helpers';

async function oneDraft() {
  const db = path.join(tempDir(), 'ids.sqlite');
  const id = (await cli(db, 'draft', 'create', '--title', 'Only draft')).out.trim();
  return { db, id };
}

const liveDrafts = async (db: string) => JSON.parse((await cli(db, 'draft', 'list', '--json')).out).map((d: { id: string }) => d.id);

function expectOneLineRefusal(r: { code: number; out: string; err: string }, message: RegExp) {
  expect(r.code).toBe(1);
  expect(r.out).toBe('');
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^error: /);
  expect(r.err).toMatch(message);
}

describe('draft ids on the command line', () => {
  it('`draft delete %%%%` and `draft delete ________` delete nothing and say no draft has that id', async () => {
    const { db, id } = await oneDraft();
    for (const ref of ['%%%%', '________', '%', '%%%%%%%%', `${id.slice(0, 4)}%`, `${id.slice(0, 8)}_`, `${id.slice(0, 8)}%`]) {
      const r = await cli(db, 'draft', 'delete', ref);
      expect(r.err).toBe(`error: no draft with id ${ref}`);
      expectOneLineRefusal(r, /no draft with id/);
      expect(await liveDrafts(db)).toEqual([id]);
    }
  });

  it('a prefix of 7 characters is refused; 8 characters that name one draft work; the full id always works', async () => {
    const { db, id } = await oneDraft();
    const short = await cli(db, 'draft', 'delete', id.slice(0, 7));
    expectOneLineRefusal(short, /too short.*at least 8/);
    expect(await liveDrafts(db)).toEqual([id]);
    // the upper-case spelling of a prefix is the same prefix
    expect((await cli(db, 'draft', 'rename', id.slice(0, 8).toUpperCase(), '--title', 'Renamed')).code).toBe(0);
    expect((await cli(db, 'draft', 'delete', id.slice(0, 8))).code).toBe(0);
    expect(await liveDrafts(db)).toEqual([]);
    expect((await cli(db, 'draft', 'restore', id)).code).toBe(0);
    expect(await liveDrafts(db)).toEqual([id]);
    expect((await cli(db, 'draft', 'delete', 'ffffffff')).err).toBe('error: no draft with id ffffffff');
  });

  it('an ambiguous prefix names the drafts it matches and changes nothing', async () => {
    const db = path.join(tempDir(), 'ids.sqlite');
    const s = createServices(db, { create: true });
    s.drafts.create({ title: 'A' }, { id: '0190ab12-0000-7000-8000-00000000000a' });
    s.drafts.create({ title: 'B' }, { id: '0190ab12-1111-7000-8000-00000000000b' });
    s.close();
    const r = await cli(db, 'draft', 'delete', '0190ab12');
    expectOneLineRefusal(r, /draft id prefix 0190ab12 is ambiguous: it matches 0190ab12-0000-7000-8000-00000000000a, 0190ab12-1111-7000-8000-00000000000b$/);
    expect((await liveDrafts(db)).sort()).toHaveLength(2);
    // a longer prefix, dash included, settles it
    expect((await cli(db, 'draft', 'delete', '0190ab12-1')).code).toBe(0);
    expect((await cli(db, 'draft', 'delete', '0190AB120')).code).toBe(1); // the dash is part of the id
    expect((await cli(db, 'draft', 'delete', '0190ab12-0')).code).toBe(0);
    expect(await liveDrafts(db)).toEqual([]);
  });

  it('workshop and version references follow the same rule', async () => {
    const { db, id } = await oneDraft();
    const w = await cli(db, 'workshop', 'create', '--title', 'W', '--date', '2026-03-01', '--place', 'Rabat', '--authority', 'MFA', '--draft', id);
    expect(w.code).toBe(0);
    const wid = w.out.trim();
    expectOneLineRefusal(await cli(db, 'workshop', 'show', '%%%%%%%%'), /^error: no workshop with id %%%%%%%%$/);
    expectOneLineRefusal(await cli(db, 'workshop', 'show', wid.slice(0, 6)), /workshop id prefix .* too short/);
    expect((await cli(db, 'workshop', 'show', wid.slice(0, 8))).code).toBe(0);
    expect((await cli(db, 'answer', 'set', id, 'I.a', '--text', 'x')).code).toBe(0);
    const v = await cli(db, 'version', 'create', id, '--label', 'Sent');
    expect(v.code).toBe(0);
    expectOneLineRefusal(await cli(db, 'version', 'diff', id, '____'), /has no version ____$/);
    expectOneLineRefusal(await cli(db, 'version', 'diff', id, 'abcd'), /too short/);
  });
});

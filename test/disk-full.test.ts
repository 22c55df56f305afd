/**
 * A full disk (a laptop's, after weeks of backups and downloads): a save that cannot be written
 * fails with the reason said in the user's language, changes nothing (no half-written revision,
 * head, history entry or count), leaves the store sound, and the same edit, retried on the same
 * base once there is room, is saved without a conflict. Checked twice: with SQLite's own page
 * limit (SQLITE_FULL from the engine, on every machine), and on a real file system that runs out
 * of space (a 4 MB tmpfs; needs root to mount, and says so when it cannot). Beside it, a store that
 * cannot be written (read-only) and a disk that fails (I/O errors): each its own worded reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke, toWireError } from '../main/dispatch';
import { createServices, type Services } from '../main/services';
import { AppError } from '../shared/contract';
import type { FieldValue } from '../shared/contract';
import { textToDoc } from '../shared/plaintext';
import i18next from 'i18next';
import { resources } from '../shared/i18n';
import { describeError } from '../renderer/src/ui/ErrorText';
import { makeServices, storeSnapshot, tempDir } from './helpers';
import { fillUp, smallDisk } from './small-disk';

const text = (words: string, kb: number): FieldValue => {
  const para = `${words} `;
  return { kind: 'answer', doc: textToDoc(Array.from({ length: Math.ceil((kb * 1024) / 400) }, (_, i) => `${i}. ${para.repeat(Math.ceil(400 / para.length))}`).join('\n\n')) };
};
/** Random bytes as text: nothing compresses them, so the revision needs new pages. */
const incompressible = (kb: number): FieldValue => ({ kind: 'answer', doc: textToDoc(Array.from({ length: kb }, () => crypto.getRandomValues(new Uint8Array(512)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '')).join('\n\n')) });

async function saveFails(s: Services, draftId: string, field: string, value: FieldValue, base: string | null): Promise<AppError> {
  const e = await invoke(s.handlers, 'saveField', { draftId, field, value, baseRevisionId: base }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

function expectDiskFull(e: AppError) {
  expect(e.message).toMatch(/disk .*full/i);
  expect(e.message).not.toMatch(/rollback|no transaction/i); // the real reason, not a failed clean-up
  expect((e.details as { key?: string } | undefined)?.key).toBe('safety.diskFull');
}

/** What the save status says, in each language: the reason worded, no English technical text beneath. */
async function shown(e: AppError, lng: string) {
  const i = i18next.createInstance();
  await i.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return describeError(e, i.t.bind(i) as never);
}


const integrity = (s: Services) => s.store.db.pragma('integrity_check', { simple: true });

describe('a full disk', () => {
  it('SQLite out of pages: the save fails with the disk-full reason, changes nothing, and goes through on its base once there is room', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue nationale' });
    const first = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: text('Le ministère', 2), baseRevisionId: null });
    s.store.db.pragma(`max_page_count = ${s.store.db.pragma('page_count', { simple: true }) as number}`);
    const before = storeSnapshot(s);

    // a change of an answered field and a first answer to another: both need pages
    expectDiskFull(await saveFails(s, d.id, 'I.a', incompressible(40), first.revisionId));
    expectDiskFull(await saveFails(s, d.id, 'II.b', incompressible(40), null));
    expect(storeSnapshot(s)).toBe(before);
    expect(integrity(s)).toBe('ok');
    const e = await saveFails(s, d.id, 'I.a', incompressible(40), first.revisionId);
    expect(await shown(e, 'en')).toEqual({ text: expect.stringMatching(/^The disk is full\. Free some space/), technical: null });
    expect(await shown(e, 'fr')).toEqual({ text: expect.stringMatching(/^Le disque est plein\. Libérez de la place/), technical: null });
    expect(await shown(e, 'ar')).toEqual({ text: expect.stringMatching(/^القرص ممتلئ\./), technical: null });
    // reading goes on
    const got = await invoke(s.handlers, 'getDraft', { draftId: d.id });
    expect(got.fields['I.a']!.revisionId).toBe(first.revisionId);
    expect(got.fields['II.b']).toBeUndefined();

    // room again: the same edits, on the same bases, are saved (no conflict: nothing moved)
    s.store.db.pragma('max_page_count = 1073741823');
    const again = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: incompressible(40), baseRevisionId: first.revisionId });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.b', value: text('الهجرة', 3), baseRevisionId: null });
    expect((await invoke(s.handlers, 'fieldHistory', { draftId: d.id, field: 'I.a' })).map((r) => r.id)).toContain(again.revisionId);
    expect((await invoke(s.handlers, 'listDrafts', {})).find((x) => x.id === d.id)!.answered).toBe(2);
  });

  it('a file system that runs out of space: the same, and the store reopens with every acknowledged save', async (ctx) => {
    const mnt = smallDisk(ctx, 'a real full file system under the store');
    const file = path.join(mnt, 'store.sqlite');
    const filler = path.join(mnt, 'filler');
    let s: Services | null = createServices(file);
    try {
      const d = await invoke(s.handlers, 'createDraft', { title: 'المراجعة الوطنية' });
      const kept = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: text('وزارة الخارجية', 3), baseRevisionId: null });
      fillUp(filler);

      const before = storeSnapshot(s);
      expectDiskFull(await saveFails(s, d.id, 'I.a', incompressible(200), kept.revisionId));
      expect(storeSnapshot(s)).toBe(before);
      expect(integrity(s)).toBe('ok');

      fs.rmSync(filler);
      const saved = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: incompressible(200), baseRevisionId: kept.revisionId });
      s.close();
      s = createServices(file);
      expect((await invoke(s.handlers, 'getDraft', { draftId: d.id })).fields['I.a']!.revisionId).toBe(saved.revisionId);
      expect(integrity(s)).toBe('ok');
    } finally {
      s?.close();
    }
  });

  it('a bundle exported to a full USB stick: the disk-full reason, no partial file left there, nothing recorded as exported', async (ctx) => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue nationale' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: incompressible(600), baseRevisionId: null });
    await invoke(s.handlers, 'setIdentity', { name: 'Amal', organisation: 'Ministère' }); // a bundle is signed
    const stick = smallDisk(ctx, 'a bundle written to a full file system');
    fillUp(path.join(stick, 'photos'), 64 * 1024); // room for a bit, not the bundle
    const before = storeSnapshot(s);
    const e = await invoke(s.handlers, 'exportBundle', { draftId: d.id, outFile: path.join(stick, 'review.gcmr') }).then(
      () => null,
      (err: unknown) => err as AppError,
    );
    expect(e).toBeInstanceOf(AppError);
    expectDiskFull(e!);
    expect(fs.readdirSync(stick)).toEqual(['photos']);
    expect(storeSnapshot(s)).toBe(before);
    expect(await invoke(s.handlers, 'listOutbox', {})).toEqual([]);
  });
});

describe('a disk that cannot be written, or fails', () => {
  it('a read-only store (a write-protected stick): the save fails with its own reason in en/fr/ar, changes nothing, and goes through once it is writable', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Revue nationale' });
    const first = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: text('Le ministère', 2), baseRevisionId: null });
    const before = storeSnapshot(s);
    s.store.db.pragma('query_only = 1'); // the engine refuses every write: SQLITE_READONLY, as on a read-only mount
    const e = await saveFails(s, d.id, 'I.a', text('La coordination', 3), first.revisionId);
    expect((e.details as { key?: string } | undefined)?.key).toBe('safety.readOnly');
    expect(e.message).toMatch(/cannot be written.*nothing of this change was saved/);
    expect(await shown(e, 'en')).toEqual({ text: expect.stringMatching(/^GCM Review cannot write to its data file: the disk or folder is read-only/), technical: null });
    expect(await shown(e, 'fr')).toEqual({ text: expect.stringMatching(/^GCM Review ne peut pas écrire dans son fichier de données/), technical: null });
    expect(await shown(e, 'ar')).toEqual({ text: expect.stringMatching(/^لا يستطيع GCM Review الكتابة في ملف بياناته/), technical: null });
    s.store.db.pragma('query_only = 0');
    expect(storeSnapshot(s)).toBe(before);
    const again = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: text('La coordination', 3), baseRevisionId: first.revisionId });
    expect((await invoke(s.handlers, 'getDraft', { draftId: d.id })).fields['I.a']!.revisionId).toBe(again.revisionId);
  });

  it('a disk that fails under a write (a stick pulled out): SQLite I/O errors and EIO get the reconnect reason, not the raw English', async () => {
    const { default: Database } = await import('better-sqlite3');
    // no file system here fails on demand: the errors are built as the engine and Node raise them
    const failures = [new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_FSYNC'), Object.assign(new Error("EIO: i/o error, write"), { code: 'EIO' })];
    for (const failure of failures) {
      const wire = toWireError(failure);
      expect(wire.details).toEqual({ key: 'safety.ioError' });
      const e = new AppError(wire.code, wire.message, wire.details);
      expect(await shown(e, 'en')).toEqual({ text: expect.stringMatching(/^The disk could not be read or written \(was a USB stick/), technical: null });
      expect(await shown(e, 'fr')).toEqual({ text: expect.stringMatching(/^Le disque n’a pas pu être lu ou écrit/), technical: null });
      expect(await shown(e, 'ar')).toEqual({ text: expect.stringMatching(/^تعذّرت القراءة من القرص/), technical: null });
    }
    // the other storage reasons keep their own words
    expect(toWireError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL')).details).toEqual({ key: 'safety.diskFull' });
    expect(toWireError(Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' })).details).toEqual({ key: 'safety.readOnly' });
  });
});

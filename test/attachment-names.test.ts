/**
 * Attachment names and media types from outside: one rule (main/attachments/clean-name.ts) for
 * every way in (attachment-add call, browser upload, CLI, bundle import, Word pictures) and every
 * way out (list, open, download, bundle export), on real stores, zips and keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { cleanAttachmentName, cleanMediaType, MAX_NAME_BYTES } from '../main/attachments/clean-name';
import type { Services } from '../main/services';
import { editAndResign, pack, sampleDraft, trust, unpack } from './bundle-tools';
import { cli, makeServices, tempDir } from './helpers';
import { pngBytes } from './picture-fixtures';
import { storedFixtures } from './word/fixtures';

const ARABIC = 'قانون رقم 02-03 المتعلق بدخول وإقامة الأجانب.pdf';
const FRENCH = 'Rapport d’activité — Région Souss-Massa (2021) « bilan ».docx';
const PERSIAN_ZWNJ = 'می\u200Cخواهم گزارش.pdf';
/** Shows as "reportexe.pdf" where bidi controls are honoured. */
const SPOOF = 'report\u202Efdp.exe';

const HOSTILE: Array<[string, string]> = [
  [SPOOF, 'reportfdp.exe'],
  ['\u2066evil\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202D.pdf', 'evil.pdf'],
  ['../../etc/passwd', 'passwd'],
  ['..\\..\\Windows\\System32\\evil.dll', 'evil.dll'],
  ['C:\\Users\\x\\Desktop\\plan.pdf', 'plan.pdf'],
  ['a/b\\c/', 'c'],
  ['nul\u0000byte\u0007bell\u001b[31m.pdf', 'nulbytebell[31m.pdf'],
  ['line\nbreak\tand\r\ntab.txt', 'line break and tab.txt'],
  ['c1\u0085\u0090\u009f.txt', 'c1.txt'],
  ['lone \uD800 surrogate.txt', 'lone surrogate.txt'],
  ['chart\uFFFE\uFFFF.png', 'chart.png'],
  ['what: "this" <is> | it? *.pdf', 'what this is it.pdf'],
  ['  ..hidden.  ', 'hidden'],
  ['.pdf', 'attachment.pdf'],
  ['', 'attachment'],
  ['...', 'attachment'],
  ['/', 'attachment'],
  ['\u202E\u2066\u200F', 'attachment'],
  ['CON.txt', '_CON.txt'],
  ['lpt1', '_lpt1'],
  ['nul.tar.gz', '_nul.tar.gz'],
  ['console.pdf', 'console.pdf'],
];

describe('the rule (clean-name.ts)', () => {
  it('cleans hostile names', () => {
    for (const [raw, clean] of HOSTILE) expect(cleanAttachmentName(raw), JSON.stringify(raw)).toBe(clean);
  });

  it('keeps Arabic, French and English names as they are (NFC), and removes a bidi control around Arabic', () => {
    for (const n of [ARABIC, FRENCH, PERSIAN_ZWNJ, 'law 2003-02.pdf', 'Élève.pdf']) expect(cleanAttachmentName(n)).toBe(n);
    expect(cleanAttachmentName('E\u0301le\u0300ve.pdf')).toBe('Élève.pdf');
    expect(cleanAttachmentName('\u202Bتقرير الهجرة\u202C.pdf')).toBe('تقرير الهجرة.pdf');
  });

  it('caps the length in UTF-8 bytes, keeping the extension and whole letters', () => {
    for (const stem of ['x'.repeat(1000), 'تقرير '.repeat(200), '😀'.repeat(300)]) {
      const n = cleanAttachmentName(`${stem}.pdf`);
      expect(Buffer.byteLength(n)).toBeLessThanOrEqual(MAX_NAME_BYTES);
      expect(n.endsWith('.pdf') && !n.endsWith(' .pdf')).toBe(true);
      expect(Buffer.from(n, 'utf8').toString('utf8')).toBe(n);
      expect(stem.startsWith(n.slice(0, -4))).toBe(true);
    }
  });

  it('keeps a plain type/subtype, else takes the type from the clean name', () => {
    expect(cleanMediaType('image/png', 'a.png')).toBe('image/png');
    expect(cleanMediaType(' IMAGE/PNG ', 'a.png')).toBe('image/png');
    expect(cleanMediaType('application/vnd.oasis.opendocument.text', 'a.odt')).toBe('application/vnd.oasis.opendocument.text');
    expect(cleanMediaType('text/html; charset=utf-8', 'a.pdf')).toBe('application/pdf');
    expect(cleanMediaType('text/html\r\nX-Evil: 1', 'a.txt')).toBe('text/plain');
    expect(cleanMediaType('image/png\u202E', 'a.bin')).toBe('application/octet-stream');
    expect(cleanMediaType('../../a/b', 'a.bin')).toBe('application/octet-stream');
    expect(cleanMediaType('pdf', 'a.pdf')).toBe('application/pdf');
    expect(cleanMediaType(null, 'a.jpg')).toBe('image/jpeg');
  });
});

const stored = (s: Services, id: string) => s.store.db.prepare('SELECT name, media_type FROM attachments WHERE id = ?').get(id) as { name: string; media_type: string };

async function withDraft(dir: string) {
  const s = makeServices(path.join(dir, 's.sqlite'));
  await invoke(s.handlers, 'setIdentity', { name: 'Amina Benali', organisation: 'Ministère de l’Intérieur' });
  const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', country: 'Morocco' });
  const file = path.join(dir, 'bytes.bin');
  fs.writeFileSync(file, 'evidence');
  return { s, draftId: d.id, file };
}

describe('every way in stores the clean name', () => {
  it('the attachment-add call, the browser upload, and what is downloaded', async () => {
    const { s, draftId, file } = await withDraft(tempDir());
    for (const [raw, clean] of [...HOSTILE.filter(([r]) => r.trim()), [ARABIC, ARABIC], [FRENCH, FRENCH]] as Array<[string, string]>) {
      const a = await invoke(s.handlers, 'addAttachment', { draftId, field: 'II.a', filePath: file, name: raw });
      expect([a.name, stored(s, a.id).name], JSON.stringify(raw)).toEqual([clean, clean]);
    }
    const up = await invoke(s.handlers, 'addAttachmentData', { draftId, field: 'II.a', name: `..\\${SPOOF}`, base64: Buffer.from('x').toString('base64') });
    expect(stored(s, up.id)).toEqual({ name: 'reportfdp.exe', media_type: 'application/octet-stream' });
    const down = await invoke(s.handlers, 'readAttachmentData', { attachmentId: up.id });
    expect([down.fileName, down.mediaType]).toEqual(['reportfdp.exe', 'application/octet-stream']);
    const log = await invoke(s.handlers, 'auditLog', { draftId });
    expect(log.some((e) => /[\u202A-\u202E\u2066-\u2069]/.test(e.new ?? ''))).toBe(false);
    s.close();
  });

  it('the CLI (a file named with a bidi control, and --name with path parts)', async () => {
    const dir = tempDir();
    const { s, draftId } = await withDraft(dir);
    s.close();
    const spoof = path.join(dir, SPOOF);
    fs.writeFileSync(spoof, 'MZ');
    const arabic = path.join(dir, ARABIC);
    fs.writeFileSync(arabic, '%PDF');
    const db = path.join(dir, 's.sqlite');
    for (const args of [[spoof], [arabic], [arabic, '--name', '../x/\u202Eevil.pdf']]) {
      const r = await cli(db, 'attach', 'add', draftId, 'II.a', ...args);
      expect(r.code, r.err).toBe(0);
    }
    const again = makeServices(db);
    const rows = again.store.db.prepare('SELECT name, media_type FROM attachments ORDER BY added_at').all();
    expect(rows).toEqual([
      { name: 'reportfdp.exe', media_type: 'application/octet-stream' },
      { name: ARABIC, media_type: 'application/pdf' },
      { name: 'evil.pdf', media_type: 'application/pdf' },
    ]);
    again.close();
  });

  it('a bundle import (signed names and media types from another installation)', async () => {
    const dir = tempDir();
    const A = makeServices(path.join(dir, 'a.sqlite'));
    const B = makeServices(path.join(dir, 'b.sqlite'));
    const { draftId } = await sampleDraft(A, dir);
    await invoke(B.handlers, 'setIdentity', { name: 'Coordination unit', organisation: 'MFA' });
    await trust(B, A);
    const out = path.join(dir, 'a.gcmr');
    await invoke(A.handlers, 'exportBundle', { draftId, outFile: out });
    const names = [`..\\..\\${SPOOF}`, ARABIC, FRENCH];
    const forged = editAndResign(await unpack(out), A, {
      draft: (d) => {
        d.attachments.forEach((a: { name: string; mediaType: string }, i: number) => (a.name = names[i]!));
        d.attachments[0].mediaType = 'text/html\r\nContent-Disposition: attachment; filename=x.exe';
        d.attachments[1].mediaType = 'APPLICATION/PDF';
      },
    });
    const file = path.join(dir, 'forged.gcmr');
    fs.writeFileSync(file, await pack(forged));
    const r = await invoke(B.handlers, 'importBundle', { file });
    const rows = B.store.db.prepare('SELECT name, media_type FROM attachments WHERE draft_id = ? ORDER BY added_at, id').all(r.draftId) as Array<{ name: string; media_type: string }>;
    expect(rows.map((x) => x.name).sort()).toEqual(['reportfdp.exe', ARABIC, FRENCH].sort());
    expect(rows.find((x) => x.name === 'reportfdp.exe')!.media_type).toBe('application/octet-stream');
    expect(rows.find((x) => x.name === ARABIC)!.media_type).toBe('application/pdf');
    A.close();
    B.close();
  });

  it('a Word import (a picture whose alt text has bidi controls and path parts)', async () => {
    const { s } = await withDraft(tempDir());
    const f = storedFixtures().find((x) => x.name === 'docx-en-table-typed')!;
    const items = await unpack(f.bytes);
    const doc = items.find((i) => i.name === 'word/document.xml')!;
    doc.data = Buffer.from(
      doc.data
        .toString('utf8')
        .replace('descr="Chart of regularisations I.e"', 'descr="..\\..\\chart&#x202E;gnp.exe"')
        .replace('descr="Chart of regularisations II.d"', 'descr="رسم بياني: التسوية/2021"'),
    );
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: (await pack(items)).toString('base64'), fileName: 'review.docx' });
    const want = ['chartgnp.exe.png', 'رسم بياني التسوية 2021.png', 'Chart of regularisations III.d.png'];
    expect(res.report.pictures.map((p) => p.name)).toEqual(want);
    const rows = s.store.db.prepare('SELECT name, media_type FROM attachments WHERE draft_id = ? ORDER BY field').all(res.draft.id) as Array<{ name: string; media_type: string }>;
    expect(rows).toEqual(want.map((name) => ({ name, media_type: 'image/png' })));
    s.close();
  });
});

describe('a picture named with a character XML cannot carry', () => {
  it('is attached without it, and the Word export that shows it stays well-formed in ar, fr and en (was: U+FFFE kept, in the drawing\'s alt text of document.xml: a file Word refuses)', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    for (const language of ['ar', 'fr', 'en'] as const) {
      const d = await invoke(s.handlers, 'createDraft', { title: 'Revue', language });
      const a = await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: 'graphique\ufffe.png', base64: pngBytes(40, 20).toString('base64') });
      expect(a.name).toBe('graphique.png');
      const docx = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
      const xml = (await unpack(docx)).find((i) => i.name === 'word/document.xml')!.data.toString('utf8');
      expect(xml, language).toContain('descr="graphique"');
      expect(xml, language).not.toMatch(/[\ufffe\uffff]/);
    }
  });
});

describe('a name stored before the rule is shown, downloaded and exported clean', () => {
  it('list, open, download and bundle export', async () => {
    const dir = tempDir();
    const { s, draftId, file } = await withDraft(dir);
    const a = await invoke(s.handlers, 'addAttachment', { draftId, field: 'II.a', filePath: file, name: 'old.pdf' });
    s.store.db.prepare('UPDATE attachments SET name = ?, media_type = ? WHERE id = ?').run(`../${SPOOF}`, 'text/html; x', a.id);
    expect((await invoke(s.handlers, 'listAttachments', { draftId }))[0]).toMatchObject({ name: 'reportfdp.exe', mediaType: 'application/octet-stream' });
    expect(await invoke(s.handlers, 'openAttachment', { attachmentId: a.id })).toMatchObject({ name: 'reportfdp.exe', mediaType: 'application/octet-stream' });
    expect(await invoke(s.handlers, 'readAttachmentData', { attachmentId: a.id })).toMatchObject({ fileName: 'reportfdp.exe', mediaType: 'application/octet-stream' });
    const out = path.join(dir, 'e.gcmr');
    await invoke(s.handlers, 'exportBundle', { draftId, outFile: out });
    const zipped = await unpack(out);
    const draft = JSON.parse(zipped.find((i) => i.name === 'draft.json')!.data.toString('utf8'));
    const manifest = JSON.parse(zipped.find((i) => i.name === 'bundle.json')!.data.toString('utf8'));
    expect(manifest.files.filter((f: { path: string }) => f.path.startsWith('attachments/'))).toMatchObject([{ path: 'attachments/0001.exe', originalName: 'reportfdp.exe', mediaType: 'application/octet-stream' }]);
    expect(draft.attachments.map((x: { name: string; mediaType: string; path: string }) => [x.name, x.mediaType, x.path])).toEqual([['reportfdp.exe', 'application/octet-stream', 'attachments/0001.exe']]);
    s.close();
  });
});

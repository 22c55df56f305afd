/**
 * DOCX pre-check over every part (issue 9, findings 4 and 6): mammoth follows _rels/.rels to any
 * part name, so a main part called word/main.dat behind a decoy document.xml must meet the same
 * limits (size, total XML, depth); measured by peak memory in a child process. Stored
 * (uncompressed) entries, as JSZip and `zip -0` write them, are accepted.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { checkDocx, looksLikeXml } from '../main/interchange/docx-safety';
import { textToDoc } from '../shared/plaintext';
import { makeServices, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..');
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/main.dat" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/main.dat"/></Relationships>`;
const DECOY = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>decoy</w:t></w:r></w:p></w:body></w:document>`;

/** A zip with streamed parts, written to `file` (never held whole in this process). */
function writeZip(file: string, parts: Array<{ name: string; data: Buffer | (() => Readable); compress?: boolean }>): Promise<string> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const p of parts) {
      if (Buffer.isBuffer(p.data)) z.addBuffer(p.data, p.name, { compress: p.compress ?? true });
      else z.addReadStream(p.data(), p.name, { compress: p.compress ?? true });
    }
    z.end();
    z.outputStream.pipe(fs.createWriteStream(file)).on('finish', () => resolve(file)).on('error', reject);
  });
}

/** `mb` chunks of `perChunk` flat, valid WordprocessingML paragraphs (24,000 make ~1 MB), generated as read. */
function bigMainPart(mb: number, perChunk = 24_000): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>`);
        const chunk = Buffer.from('<w:p><w:r><w:t>bomb text</w:t></w:r></w:p>'.repeat(perChunk));
        for (let i = 0; i < mb; i++) yield chunk;
        yield Buffer.from('</w:body></w:document>');
      })(),
    );
}

function importInChild(file: string): Promise<{ ok: boolean; message?: string; maxRssMb: number }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'docx-import-child.ts'), file], { cwd: ROOT, maxBuffer: 1 << 20 }, (err, out, errOut) => {
      if (err) return reject(new Error(`${err.message}\n${errOut}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    }),
  );
}

describe('the DOCX pre-check covers every part', () => {
  it('refuses a renamed main part (word/main.dat) that inflates past the limits, within bounded memory', async () => {
    const dir = tempDir();
    const bomb = await writeZip(path.join(dir, 'bomb.docx'), [
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(RELS) },
      { name: 'word/document.xml', data: Buffer.from(DECOY) },
      { name: 'word/main.dat', data: bigMainPart(120) },
    ]);
    expect(fs.statSync(bomb).size).toBeLessThan(3 * 1024 * 1024);
    const sane = await writeZip(path.join(dir, 'sane.docx'), [
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(RELS) },
      { name: 'word/document.xml', data: Buffer.from(DECOY) },
      { name: 'word/main.dat', data: bigMainPart(1, 200) },
    ]);
    const baseline = await importInChild(sane);
    expect(baseline.ok, baseline.message).toBe(true); // a renamed main part within the limits is fine
    const r = await importInChild(bomb);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/word\/main\.dat in the \.docx is larger than 40 MB/);
    console.log(`peak memory: sane import ${baseline.maxRssMb} MB, renamed-part bomb ${r.maxRssMb} MB`);
    expect(r.maxRssMb).toBeLessThan(300);
    expect(r.maxRssMb).toBeLessThan(baseline.maxRssMb + 100);
  }, 240_000);

  it('refuses XML-looking parts over the total XML budget, and a deep part whatever its name', async () => {
    const dir = tempDir();
    const many = await writeZip(path.join(dir, 'many.docx'), [
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(RELS) },
      { name: 'word/document.xml', data: Buffer.from(DECOY) },
      ...[1, 2, 3].map((n) => ({ name: `word/part${n}.bin`, data: bigMainPart(30) })),
    ]);
    await expect(checkDocx(fs.readFileSync(many))).rejects.toThrow(/more than 64 MB of XML/);
    const deepXml = Buffer.from(`<w:document xmlns:w="${W}"><w:body>${'<w:p>'.repeat(5000)}${'</w:p>'.repeat(5000)}</w:body></w:document>`);
    const deep = await writeZip(path.join(dir, 'deep.docx'), [
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(RELS) },
      { name: 'word/document.xml', data: Buffer.from(DECOY) },
      { name: 'word/main.dat', data: deepXml },
    ]);
    await expect(checkDocx(fs.readFileSync(deep))).rejects.toThrow(/word\/main\.dat in the \.docx is nested more than 256 levels deep/);
  }, 120_000);

  it('lets large media through (binary, not XML)', async () => {
    const dir = tempDir();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(45 * 1024 * 1024, 0x3c)]);
    const file = await writeZip(path.join(dir, 'media.docx'), [
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'word/document.xml', data: Buffer.from(DECOY) },
      { name: 'word/media/image1.png', data: png },
    ]);
    await expect(checkDocx(fs.readFileSync(file))).resolves.toBeInstanceOf(Map);
    expect(looksLikeXml(Buffer.from('\ufeff  <?xml version="1.0"?>'))).toBe(true);
    expect(looksLikeXml(Buffer.from('plain text, no markup'))).toBe(true);
    expect(looksLikeXml(png.subarray(0, 64))).toBe(false);
  }, 120_000);

  it('accepts a valid DOCX whose entries are stored (uncompressed), as JSZip and zip -0 write them', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Stored entries' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc('Stored, not deflated.') }, baseRevisionId: null });
    const exported = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
    // repack every entry with compression method 0
    const entries = await new Promise<Array<{ name: string; data: Buffer }>>((resolve, reject) =>
      yauzl.fromBuffer(exported, { lazyEntries: true }, (err, zip) => {
        if (err || !zip) return reject(err);
        const out: Array<{ name: string; data: Buffer }> = [];
        zip.on('entry', (e: yauzl.Entry) =>
          zip.openReadStream(e, (er, st) => {
            if (er || !st) return reject(er);
            const c: Buffer[] = [];
            st.on('data', (x: Buffer) => c.push(x)).on('end', () => {
              out.push({ name: e.fileName, data: Buffer.concat(c) });
              zip.readEntry();
            });
          }),
        );
        zip.on('end', () => resolve(out));
        zip.readEntry();
      }),
    );
    const stored = await writeZip(path.join(tempDir(), 'stored.docx'), entries.map((e) => ({ ...e, compress: false })));
    const bytes = fs.readFileSync(stored);
    expect(bytes.includes(Buffer.from('Stored, not deflated.'))).toBe(true); // really uncompressed
    await expect(checkDocx(bytes)).resolves.toBeInstanceOf(Map);
    const r = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'stored.docx' });
    expect(r.report.questionsFilled).toContain('I.a');
  }, 120_000);
});

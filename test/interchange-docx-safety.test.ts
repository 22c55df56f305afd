/**
 * The DOCX pre-check (docx-safety.ts): the byte-level nesting scanner agrees with a real XML
 * tokenizer (htmlparser2, which it replaced for speed) on generated XML with comments, CDATA,
 * processing instructions, quoted ">" and stray end tags; a part that inflates to more bytes
 * than its archive declares is refused.
 * The files officials take for "the Word file" (shared/file-kind.ts): real ones LibreOffice writes
 * (.doc, .rtf, .odt, .fodt, .pdf, HTML, Word 2003 XML; .docm and .dotx, which import), and those
 * LibreOffice here cannot write (no Calc or Impress; no encrypted save from the command line),
 * built with their real stream and part names: each refused with its own sentence through the
 * services, the CLI and the HTTP host, the store unchanged; hostile compound files refused at once.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { startHost } from '../main/host/server';
import { checkDocx, xmlDepth } from '../main/interchange/docx-safety';
import { fileKind, type FileKind } from '../shared/file-kind';
import { decodeTextBytes } from '../shared/text-bytes';
import { pack, patchCentral, unpack } from './bundle-tools';
import { docText, type Doc } from '../shared/doc';
import { ooxmlDocx, textPara } from './word/ooxml-parts';
import { section } from './word/read';
import { cli, makeServices, storeSnapshot } from './helpers';
import { officeWriteAll } from './office';

/** The former implementation: htmlparser2 in XML mode counting open elements. */
function oracle(xml: string): number {
  let depth = 0;
  let max = 0;
  const p = new Parser({ onopentag: () => (max = Math.max(max, ++depth)), onclosetag: () => depth-- }, { xmlMode: true });
  p.write(xml);
  p.end();
  return max;
}

const name = fc.constantFrom('w:p', 'w:r', 'w:t', 'a', 'w:tbl');
const attr = fc.constantFrom('', ' w:val="x"', " a='1 > 0'", ' b="&lt;&gt;"', ' c="a/b"');
const xmlTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('text', 'مرحبا', '<!-- <w:p> -->', '<![CDATA[ <w:p> ]]>', '<?pi <x> ?>'),
    fc.tuple(name, attr).map(([n, a]) => `<${n}${a}/>`),
    fc.tuple(name, attr, fc.array(tie('node'), { maxLength: 4 })).map(([n, a, kids]) => `<${n}${a}>${kids.join('')}</${n}>`),
    fc.tuple(name, fc.array(tie('node'), { maxLength: 3 })).map(([n, kids]) => `<${n}>${kids.join('')}</w:stray></${n}>`),
  ),
})).node;

describe('xmlDepth', () => {
  it('agrees with an XML tokenizer on generated documents', () => {
    fc.assert(
      fc.property(xmlTree, (body) => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document>${body}</w:document>`;
        expect(xmlDepth(Buffer.from(xml))).toBe(oracle(xml));
      }),
      { numRuns: 400 },
    );
  });

  it('sees deep nesting whatever stray end tags try to hide it', () => {
    const xml = `<d>${'<a>'.repeat(200)}${'</zz>'.repeat(200)}${'<a>'.repeat(200)}</d>`;
    expect(xmlDepth(xml)).toBeGreaterThan(256);
    expect(oracle(xml)).toBeGreaterThan(256);
  });
});

describe('checkDocx', () => {
  const zipOf = (entries: Record<string, Buffer>) =>
    new Promise<Buffer>((resolve) => {
      const z = new yazl.ZipFile();
      for (const [n, d] of Object.entries(entries)) z.addBuffer(d, n);
      z.end();
      const c: Buffer[] = [];
      z.outputStream.on('data', (x: Buffer) => c.push(x)).on('end', () => resolve(Buffer.concat(c)));
    });

  it('refuses a part that inflates to more than it declares (a zip bomb lying about its size)', async () => {
    const zip = await zipOf({ '[Content_Types].xml': Buffer.from('<Types/>'), 'word/document.xml': Buffer.alloc(5 * 1024 * 1024, 0x20) });
    const lying = patchCentral(zip, 'word/document.xml', { uncompressed: 1000 });
    await expect(checkDocx(lying)).rejects.toMatchObject({ code: 'bad_file', message: expect.stringMatching(/damaged|declares/) });
  });

  it('reads XML parts written in UTF-16 (allowed by the package format): not taken for deep nesting, the document imported', async () => {
    const utf16 = (xml: string, be = false) => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]);
      return be ? Buffer.from(le.swap16()) : le;
    };
    const docx = await ooxmlDocx({ body: section('I', [['I.a', textPara('La commission se réunit deux fois par an.')]], 'fr') + section('II', [['II.a', textPara('تجتمع اللجنة مرتين في السنة.')]], 'ar') });
    // a SharePoint custom XML item (300 properties) and the main document, in UTF-16 (little and big endian)
    const item = `<?xml version="1.0" encoding="UTF-8"?><p:properties xmlns:p="urn:x">${'<p:property>1</p:property>'.repeat(300)}</p:properties>`;
    for (const be of [false, true]) {
      const items = (await unpack(docx)).map((i) => (i.name === 'word/document.xml' ? { ...i, data: utf16(i.data.toString('utf8'), be) } : i));
      const bytes = await pack([...items, { name: 'customXml/item1.xml', data: utf16(item, be), compress: true }]);
      const s = makeServices();
      const res = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'utf16.docx' });
      expect(res.report.questionsFilled).toEqual(['I.a', 'II.a']);
      const d = await invoke(s.handlers, 'getDraft', { draftId: res.draft.id });
      expect(docText((d.fields['II.a']!.value as { doc: Doc }).doc)).toBe('تجتمع اللجنة مرتين في السنة.');
    }
  });

  it('refuses two parts of one name (a second word/document.xml, one differing by case), saying which, the store unchanged', async () => {
    const s = makeServices();
    const before = storeSnapshot(s);
    const items = await unpack(await ooxmlDocx({ body: section('I', [['I.a', textPara('Première version.')]], 'fr') }));
    const other = (await unpack(await ooxmlDocx({ body: section('I', [['I.a', textPara('النسخة الثانية.')]], 'ar') }))).find((i) => i.name === 'word/document.xml')!;
    for (const [second, named] of [[other, 'word/document.xml'], [{ ...other, name: 'Word/Document.xml' }, 'Word/Document.xml']] as const) {
      for (const bytes of [await pack([...items, second]), await pack([second, ...items])]) {
        const e = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'double.docx' }).catch((x: unknown) => x);
        expect(e).toMatchObject({ code: 'bad_file', message: expect.stringContaining('two parts named') });
        expect((e as Error).message.toLowerCase()).toContain(named.toLowerCase());
      }
    }
    expect(storeSnapshot(s)).toBe(before);
  });

  it('refuses a part the import reads cut short before its first element (or empty), or content types naming no part, saying which, the store unchanged; an empty part it does not read is no matter', async () => {
    const s = makeServices();
    const before = storeSnapshot(s);
    const items = await unpack(await ooxmlDocx({ body: section('I', [['I.a', textPara('تجتمع اللجنة مرتين في السنة.')]], 'ar'), styles: '<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' }));
    const cut = (name: string, data: string) => pack(items.map((i) => (i.name === name ? { ...i, data: Buffer.from(data) } : i)));
    for (const [name, data] of [['word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'], ['word/styles.xml', ''], ['word/_rels/document.xml.rels', '<?xml version="1.0"?><!-- cut'], ['[Content_Types].xml', ' ']]) {
      const e = await invoke(s.handlers, 'importDocx', { dataBase64: (await cut(name!, data!)).toString('base64'), fileName: 'coupé.docx' }).catch((x: unknown) => x);
      expect(e, name).toMatchObject({ code: 'bad_file', message: `${name} in the .docx has no XML element (empty, or cut short): nothing was imported` });
    }
    // the content types declaring one part's type without its name (a flipped byte in "PartName")
    const types = items.find((i) => i.name === '[Content_Types].xml')!.data.toString('utf8');
    const nameless = await invoke(s.handlers, 'importDocx', { dataBase64: (await cut('[Content_Types].xml', types.replace('PartName=', 'Part\u00e9ame='))).toString('base64'), fileName: 'types.docx' }).catch((x: unknown) => x);
    expect(nameless).toMatchObject({ code: 'bad_file', message: '[Content_Types].xml in the .docx declares the type of a part without naming the part (a damaged file): nothing was imported' });
    expect(storeSnapshot(s)).toBe(before);
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: (await pack([...items, { name: 'word/webSettings.xml', data: Buffer.alloc(0) }])).toString('base64'), fileName: 'vide.docx' });
    expect(res.report.questionsFilled).toEqual(['I.a']);
  });

  it('accepts a sane document', async () => {
    const parts = await checkDocx(await zipOf({ '[Content_Types].xml': Buffer.from('<Types/>'), 'word/document.xml': Buffer.from('<w:document><w:body><w:p/></w:body></w:document>') }));
    expect([...parts.keys()]).toEqual(['word/document.xml']);
  });
});

const zipOf = (entries: Record<string, Buffer | string>, opts: { store?: boolean } = {}) =>
  new Promise<Buffer>((resolve) => {
    const z = new yazl.ZipFile();
    for (const [n, d] of Object.entries(entries)) z.addBuffer(Buffer.from(d), n, { compress: !opts.store });
    z.end();
    const c: Buffer[] = [];
    z.outputStream.on('data', (x: Buffer) => c.push(x)).on('end', () => resolve(Buffer.concat(c)));
  });

const FREE = 0xffffffff;
const END = 0xfffffffe;

/**
 * A compound file (CFB version 3, 512-byte sectors) with empty streams of these names, its
 * directory in the last sectors (after `gap` unused ones), as Office writes it when it grows.
 * `hostile` breaks it as a crafted file would.
 */
function compoundFile(names: string[], opts: { gap?: number; hostile?: 'loop' | 'outOfRange' | 'hugeFat' | 'longDirectory' } = {}): Buffer {
  const entries = ['Root Entry', ...names];
  const dirSectors = opts.hostile === 'longDirectory' ? 12_700 : Math.ceil(entries.length / 4);
  const gap = opts.gap ?? 3;
  const firstDir = 1 + gap;
  const total = firstDir + dirSectors;
  const fatSectors = Math.ceil(total / 128) + 1;
  // sector 0 and the last sectors hold the FAT
  const b = Buffer.alloc(512 + (total + fatSectors) * 512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
  b.writeUInt16LE(0x3e, 0x18);
  b.writeUInt16LE(3, 0x1a);
  b.writeUInt16LE(0xfffe, 0x1c);
  b.writeUInt16LE(9, 0x1e);
  b.writeUInt16LE(6, 0x20);
  const fatAt = [0, ...Array.from({ length: fatSectors - 1 }, (_, i) => total + i)].slice(0, 109);
  b.writeUInt32LE(opts.hostile === 'hugeFat' ? 0xfffffff0 : fatAt.length, 0x2c);
  b.writeUInt32LE(opts.hostile === 'outOfRange' ? 0x00fffff0 : firstDir, 0x30);
  b.writeUInt32LE(4096, 0x38);
  b.writeUInt32LE(END, 0x3c);
  b.writeUInt32LE(opts.hostile === 'hugeFat' ? 0 : END, 0x44); // a DIFAT chain at sector 0 (the FAT): it loops
  for (let i = 0; i < 109; i++) b.writeUInt32LE(fatAt[i] ?? FREE, 0x4c + i * 4);
  const fat = new Array<number>(fatAt.length * 128).fill(FREE);
  for (const f of fatAt) fat[f] = 0xfffffffd;
  for (let s = firstDir; s < total; s++) fat[s] = s + 1 < total ? s + 1 : END;
  if (opts.hostile === 'loop') fat[total - 1] = firstDir;
  fat.forEach((v, i) => b.writeUInt32LE(v, 512 * (fatAt[Math.floor(i / 128)]! + 1) + (i % 128) * 4));
  entries.forEach((name, i) => {
    const at = 512 * (firstDir + 1) + i * 128;
    b.write(name, at, 'utf16le');
    b.writeUInt16LE((name.length + 1) * 2, at + 64);
    b[at + 66] = i === 0 ? 5 : name.startsWith('\u0006') || name.startsWith('__recip') ? 1 : 2;
    b[at + 67] = 1;
    b.writeUInt32LE(FREE, at + 68);
    b.writeUInt32LE(i > 0 && i + 1 < entries.length ? i + 1 : FREE, at + 72);
    b.writeUInt32LE(i === 0 && entries.length > 1 ? 1 : FREE, at + 76);
    b.writeUInt32LE(END, at + 116);
  });
  if (opts.hostile === 'longDirectory') for (let s = firstDir + 1; s < total; s++) for (let e = 0; e < 4; e++) b[512 * (s + 1) + e * 128 + 66] = 2; // empty-named entries to the end
  return b;
}

describe('files that are not a .docx', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-file-kind-'));
  const files = new Map<string, Buffer>();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // one LibreOffice run writes every real file
    const made: Array<[string, string]> = [
      ['old.doc', 'MS Word 97'],
      ['text.rtf', 'Rich Text Format'],
      ['text.odt', 'writer8'],
      ['flat.fodt', 'OpenDocument Text Flat XML'],
      ['printed.pdf', 'writer_pdf_Export'],
      ['page.html', 'HTML (StarWriter)'],
      ['word2003.xml', 'MS Word 2003 XML'],
      ['macros.docm', 'MS Word 2007 XML VBA'],
      ['template.dotx', 'MS Word 2007 XML Template'],
    ];
    for (const f of officeWriteAll(dir, 'Question 1.a: السؤال الأول — réponse', made)) files.set(path.basename(f), fs.readFileSync(f));
    // a password-protected .doc: the real one with the FIB's fEncrypted bit set (Word encrypts what follows the FIB)
    const doc = Buffer.from(files.get('old.doc')!);
    const fib = doc.indexOf(Buffer.from([0xec, 0xa5]), 512);
    doc.writeUInt16LE(doc.readUInt16LE(fib + 10) | 0x0100, fib + 10);
    files.set('locked.doc', doc);
    files.set('locked.docx', compoundFile(['\u0006DataSpaces', 'EncryptionInfo', 'EncryptedPackage']));
    files.set('book.xls', compoundFile(['Workbook', '\u0005SummaryInformation']));
    files.set('slides.ppt', compoundFile(['PowerPoint Document', 'Current User']));
    files.set('mail.msg', compoundFile(['__properties_version1.0', '__substg1.0_0037001F', '__recip_version1.0_#00000000']));
    files.set('book.xlsx', await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }));
    files.set('slides.pptx', await zipOf({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p:presentation/>' }));
    files.set('sheet.ods', await zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' }, { store: true }));
    files.set('page.mht', Buffer.from('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01DA"\r\n\r\n------=_NextPart_01DA\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n<html xmlns:w="urn:schemas-microsoft-com:office:word"><meta name=ProgId content=Word.Document></html>\r\n'));
    files.set('word-page.htm', Buffer.from('\ufeff<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15"></head><body dir=rtl><p>السؤال</p></body></html>'));
    files.set('notes.txt', Buffer.from('Question 1.a\nAnswer\n'));
    files.set('empty.docx', Buffer.alloc(0));
  }, 180_000);

  const expected: Array<[string, FileKind, RegExp]> = [
    ['old.doc', 'doc', /^This is an older Word document \(\.doc, Word 97-2003\).* Open it in Word \(or LibreOffice\) and save it as Word Document \(\.docx\), then import that file\.$/],
    ['locked.doc', 'encrypted', /protected by a password.*remove the password \(File > Info > Protect Document/],
    ['locked.docx', 'encrypted', /protected by a password/],
    ['book.xls', 'xls', /spreadsheet \(Excel \.xls\)/],
    ['slides.ppt', 'ppt', /presentation \(PowerPoint \.ppt\)/],
    ['mail.msg', 'msg', /Outlook e-mail message.*save the attached Word document/],
    ['book.xlsx', 'xlsx', /spreadsheet \(Excel \.xlsx\)/],
    ['slides.pptx', 'pptx', /presentation \(PowerPoint \.pptx\)/],
    ['sheet.ods', 'ods', /spreadsheet \(OpenDocument \.ods\)/],
    ['text.odt', 'odt', /OpenDocument text \(\.odt\).*save it as Word Document \(\.docx\)/],
    ['flat.fodt', 'fodt', /\(\.fodt\)/],
    ['text.rtf', 'rtf', /Rich Text Format/],
    ['printed.pdf', 'pdf', /PDF file.*Import the Word document the PDF was made from/],
    ['page.html', 'webPage', /web page/],
    ['word-page.htm', 'webPage', /web page/],
    ['page.mht', 'webPage', /web page/],
    ['word2003.xml', 'word2003xml', /Word 2003 XML/],
    ['notes.txt', 'text', /plain text file.*Import it as text/],
    ['empty.docx', 'empty', /empty \(0 bytes\).*Choose the file again/],
  ];

  it('says what each file is, and what to do, and the store is unchanged', async () => {
    const s = makeServices();
    const before = storeSnapshot(s);
    for (const [name, kind, says] of expected) {
      const bytes = files.get(name)!;
      expect([name, fileKind(bytes)]).toEqual([name, kind]);
      const err = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: name }).catch((e) => e);
      expect(err, name).toMatchObject({ code: 'bad_file', message: expect.stringMatching(says), details: { messageKey: expect.stringMatching(/^fileKind\./), advice: { messageKey: expect.stringMatching(/^fileKind\./) } } });
    }
    expect(storeSnapshot(s)).toBe(before);
    expect(s.drafts.list()).toHaveLength(0);
  });

  it('reads the directory wherever its sectors are', () => {
    for (const gap of [0, 1, 200]) expect(fileKind(compoundFile(['WordDocument', '1Table'], { gap }))).toBe('doc');
  });

  it('imports a .docm and a .dotx (their main part has another content type)', async () => {
    const s = makeServices();
    for (const name of ['macros.docm', 'template.dotx']) {
      expect(fileKind(files.get(name)!)).toBe('docx');
      const r = await invoke(s.handlers, 'importDocx', { dataBase64: files.get(name)!.toString('base64'), fileName: name });
      expect(r.draft.id).toBeTruthy();
    }
    expect(s.drafts.list()).toHaveLength(2);
  });

  it('refuses hostile compound files at once with the generic message', async () => {
    for (const hostile of ['loop', 'outOfRange', 'hugeFat', 'longDirectory'] as const) {
      const bytes = compoundFile(['WordDocument'], { hostile });
      const t0 = performance.now();
      expect([hostile, fileKind(bytes)]).toEqual([hostile, 'compound']);
      const err = await checkDocx(bytes).catch((e) => e);
      expect(performance.now() - t0, hostile).toBeLessThan(1000);
      expect(err, hostile).toMatchObject({ code: 'bad_file', message: expect.stringMatching(/^not a Word document \(\.docx\)/) });
      // said in the interface language with what to do, the particulars folded beneath
      expect(err.details, hostile).toMatchObject({ messageKey: 'fileKind.notDocx', advice: { messageKey: 'fileKind.saveAsDocx' }, detail: true });
    }
  });

  it('never throws or hangs on a damaged .doc or .docm (random bytes overwritten anywhere)', () => {
    for (const name of ['old.doc', 'macros.docm']) {
      const real = files.get(name)!;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(real.length - 1), fc.constantFrom(0, 0xff, 0xfe, 0x7f, 1, 0x20)), { minLength: 1, maxLength: 12 }), (patches) => {
          const b = Buffer.from(real);
          for (const [at, v] of patches) b.fill(v, at, Math.min(b.length, at + 4));
          expect(fileKind(b)).toEqual(expect.any(String));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('says the same through the CLI and the HTTP host', async () => {
    const file = path.join(dir, 'old.doc');
    const store = path.join(dir, 'cli.sqlite');
    const r = await cli(store, 'import', 'docx', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/This is an older Word document \(\.doc, Word 97-2003\).*save it as Word Document \(\.docx\)/);
    expect(fs.existsSync(store)).toBe(false); // no empty store left behind
    const s = makeServices();
    const staticDir = fs.mkdtempSync(path.join(dir, 'static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GCM Review</title>');
    const host = await startHost({ handlers: s.handlers, staticDir });
    try {
      const body = JSON.stringify({ dataBase64: files.get('locked.docx')!.toString('base64'), fileName: 'locked.docx' });
      const answer = await new Promise<any>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/importDocx', headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', 'x-gcm-token': host.secret } }, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve(JSON.parse(b)));
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_file', details: { messageKey: 'fileKind.encrypted', advice: { messageKey: 'fileKind.removePassword' } } } });
    } finally {
      await host.close();
    }
    expect(s.drafts.list()).toHaveLength(0);
  });

  it('the text import says a Word file is one, and still decodes UTF-16 without a BOM', () => {
    expect(() => decodeTextBytes(files.get('macros.docm')!, 'answers.docm')).toThrow(expect.objectContaining({ details: expect.objectContaining({ messageKey: 'fileKind.docx', advice: { messageKey: 'fileKind.importAsWord' } }) }));
    expect(() => decodeTextBytes(files.get('old.doc')!, 'answers.doc')).toThrow(/older Word document/);
    const utf16 = Buffer.from('Question 1.a\nAnswer\n', 'utf16le');
    expect(decodeTextBytes(utf16, 'a.txt')).toEqual({ text: 'Question 1.a\nAnswer\n', encoding: 'utf-16le' });
  });
});

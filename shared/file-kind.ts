/**
 * What a file really is, from its bytes (never its name): the files officials have and take for
 * "the Word file" (an older .doc, a password-protected .docx, an RTF, a PDF, a web page saved by
 * Word, an OpenDocument text, a spreadsheet…), so that an import refuses them with a sentence
 * saying what the file is and what to do, instead of "not a zip archive".
 *
 * - A compound file (OLE/CFB: .doc, .xls, .ppt, .msg, and Office's encrypted .docx) is told by
 *   the names of its streams, read from its directory (whose sectors can be anywhere in the
 *   file) through the sector allocation table. Every loop is bounded by the file's own sector
 *   count and no declared count is trusted for an allocation: a crafted file (a chain that
 *   loops, sectors out of range, a huge declared directory) is only "a compound file".
 * - A zip by its entry names (word/document.xml, xl/, ppt/, ODF's `mimetype`), read from its
 *   central directory, also bounded.
 * - Text formats by their first bytes.
 * Pure, over bytes: used by the Word import (main/interchange/docx-safety.ts), the text import
 * (shared/text-bytes.ts) and the import screen (which sends a file to one or the other).
 */
import { coded, type MessageRef } from './messages';
import en from './i18n/file-kind.en.json' with { type: 'json' };

export type FileKind =
  | 'empty'
  /** a zip with word/document.xml: .docx, .docm, .dotx, .dotm */
  | 'docx'
  /** Word 97-2003 (.doc) */
  | 'doc'
  /** a password-protected Word file: an encrypted .docx (a compound file) or a .doc marked encrypted */
  | 'encrypted'
  | 'xls'
  | 'ppt'
  | 'msg'
  /** another compound file, or one whose directory cannot be read */
  | 'compound'
  | 'xlsx'
  | 'pptx'
  | 'odt'
  | 'ods'
  | 'odp'
  /** another zip, or one whose central directory cannot be read */
  | 'zip'
  | 'rtf'
  | 'pdf'
  /** HTML, or a single-file web page (.mht), as Word's "Save as Web Page" writes */
  | 'webPage'
  /** Word 2003 XML (flat WordprocessingML) */
  | 'word2003xml'
  /** OpenDocument text as one XML file */
  | 'fodt'
  | 'text'
  | 'unknown';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENDOFCHAIN = 0xfffffffe;
/** Directory entries read at most (a Word file has a few dozen). */
const MAX_DIRECTORY_ENTRIES = 10_000;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** The names (lower case) of a compound file's streams and storages, with the WordDocument stream's first bytes; null when its header or directory cannot be read. */
function compoundEntries(b: Uint8Array): { names: Set<string>; wordHead: Uint8Array | null } | null {
  if (b.length < 512 || !startsWith(b, CFB_MAGIC) || u16(b, 0x1c) !== 0xfffe) return null;
  const shift = u16(b, 0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const size = 1 << shift;
  // whole sectors after the header's (a version 4 header fills a 4096-byte sector): every read below stays inside them
  const sectors = Math.max(0, Math.floor(b.length / size) - 1);
  const inFile = (s: number) => s < sectors;
  const sectorAt = (s: number) => (s + 1) * size;
  // the FAT's sectors: 109 in the header, the rest in the DIFAT chain (bounded by the sector count)
  const fatCount = u32(b, 0x2c);
  if (fatCount > sectors) return null;
  const fat: number[] = [];
  for (let i = 0; i < Math.min(fatCount, 109); i++) fat.push(u32(b, 0x4c + i * 4));
  const perSector = size / 4;
  const seen = new Uint8Array(sectors);
  for (let d = u32(b, 0x44), hops = 0; fat.length < fatCount && d !== ENDOFCHAIN; hops++) {
    if (!inFile(d) || seen[d] || hops > sectors) return null;
    seen[d] = 1;
    for (let i = 0; i < perSector - 1 && fat.length < fatCount; i++) fat.push(u32(b, sectorAt(d) + i * 4));
    d = u32(b, sectorAt(d) + (perSector - 1) * 4);
  }
  const next = (s: number): number | null => {
    const f = fat[Math.floor(s / perSector)];
    return f === undefined || !inFile(f) ? null : u32(b, sectorAt(f) + (s % perSector) * 4);
  };
  // the directory: a chain of sectors of 128-byte entries
  const names = new Set<string>();
  let root: number | null = null;
  let word: { start: number; size: number } | null = null;
  seen.fill(0);
  let entries = 0;
  for (let s: number | null = u32(b, 0x30); s !== ENDOFCHAIN; s = next(s)) {
    if (s === null || !inFile(s) || seen[s]) return null;
    seen[s] = 1;
    for (let at = sectorAt(s); at < sectorAt(s) + size; at += 128) {
      if (++entries > MAX_DIRECTORY_ENTRIES) return null;
      const type = b[at + 66];
      const len = u16(b, at + 64);
      if (type === 5 && root === null) root = u32(b, at + 116);
      if ((type !== 1 && type !== 2) || len < 2 || len > 64) continue;
      let name = '';
      for (let i = 0; i < len - 2; i += 2) name += String.fromCharCode(u16(b, at + i));
      name = name.toLowerCase();
      names.add(name);
      if (name === 'worddocument' && type === 2) word = { start: u32(b, at + 116), size: u32(b, at + 120) };
    }
  }
  return { names, wordHead: word && streamHead(word, root) };

  /** The first bytes of a stream: in its own sectors, or (under the cutoff) in the mini stream, the root entry's chain of sectors. */
  function streamHead(stream: { start: number; size: number }, rootStart: number | null): Uint8Array | null {
    if (stream.size >= u32(b, 0x38)) return inFile(stream.start) ? b.subarray(sectorAt(stream.start), sectorAt(stream.start) + 64) : null;
    const mini = 1 << u16(b, 0x20);
    if (mini !== 64 || rootStart === null) return null;
    let s: number | null = rootStart;
    seen.fill(0);
    for (let hops = Math.floor((stream.start * mini) / size); hops > 0; hops--) {
      if (s === null || !inFile(s) || seen[s]) return null;
      seen[s] = 1;
      s = next(s);
    }
    if (s === null || !inFile(s)) return null;
    const at = sectorAt(s) + ((stream.start * mini) % size);
    return b.subarray(at, at + mini);
  }
}

function compoundKind(b: Uint8Array): FileKind {
  const dir = compoundEntries(b);
  if (!dir) return 'compound';
  const has = (n: string) => dir.names.has(n);
  if (has('encryptedpackage') && has('encryptioninfo')) return 'encrypted';
  if (has('worddocument')) {
    // FIB: wIdent 0xA5EC; fEncrypted is bit 8 of the flags at offset 10
    const h = dir.wordHead;
    return h && u16(h, 0) === 0xa5ec && (u16(h, 10) & 0x0100) !== 0 ? 'encrypted' : 'doc';
  }
  if (has('workbook') || has('book')) return 'xls';
  if (has('powerpoint document')) return 'ppt';
  if (has('__properties_version1.0') || [...dir.names].some((n) => n.startsWith('__substg1.0_'))) return 'msg';
  return 'compound';
}

/** A zip's entry names from its central directory (and the stored `mimetype` of an OpenDocument), or null when it cannot be read. */
function zipEntries(b: Uint8Array): { names: Set<string>; mimetype: string | null } | null {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(b, eocd + 10);
  let at = u32(b, eocd + 16);
  const names = new Set<string>();
  const utf8 = new TextDecoder();
  let mimetype: string | null = null;
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) return null;
    const nameLen = u16(b, at + 28);
    const name = utf8.decode(b.subarray(at + 46, at + 46 + nameLen));
    names.add(name);
    const local = u32(b, at + 42);
    if (name === 'mimetype' && u16(b, at + 10) === 0 && local + 30 <= b.length) {
      const data = local + 30 + u16(b, local + 26) + u16(b, local + 28);
      mimetype = utf8.decode(b.subarray(data, Math.min(data + Math.min(u32(b, at + 20), 100), b.length)));
    }
    at += 46 + nameLen + u16(b, at + 30) + u16(b, at + 32);
  }
  return { names, mimetype };
}

function zipKind(b: Uint8Array): FileKind {
  const zip = zipEntries(b);
  if (!zip) return 'zip';
  if (zip.names.has('word/document.xml')) return 'docx';
  const odf = /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)/.exec(zip.mimetype ?? '')?.[1];
  if (odf) return odf === 'text' ? 'odt' : odf === 'spreadsheet' ? 'ods' : 'odp';
  if (zip.names.has('xl/workbook.xml')) return 'xlsx';
  if (zip.names.has('ppt/presentation.xml')) return 'pptx';
  return 'zip';
}

/** Bytes at the start of a file enough to tell a text format, or to tell a zip or compound file from text (the import screen reads only these). */
export const KIND_HEAD_BYTES = 65536;

/** The first bytes as text (UTF-8, or UTF-16 after its BOM), for the markers of text formats. */
function headText(b: Uint8Array): string {
  const head = b.subarray(0, KIND_HEAD_BYTES);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2));
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head.subarray(2));
  return new TextDecoder().decode(head).replace(/^\uFEFF/, '');
}

/** What the file is, from its bytes. */
export function fileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, [0x50, 0x4b, 3, 4]) || startsWith(bytes, [0x50, 0x4b, 5, 6])) return zipKind(bytes);
  if (startsWith(bytes, CFB_MAGIC)) return compoundKind(bytes);
  const text = headText(bytes);
  const start = text.trimStart();
  if (start.startsWith('{\\rtf')) return 'rtf';
  if (/^%PDF-/m.test(text.slice(0, 1024))) return 'pdf';
  if (/^MIME-Version:/im.test(start.slice(0, 4096)) && /Content-Type:\s*multipart\/related/i.test(start)) return 'webPage';
  if (start.startsWith('<')) {
    if (/<\?mso-application\s+progid="Word\.Document"\s*\?>|<w:wordDocument[\s>]/i.test(start)) return 'word2003xml';
    if (/<office:document[\s>][^]*?office:mimetype="application\/vnd\.oasis\.opendocument\.text/.test(start)) return 'fodt';
    if (/<html[\s>]|<!DOCTYPE\s+html/i.test(start)) return 'webPage';
  }
  const sample = bytes.subarray(0, 8192);
  return sample.includes(0) && !(sample[0] === 0xff && sample[1] === 0xfe) && !(sample[0] === 0xfe && sample[1] === 0xff) ? 'unknown' : 'text';
}

/** What a kind's refusal says (msg.fileKind.*) and what to do about it; null for a kind with no sentence of its own. */
const SAID: Partial<Record<FileKind, { key: string; advice: string; format?: string }>> = {
  empty: { key: 'empty', advice: 'chooseAgain' },
  doc: { key: 'doc', advice: 'saveAsDocx' },
  encrypted: { key: 'encrypted', advice: 'removePassword' },
  xls: { key: 'spreadsheet', advice: 'chooseWord', format: 'Excel .xls' },
  xlsx: { key: 'spreadsheet', advice: 'chooseWord', format: 'Excel .xlsx' },
  ods: { key: 'spreadsheet', advice: 'chooseWord', format: 'OpenDocument .ods' },
  ppt: { key: 'presentation', advice: 'chooseWord', format: 'PowerPoint .ppt' },
  pptx: { key: 'presentation', advice: 'chooseWord', format: 'PowerPoint .pptx' },
  odp: { key: 'presentation', advice: 'chooseWord', format: 'OpenDocument .odp' },
  msg: { key: 'email', advice: 'saveAttachment' },
  odt: { key: 'odt', advice: 'saveAsDocx' },
  fodt: { key: 'fodt', advice: 'saveAsDocx' },
  rtf: { key: 'rtf', advice: 'saveAsDocx' },
  pdf: { key: 'pdf', advice: 'fromPdf' },
  webPage: { key: 'webPage', advice: 'saveAsDocx' },
  word2003xml: { key: 'word2003xml', advice: 'saveAsDocx' },
  text: { key: 'text', advice: 'importAsText' },
  docx: { key: 'docx', advice: 'importAsWord' },
};

type Catalog = Record<string, string>;
const EN: Catalog = en.msg.fileKind;
const english = (key: string, params: Record<string, string>) => EN[key]!.replace(/\{\{(\w+)\}\}/g, (_, p: string) => params[p] ?? '');

/**
 * An import's refusal of a file of this kind: its English sentence (for the CLI and logs, from the
 * English catalog) and its coded message and advice for the interface; null for a kind that has
 * none (a .docx to the Word import, an unreadable zip or compound file, unknown bytes).
 */
export function kindRefusal(kind: FileKind): { message: string; details: MessageRef & Record<string, unknown> } | null {
  const said = SAID[kind];
  if (!said) return null;
  const params: Record<string, string> = said.format ? { format: said.format } : {};
  const advice: MessageRef = { messageKey: `fileKind.${said.advice}` };
  return {
    message: `${english(said.key, params)} ${english(said.advice, {})}`,
    details: coded(`fileKind.${said.key}`, said.format ? params : undefined, { advice }),
  };
}

/**
 * Whether the import screen sends a file of this kind to the Word import (which reads it, or
 * refuses it with its kind's sentence) rather than the text import: all but text and unknown bytes
 * (which the text import decodes or refuses: UTF-16 without a BOM has NUL bytes).
 */
export const forWordImport = (kind: FileKind): boolean => kind !== 'text' && kind !== 'unknown';

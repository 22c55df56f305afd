/**
 * Checks an untrusted DOCX before any parser sees it: size cap, a real zip (yauzl), a bounded
 * number of entries and uncompressed bytes (declared sizes are enforced while inflating), a
 * word/document.xml, and XML parts that are neither huge nor nested absurdly deep.
 * Every entry is checked whatever its name: mammoth follows _rels to any part name (a main part
 * called word/main.dat is read as XML), so any part that looks like XML (starts with "<", or has
 * no NUL byte, as text does and images do not) is held to the XML limits, and XML-looking parts
 * together are capped too. Stored (uncompressed) entries are read as they are.
 * Two parts of one name (case aside, as the package format compares them) are refused: which one a
 * reader takes is the reader's choice.
 * A file that is not a .docx (an older .doc, a password-protected .docx, a PDF, an RTF…: what
 * shared/file-kind.ts recognises from its bytes) is refused first with its kind's sentence.
 * Throws AppError('bad_file') with a sentence the user can act on.
 */
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { coded } from '../../shared/messages';
import { AppError } from '../../shared/contract/common';
import { MAX_DOCX_BYTES } from '../../shared/contract/interchange';
import { fileKind, kindRefusal } from '../../shared/file-kind';

export const DOCX_LIMITS = {
  bytes: MAX_DOCX_BYTES,
  entries: 2000,
  totalUncompressed: 200 * 1024 * 1024,
  xmlPart: 40 * 1024 * 1024,
  /** All XML-looking parts together: what mammoth may parse into a tree. */
  totalXml: 64 * 1024 * 1024,
  xmlDepth: 256,
};

/** Bytes looked at to tell XML (or any text) from binary media. */
const SNIFF_BYTES = 8192;

/** Whether a part's first bytes look like XML or other text (which mammoth's XML reader would take). */
export function looksLikeXml(head: Buffer): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true; // UTF-16 text
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === LT) return true;
  return !head.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * A part written in UTF-16 (it starts with its byte order mark, as the package format allows) as
 * UTF-8, its declaration saying so; null for any other part. The nesting scan reads bytes as
 * ASCII-compatible, and mammoth reads every part as UTF-8.
 */
export function utf16AsUtf8(b: Buffer): Buffer | null {
  const le = b[0] === 0xff && b[1] === 0xfe;
  if (!le && !(b[0] === 0xfe && b[1] === 0xff)) return null;
  const body = Buffer.from(b.subarray(2, b.length - (b.length % 2)));
  const text = (le ? body : body.swap16()).toString('utf16le');
  return Buffer.from(text.replace(/^(\s*<\?xml[^>]*?encoding=["'])utf-16(?:le|be)?(["'])/i, '$1UTF-8$2'), 'utf8');
}

/** A .docx beyond the limits a safe read keeps to (size, parts, expansion, nesting): said with what to do. */
const bad = (msg: string) => new AppError('bad_file', msg, coded('fileKind.tooComplex', undefined, { advice: { messageKey: 'fileKind.lighten' }, detail: true }));
/**
 * A .docx whose archive or parts are broken (cut short, altered, not what the package format
 * allows): said in the interface language with what to do (Word or LibreOffice repairs such a
 * file when it saves it again), the English particulars folded beneath for support.
 */
export const damaged = (msg: string, key: 'damaged' | 'notDocx' = 'damaged') => new AppError('bad_file', msg, coded(`fileKind.${key}`, undefined, { advice: { messageKey: 'fileKind.saveAsDocx' }, detail: true }));

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(damaged(`the .docx is damaged: its zip archive cannot be read (${err?.message ?? 'unreadable'})`)) : resolve(zip),
    ),
  );
}

/** The entry's stored bytes as they are in the archive (compressed or not). */
function rawEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  // yauzl refuses the decompress option on stored entries (JSZip and `zip -0` make those)
  const options = entry.compressionMethod === 0 ? {} : { decompress: false as const };
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, options, (err, stream) => {
      if (err || !stream) return reject(damaged(`cannot read ${entry.fileName} in the .docx: ${err?.message ?? 'unreadable'}`));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => reject(damaged(`the .docx is damaged (${entry.fileName}: ${e.message})`)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    }),
  );
}

/**
 * A large part's first bytes and its real size, inflated as a stream (yauzl checks the size against
 * the declared one) and never held whole.
 */
function sniffLargeEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(damaged(`cannot read ${entry.fileName} in the .docx: ${err?.message ?? 'unreadable'}`));
      const head: Buffer[] = [];
      let have = 0;
      stream.on('data', (c: Buffer) => {
        if (have < SNIFF_BYTES) {
          head.push(c.subarray(0, SNIFF_BYTES - have));
          have += Math.min(c.length, SNIFF_BYTES - have);
        }
      });
      stream.on('error', (e) => reject(damaged(`the .docx is damaged (${entry.fileName}: ${e.message})`)));
      stream.on('end', () => resolve(Buffer.concat(head)));
    }),
  );
}

/**
 * An XML part's bytes, inflated in one synchronous step (no thread-pool round trip per part)
 * that cannot produce more than `cap` bytes; the result must have exactly the declared size.
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number): Promise<Buffer> {
  const raw = await rawEntry(zip, entry);
  let out: Buffer;
  if (entry.compressionMethod === 0) out = raw;
  else if (entry.compressionMethod === 8) {
    try {
      // never more than the declared size (itself already held under the cap)
      out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(cap, entry.uncompressedSize)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || (e as Error).name === 'RangeError') throw damaged(`the .docx is damaged (${entry.fileName} inflates to more bytes than the archive declares)`);
      throw damaged(`the .docx is damaged (${entry.fileName}: ${(e as Error).message})`);
    }
  } else throw damaged(`the .docx is damaged (${entry.fileName}: unsupported compression method ${entry.compressionMethod})`);
  if (out.length !== entry.uncompressedSize) throw damaged(`the .docx is damaged (${entry.fileName}: ${out.length} bytes where the archive declares ${entry.uncompressedSize})`);
  return out;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Index just past the first occurrence of `end` at or after `from`, or the length when absent. */
function skipPast(b: Buffer, from: number, end: string): number {
  const i = b.indexOf(end, from, 'latin1');
  return i < 0 ? b.length : i + end.length;
}

/**
 * Deepest element nesting of an XML part, scanning its bytes (UTF-8 never puts a byte below 0x80
 * inside a multi-byte character, so ASCII markup can be found without decoding). Comments,
 * CDATA, processing instructions and a DOCTYPE (with its internal subset) are skipped; quoted
 * attribute values may hold ">"; a self-closing element counts one level while it is open; an
 * end tag closes up to its open element and a stray one is ignored (as htmlparser2 does).
 * Stops early past `limit`. Not a validator: it only bounds nesting before a real parser runs.
 */
export function xmlDepth(xml: Buffer | string, limit = DOCX_LIMITS.xmlDepth): number {
  const b = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  const stack: string[] = [];
  let max = 0;
  let i = b.indexOf(LT);
  while (i >= 0 && i < b.length) {
    const c = b[i + 1];
    if (c === BANG) {
      if (b[i + 2] === 0x2d && b[i + 3] === 0x2d) i = skipPast(b, i + 4, '-->');
      else if (b[i + 2] === LBRACKET) i = skipPast(b, i + 3, ']]>');
      else {
        // <!DOCTYPE ...[ internal subset ]> or another declaration
        let j = i + 2;
        let bracket = 0;
        for (; j < b.length; j++) {
          const x = b[j];
          if (x === LBRACKET) bracket++;
          else if (x === RBRACKET) bracket--;
          else if (x === GT && bracket <= 0) break;
        }
        i = j + 1;
      }
    } else if (c === QMARK) {
      i = skipPast(b, i + 2, '?>');
    } else if (c === SLASH) {
      // like a lenient parser: close up to the matching open element; ignore a stray end tag
      const j = b.indexOf(GT, i + 2);
      const name = b.toString('latin1', i + 2, j < 0 ? b.length : j).trim();
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
      i = j < 0 ? b.length : j + 1;
    } else {
      // a start tag: find its end outside quoted attribute values
      let j = i + 1;
      let quote = 0;
      for (; j < b.length; j++) {
        const x = b[j]!;
        if (quote) {
          if (x === quote) quote = 0;
        } else if (x === DQUOTE || x === SQUOTE) quote = x;
        else if (x === GT) break;
      }
      if (stack.length + 1 > max) max = stack.length + 1;
      if (max > limit) return max;
      if (b[j - 1] !== SLASH) {
        let k = i + 1;
        while (k < j && b[k]! > 0x20 && b[k] !== SLASH) k++;
        stack.push(b.toString('latin1', i + 1, k));
      }
      i = j + 1;
    }
    if (i >= b.length) break;
    i = b.indexOf(LT, i);
  }
  return max;
}

/** The XML parts the import reads itself (besides mammoth), kept by checkDocx as it reads them. */
export const KEPT_PARTS = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/comments.xml', 'word/footnotes.xml', 'word/endnotes.xml', 'word/_rels/document.xml.rels', 'word/_rels/footnotes.xml.rels', 'word/_rels/endnotes.xml.rels', 'word/commentsExtended.xml', 'docProps/core.xml', 'docProps/custom.xml'] as const;
/** Parts kept besides KEPT_PARTS: SmartArt data and charts (word/diagrams/dataN.xml, word/charts/chartN.xml), whose text the import reads. */
const KEPT_PART = /^word\/(?:diagrams|charts)\/[^/]+\.xml$/;
export type DocxParts = Map<string, Buffer>;
/** Parts besides KEPT_PARTS that mammoth reads whatever the document says: the content types and every relationships part. */
const READ_PART = /^\[Content_Types\]\.xml$|\.rels$/;
/** An Override of [Content_Types].xml without its PartName attribute. */
const NAMELESS_OVERRIDE = /<(?:[\w.-]+:)?Override\b(?![^>]*\sPartName\s*=)[^>]*>/;

/**
 * The archive with some parts replaced (by new bytes, or by what a function makes of the old ones),
 * every other part as it was (all inflated under the same caps as checkDocx; call it only on an
 * archive that passed checkDocx, or one the export has just packed).
 */
export async function rewriteDocx(bytes: Buffer, replace: Map<string, Buffer | ((part: Buffer) => Buffer)>): Promise<Buffer> {
  const zip = await openZip(bytes);
  const out = new yazl.ZipFile();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (e: Error) => reject(damaged(`the .docx is damaged: ${e.message}`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        const put = (data: Buffer) => {
          out.addBuffer(data, entry.fileName, { compress: entry.compressionMethod !== 0 });
          zip.readEntry();
        };
        const r = replace.get(entry.fileName);
        if (r && typeof r !== 'function') return put(r);
        readEntry(zip, entry, DOCX_LIMITS.totalUncompressed).then((part) => put(typeof r === 'function' ? r(part) : part), reject);
      });
      zip.on('end', () => resolve());
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const c of out.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Validates the archive; resolves, when it is safe to hand to mammoth, with the parts in KEPT_PARTS,
 * SmartArt's and charts' (as UTF-8). Parts written in UTF-16 are put in `utf16` as UTF-8, for the
 * caller to hand to mammoth so.
 */
export async function checkDocx(bytes: Buffer, utf16: DocxParts = new Map()): Promise<DocxParts> {
  const parts: DocxParts = new Map();
  if (bytes.length > DOCX_LIMITS.bytes) throw bad(`the file is larger than ${Math.round(DOCX_LIMITS.bytes / 1024 / 1024)} MB`);
  const kind = fileKind(bytes);
  const refusal = kind === 'docx' ? null : kindRefusal(kind);
  if (refusal) throw new AppError('bad_file', refusal.message, refusal.details);
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw damaged('not a Word document (.docx): the file is not a zip archive', 'notDocx');
  const zip = await openZip(bytes);
  try {
    await new Promise<void>((resolve, reject) => {
      let count = 0;
      let total = 0;
      let hasDocument = false;
      let xml = 0;
      const names = new Set<string>();
      const fail = (e: unknown) => {
        zip.close();
        reject(e);
      };
      zip.on('error', (e: Error) => fail(damaged(`the .docx is damaged: ${e.message}`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        count++;
        total += entry.uncompressedSize;
        if (count > DOCX_LIMITS.entries) return fail(bad(`the .docx has more than ${DOCX_LIMITS.entries} parts`));
        if (total > DOCX_LIMITS.totalUncompressed) return fail(bad(`the .docx would expand to more than ${DOCX_LIMITS.totalUncompressed / 1024 / 1024} MB`));
        const name = entry.fileName;
        if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) return fail(damaged(`the .docx has a part with an unsafe name: ${name.slice(0, 80)}`));
        // part names are case-insensitive (OPC): two of one name would be read as one by a tool, as the other by another
        const folded = name.toLowerCase();
        if (names.has(folded)) return fail(damaged(`the .docx has two parts named ${name.slice(0, 80)} (a damaged or altered file): nothing was imported`));
        names.add(folded);
        if (name.endsWith('/')) return zip.readEntry(); // a folder
        if (name === 'word/document.xml') hasDocument = true;
        const tooBig = () => bad(`${name} in the .docx is larger than ${DOCX_LIMITS.xmlPart / 1024 / 1024} MB uncompressed`);
        if (entry.uncompressedSize > DOCX_LIMITS.xmlPart) {
          // media can be large; a large part that looks like XML is refused without being held whole
          if (/\.(xml|rels)$/i.test(name)) return fail(tooBig());
          return sniffLargeEntry(zip, entry).then((head) => (looksLikeXml(head) ? fail(tooBig()) : zip.readEntry()), fail);
        }
        readEntry(zip, entry, DOCX_LIMITS.xmlPart).then((read) => {
          if (!/\.(xml|rels)$/i.test(name) && !looksLikeXml(read)) return zip.readEntry();
          const utf8 = utf16AsUtf8(read);
          if (utf8) utf16.set(name, utf8);
          const buf = utf8 ?? read;
          xml += buf.length;
          if (xml > DOCX_LIMITS.totalXml) return fail(bad(`the .docx holds more than ${DOCX_LIMITS.totalXml / 1024 / 1024} MB of XML`));
          const depth = xmlDepth(buf);
          if (depth > DOCX_LIMITS.xmlDepth) return fail(bad(`${name} in the .docx is nested more than ${DOCX_LIMITS.xmlDepth} levels deep`));
          // mammoth reads these and fails on one without a root element (empty, or cut short before it)
          if (depth === 0 && (READ_PART.test(name) || (KEPT_PARTS as readonly string[]).includes(name))) return fail(damaged(`${name} in the .docx has no XML element (empty, or cut short): nothing was imported`));
          // an override without the name of its part: mammoth fails on it
          if (name === '[Content_Types].xml' && NAMELESS_OVERRIDE.test(buf.toString('utf8'))) return fail(damaged(`${name} in the .docx declares the type of a part without naming the part (a damaged file): nothing was imported`));
          if ((KEPT_PARTS as readonly string[]).includes(name) || KEPT_PART.test(name)) parts.set(name, buf);
          zip.readEntry();
        }, fail);
      });
      zip.on('end', () => (hasDocument ? resolve() : reject(damaged('not a Word document (.docx): the archive has no word/document.xml', 'notDocx'))));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return parts;
}

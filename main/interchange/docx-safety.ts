/**
 * Checks an untrusted DOCX before any parser sees it: size cap, a real zip (yauzl), a bounded
 * number of entries and uncompressed bytes (declared sizes are enforced while inflating), a
 * word/document.xml, and XML parts that are neither huge nor nested absurdly deep.
 * Throws AppError('bad_file') with a sentence the user can act on.
 */
import { Parser } from 'htmlparser2';
import yauzl from 'yauzl';
import { AppError } from '../../shared/contract/common';
import { MAX_DOCX_BYTES } from '../../shared/contract/interchange';

export const DOCX_LIMITS = {
  bytes: MAX_DOCX_BYTES,
  entries: 2000,
  totalUncompressed: 200 * 1024 * 1024,
  xmlPart: 40 * 1024 * 1024,
  xmlDepth: 256,
};

const bad = (msg: string) => new AppError('bad_file', msg);

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(bad(`not a Word document (.docx): the file is not a zip archive (${err?.message ?? 'unreadable'})`)) : resolve(zip),
    ),
  );
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(bad(`cannot read ${entry.fileName} in the .docx: ${err?.message ?? 'unreadable'}`));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > cap) {
          stream.destroy();
          reject(bad(`${entry.fileName} in the .docx is larger than ${Math.round(cap / 1024 / 1024)} MB uncompressed`));
        } else chunks.push(c);
      });
      stream.on('error', (e) => reject(bad(`the .docx is damaged (${entry.fileName}: ${e.message})`)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    }),
  );
}

/** Deepest element nesting of an XML text (streaming; stops early past the limit). */
export function xmlDepth(xml: string, limit = DOCX_LIMITS.xmlDepth): number {
  let depth = 0;
  let max = 0;
  const p = new Parser(
    {
      onopentag() {
        depth++;
        if (depth > max) max = depth;
        if (depth > limit) p.pause();
      },
      onclosetag() {
        depth--;
      },
    },
    { xmlMode: true },
  );
  p.write(xml);
  if (max <= limit) p.end();
  return max;
}

/** Validates the archive; resolves when it is safe to hand to mammoth. */
export async function checkDocx(bytes: Buffer): Promise<void> {
  if (bytes.length > DOCX_LIMITS.bytes) throw bad(`the file is larger than ${Math.round(DOCX_LIMITS.bytes / 1024 / 1024)} MB`);
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw bad('not a Word document (.docx): the file is not a zip archive');
  const zip = await openZip(bytes);
  try {
    await new Promise<void>((resolve, reject) => {
      let count = 0;
      let total = 0;
      let hasDocument = false;
      const fail = (e: unknown) => {
        zip.close();
        reject(e);
      };
      zip.on('error', (e: Error) => fail(bad(`the .docx is damaged: ${e.message}`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        count++;
        total += entry.uncompressedSize;
        if (count > DOCX_LIMITS.entries) return fail(bad(`the .docx has more than ${DOCX_LIMITS.entries} parts`));
        if (total > DOCX_LIMITS.totalUncompressed) return fail(bad(`the .docx would expand to more than ${DOCX_LIMITS.totalUncompressed / 1024 / 1024} MB`));
        const name = entry.fileName;
        if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) return fail(bad(`the .docx has a part with an unsafe name: ${name.slice(0, 80)}`));
        if (!/\.(xml|rels)$/i.test(name)) return zip.readEntry();
        if (entry.uncompressedSize > DOCX_LIMITS.xmlPart) return fail(bad(`${name} in the .docx is larger than ${DOCX_LIMITS.xmlPart / 1024 / 1024} MB uncompressed`));
        if (name === 'word/document.xml') hasDocument = true;
        readEntry(zip, entry, DOCX_LIMITS.xmlPart).then((buf) => {
          if (xmlDepth(buf.toString('utf8')) > DOCX_LIMITS.xmlDepth) return fail(bad(`${name} in the .docx is nested more than ${DOCX_LIMITS.xmlDepth} levels deep`));
          zip.readEntry();
        }, fail);
      });
      zip.on('end', () => (hasDocument ? resolve() : reject(bad('not a Word document (.docx): the archive has no word/document.xml'))));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

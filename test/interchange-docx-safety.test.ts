/**
 * The DOCX pre-check (docx-safety.ts): the byte-level nesting scanner agrees with a real XML
 * tokenizer (htmlparser2, which it replaced for speed) on generated XML with comments, CDATA,
 * processing instructions, quoted ">" and stray end tags; a part that inflates to more bytes
 * than its archive declares is refused.
 */
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { checkDocx, xmlDepth } from '../main/interchange/docx-safety';
import { patchCentral } from './bundle-tools';

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

  it('accepts a sane document', async () => {
    const parts = await checkDocx(await zipOf({ '[Content_Types].xml': Buffer.from('<Types/>'), 'word/document.xml': Buffer.from('<w:document><w:body><w:p/></w:body></w:document>') }));
    expect([...parts.keys()]).toEqual(['word/document.xml']);
  });
});

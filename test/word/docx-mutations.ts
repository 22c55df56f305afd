/**
 * Mutations of a .docx's parts, for the damaged-file tests (word-return.test.ts) and the scratch
 * fuzzer that found their cases: XML parts truncated, elements duplicated or removed, tables
 * without rows or with absurd spans and merges, numbering and styles that point nowhere or to
 * themselves, notes and comments marked but missing, relationships outside the package or to
 * missing parts, pictures of 0 bytes or another type, our custom properties ("Draft id", "GCM
 * revision …") with other drafts' or hostile values, 1 MB properties, deep nesting, bidi marks,
 * surrogate halves and NUL bytes, encodings, entities; and of the zip (flipped bytes, CRCs, sizes,
 * duplicate and renamed entries). Each is a function of the parts and a seeded random source.
 */
import { JPEG_240x160, pngBytes } from '../picture-fixtures';
import { Rng } from '../sim/texts';

export type Item = { name: string; data: Buffer; compress?: boolean };

/** A seeded random source (mulberry32: a seed replays exactly). */
export const rng = (seed: number) => new Rng(seed);
type R = Rng;

export const txt = (i: Item) => i.data.toString('utf8');
const set = (i: Item, s: string) => void (i.data = Buffer.from(s, 'utf8'));
/** A part outside the package, for a mutation whose part an earlier one removed or renamed. */
const gone = (): Item => ({ name: 'gone.xml', data: Buffer.alloc(0) });
const xmlItems = (items: Item[]) => {
  const xs = items.filter((i) => /\.(xml|rels)$/.test(i.name));
  return xs.length ? xs : [gone()];
};
const doc = (items: Item[]) => items.find((i) => i.name === 'word/document.xml') ?? gone();
const part = (items: Item[], name: string) => items.find((i) => i.name === name);

/** all matches of a non-nested element */
function elements(s: string, tag: string): Array<[number, number]> {
  const re = new RegExp(`<${tag}(?=[\\s>/])[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`, 'g');
  const out: Array<[number, number]> = [];
  for (const m of s.matchAll(re)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}
const TAGS = ['w:p', 'w:r', 'w:tbl', 'w:tr', 'w:tc', 'w:t', 'w:pPr', 'w:rPr', 'w:tcPr', 'w:numPr', 'w:sectPr', 'w:drawing', 'w:tblGrid', 'w:hyperlink', 'w:footnoteReference', 'w:commentRangeStart', 'w:commentReference', 'w:style', 'w:abstractNum', 'w:num', 'w:lvl', 'w:footnote', 'w:comment', 'Relationship', 'Override', 'Default', 'property', 'w:sdt', 'w:ins', 'w:del', 'w:bookmarkStart'];
const HOSTILE = ['\u202e\u202d\u200f\u200e', '\ud800', '\udc00x', '\u0000', '&#0;', '&#xD800;', '&#x1;', '&#xFFFE;', ']]>', '<', '&amp;&lt;', '&undefined;', '\u0600\u0601\u061c', 'x'.repeat(1 << 20), '\u064b'.repeat(5000), '\ufeff', '\r\n\t', '../../etc/passwd', 'https://example.org/x', '00000000-0000-0000-0000-000000000000', '1e999', '-1', 'NaN', '99999999999999999999'];

export const ops: Record<string, (items: Item[], r: R, ctx: Ctx) => void | Promise<void>> = {
  truncate(items, r) {
    const i = r.pick(xmlItems(items));
    i.data = i.data.subarray(0, r.int(i.data.length));
  },
  dupElement(items, r) {
    const i = r.pick(xmlItems(items));
    const s = txt(i);
    const es = elements(s, r.pick(TAGS));
    if (!es.length) return;
    const [a, b] = r.pick(es);
    const times = r.pick([1, 2, 50]);
    set(i, s.slice(0, b) + s.slice(a, b).repeat(times) + s.slice(b));
  },
  removeElement(items, r) {
    const i = r.next() < 0.6 ? doc(items) : r.pick(xmlItems(items));
    const s = txt(i);
    const tag = r.pick(TAGS);
    const es = elements(s, tag);
    if (!es.length) return;
    if (r.next() < 0.3) return set(i, s.replace(new RegExp(`<${tag}(?=[\\s>/])[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`, 'g'), ''));
    const [a, b] = r.pick(es);
    set(i, s.slice(0, a) + s.slice(b));
  },
  removeOpenOrClose(items, r) {
    const i = doc(items);
    const s = txt(i);
    const tag = r.pick(['w:tbl', 'w:tr', 'w:tc', 'w:p', 'w:r', 'w:body', 'w:sdt', 'w:hyperlink']);
    const re = r.next() < 0.5 ? new RegExp(`<${tag}(?=[\\s>])[^>]*>`) : new RegExp(`</${tag}>`);
    set(i, s.replace(re, ''));
  },
  tblNoRows(items) {
    const i = doc(items);
    set(i, txt(i).replace(/(<w:tbl>[\s\S]*?<\/w:tblGrid>)[\s\S]*?(<\/w:tbl>)/, '$1$2'));
  },
  gridSpan(items, r) {
    const i = doc(items);
    const v = r.pick(['0', '10000', '-1', 'abc', '4294967297', '1.5', '']);
    let s = txt(i);
    s = s.includes('<w:gridSpan') ? s.replace(/<w:gridSpan w:val="[^"]*"/g, () => (r.next() < 0.5 ? `<w:gridSpan w:val="${v}"` : '<w:gridSpan w:val="1"')) : s.replace(/<w:tcPr>/g, () => (r.next() < 0.3 ? `<w:tcPr><w:gridSpan w:val="${v}"/>` : '<w:tcPr>'));
    set(i, s);
  },
  vMerge(items, r) {
    const i = doc(items);
    const v = r.pick(['<w:vMerge w:val="restart"/>', '<w:vMerge/>', '<w:vMerge w:val="continue"/>', '<w:vMerge w:val="bogus"/>']);
    set(i, txt(i).replace(/<w:tcPr>/g, () => (r.next() < 0.5 ? `<w:tcPr>${v}` : '<w:tcPr>')).replace(/<w:tc>/g, () => (r.next() < 0.2 ? `<w:tc><w:tcPr>${v}</w:tcPr>` : '<w:tc>')));
  },
  numbering(items, r) {
    const n = part(items, 'word/numbering.xml');
    const i = doc(items);
    const k = r.int(5);
    if (k === 0 && n) set(n, txt(n).replace(/<w:abstractNum [\s\S]*?<\/w:abstractNum>/g, ''));
    else if (k === 1) set(i, txt(i).replace(/<w:ilvl w:val="\d+"\/>/g, () => `<w:ilvl w:val="${r.pick(['99', '-1', '9', '4294967295', 'x'])}"/>`));
    else if (k === 2) set(i, txt(i).replace(/<w:numId w:val="\d+"\/>/g, () => `<w:numId w:val="${r.pick(['999', '0', '-5', 'a'])}"/>`));
    else if (k === 3) set(i, txt(i).replace(/<w:pPr>/g, () => (r.next() < 0.3 ? `<w:pPr><w:numPr><w:ilvl w:val="${r.pick(['0', '99', '8'])}"/><w:numId w:val="${r.pick(['1', '2', '77'])}"/></w:numPr>` : '<w:pPr>')));
    else if (n) set(n, txt(n).replace(/<w:abstractNumId w:val="\d+"\/>/g, '<w:abstractNumId w:val="4242"/>').replace(/<w:lvl w:ilvl="(\d)"/g, '<w:lvl w:ilvl="99"'));
  },
  styles(items, r) {
    const st = part(items, 'word/styles.xml');
    if (!st) return;
    const k = r.int(3);
    let s = txt(st);
    if (k === 0) s = s.replace(/(<w:style [^>]*w:styleId="([^"]+)"[^>]*>)/g, (_m, open, id) => `${open}<w:basedOn w:val="${id}"/>`);
    else if (k === 1) {
      const ids = [...s.matchAll(/w:styleId="([^"]+)"/g)].map((m) => m[1]!);
      s = s.replace(/(<w:style [^>]*w:styleId="([^"]+)"[^>]*>)/g, (_m, open) => `${open}<w:basedOn w:val="${r.pick(ids)}"/><w:link w:val="${r.pick(ids)}"/>`);
    } else s = s.replace(/<w:basedOn w:val="[^"]*"\/>/g, '<w:basedOn w:val="Missing"/>').replace(/<w:name w:val="[^"]*"\/>/, `<w:name w:val="${r.pick(['heading 1', 'Title', ''])}"/>`);
    set(st, s);
  },
  footnoteRefs(items, r) {
    const i = doc(items);
    const id = r.pick(['999', '-1', '0', 'x', '1', '2']);
    const kind = r.pick(['footnote', 'endnote']);
    set(i, txt(i).replace(/<\/w:p>/g, () => (r.next() < 0.2 ? `<w:r><w:${kind}Reference w:id="${id}"/></w:r></w:p>` : '</w:p>')));
    if (r.next() < 0.3) {
      const f = part(items, `word/${kind}s.xml`);
      if (f) set(f, txt(f).replace(/<w:(foot|end)note w:id="\d+">[\s\S]*?<\/w:(foot|end)note>/g, ''));
    }
  },
  comments(items, r) {
    const i = doc(items);
    const k = r.int(4);
    let s = txt(i);
    if (k === 0) s = s.replace(/<w:commentRangeStart [^>]*\/>|<w:commentRangeEnd [^>]*\/>|<w:r><w:commentReference [^>]*\/><\/w:r>/g, '');
    else if (k === 1) s = s.replace(/<\/w:p>/g, () => (r.next() < 0.2 ? `<w:commentRangeStart w:id="${r.pick(['0', '1', '77', '-3'])}"/><w:r><w:commentReference w:id="${r.pick(['0', '77', 'x'])}"/></w:r></w:p>` : '</w:p>'));
    else if (k === 2) s = s.replace(/<w:commentRangeEnd [^>]*\/>/g, '');
    else {
      // a comments part without anchors (added when missing)
      if (!part(items, 'word/comments.xml')) {
        items.push({ name: 'word/comments.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="5" w:author="${r.pick(HOSTILE.slice(0, 14))}"><w:p><w:r><w:t>orphan</w:t></w:r></w:p></w:comment><w:comment w:id="5"><w:p/></w:comment></w:comments>`), compress: true });
        const rels = part(items, 'word/_rels/document.xml.rels');
        if (rels) set(rels, txt(rels).replace('</Relationships>', '<Relationship Id="rIdC9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'));
      }
      s = s.replace(/<\/w:p>/, '<w:commentRangeStart w:id="5"/><w:r><w:t>a</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r></w:p>');
    }
    set(i, s);
  },
  rels(items, r) {
    const rs = items.filter((i) => i.name.endsWith('.rels'));
    if (!rs.length) return;
    const i = r.pick(rs);
    const t = r.pick(['../../../../etc/passwd', '/etc/passwd', 'http://example.org/a.png', 'file:///etc/passwd', 'media/missing.png', 'word/document.xml', 'document.xml', '', '..', 'media/', '%2e%2e/x', 'C:\\x', 'styles.xml']);
    const mode = r.next() < 0.3 ? ' TargetMode="External"' : '';
    set(i, txt(i).replace(/Target="[^"]*"/g, (m) => (r.next() < 0.4 ? `Target="${t}"${mode}` : m)));
  },
  removePart(items, r) {
    const name = r.pick(['[Content_Types].xml', 'word/_rels/document.xml.rels', 'word/styles.xml', 'word/numbering.xml', 'word/footnotes.xml', 'word/comments.xml', 'docProps/custom.xml', 'docProps/core.xml', '_rels/.rels', 'media']);
    const k = items.findIndex((i) => (name === 'media' ? i.name.includes('/media/') : i.name === name));
    if (k >= 0) items.splice(k, 1);
  },
  images(items, r) {
    const media = items.filter((i) => i.name.includes('/media/'));
    const k = r.int(5);
    if (k === 0) {
      const ct = part(items, '[Content_Types].xml');
      if (ct) set(ct, txt(ct).replace(/ContentType="image\/[^"]*"/g, `ContentType="${r.pick(['text/xml', 'image/x-emf', 'application/octet-stream', 'image/svg+xml', ''])}"`));
    } else if (!media.length) return;
    else if (k === 1) r.pick(media).data = Buffer.alloc(0);
    else if (k === 2) r.pick(media).data = Buffer.from(r.pick(['<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', '<?xml version="1.0"?><x/>', 'GIF89a']));
    else if (k === 3) {
      const m = r.pick(media);
      m.data = Buffer.from(m.data);
      for (let j = 0; j < 20; j++) if (m.data.length) m.data[r.int(m.data.length)] = r.int(256);
    } else {
      const m = r.pick(media);
      m.data = r.next() < 0.5 ? JPEG_240x160 : pngBytes(1, 1);
    }
  },
  custom(items, r, ctx) {
    let c = part(items, 'docProps/custom.xml');
    if (!c || !txt(c).includes('Draft id')) {
      // graft the export's origin onto this content (as when a fixture's text replaced an export's)
      const seed = r.pick(ctx.exports);
      for (const n of ['docProps/custom.xml', 'docProps/core.xml']) {
        const from = seed.items.find((i) => i.name === n)!;
        const have = part(items, n);
        if (have) have.data = from.data;
        else items.push({ ...from });
      }
      c = part(items, 'docProps/custom.xml')!;
    }
    let s = txt(c);
    const k = r.int(7);
    const h = r.pick(HOSTILE);
    const other = r.pick(ctx.exports);
    if (k === 0) s = s.replace(/(name="Draft id"[^>]*>\s*<vt:lpwstr>)[^<]*/, `$1${r.next() < 0.5 ? other.draftId : h}`);
    else if (k === 1) s = s.replace(/(name="GCM revision [^"]*"[^>]*>\s*<vt:lpwstr>)[^<]*/g, (m, a) => (r.next() < 0.3 ? `${a}${r.pick([...other.revisions, h, other.draftId])}` : m));
    else if (k === 2) s = s.replace(/name="GCM revision ([^"]*)"/g, (m) => (r.next() < 0.3 ? `name="GCM revision ${r.pick(['I.a', 'obj:1', 'zz', '', '__proto__', 'constructor', h.slice(0, 100)])}"` : m));
    else if (k === 3) s = s.replace(/(<vt:[a-z0-9]+>)[^<]*/g, (m, a) => (r.next() < 0.2 ? `${a}${h}` : m));
    else if (k === 4) s = s.replace(/<property [\s\S]*?<\/property>/, (m) => m.repeat(r.pick([2, 300])));
    else if (k === 5) s = s.replace(/<\/Properties>/, `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="99" name="Draft id"><vt:lpwstr>${other.draftId}</vt:lpwstr></property></Properties>`);
    else s = s.replace(/(name="GCM revision count"[^>]*>\s*<vt:[a-z0-9]+>)[^<]*/, `$1${r.pick(['0', '-1', '1e3', '999', h.slice(0, 50)])}`);
    set(c, s);
  },
  core(items, r) {
    const c = part(items, 'docProps/core.xml');
    if (!c) return;
    const h = r.pick(HOSTILE);
    set(c, txt(c).replace(/(<(dc:title|cp:lastModifiedBy|cp:keywords|dc:creator|dc:subject)>)[^<]*/g, (m, a) => (r.next() < 0.5 ? `${a}${m.includes('keywords') && r.next() < 0.5 ? 'GCM; ' : ''}${h}` : m)));
  },
  deepNest(items, r) {
    const i = doc(items);
    const depth = r.pick([20, 100, 250, 300, 2000]);
    const wrap = r.pick([
      ['<w:sdt><w:sdtContent>', '</w:sdtContent></w:sdt>'],
      ['<w:ins w:id="1" w:author="a">', '</w:ins>'],
      ['<w:del w:id="1" w:author="a">', '</w:del>'],
      ['<w:hyperlink w:anchor="x">', '</w:hyperlink>'],
      ['<w:smartTag w:element="x">', '</w:smartTag>'],
      ['<w:customXml w:element="x">', '</w:customXml>'],
    ] as const);
    const s = txt(i);
    const rs = elements(s, 'w:r');
    if (!rs.length) return;
    const [a, b] = r.pick(rs);
    set(i, s.slice(0, a) + wrap[0].repeat(depth) + s.slice(a, b) + wrap[1].repeat(depth) + s.slice(b));
  },
  deepTables(items, r) {
    const i = doc(items);
    const depth = r.pick([5, 30, 80]);
    const open = '<w:tbl><w:tr><w:tc>';
    const close = '<w:p/></w:tc></w:tr></w:tbl>';
    set(i, txt(i).replace(/<w:body>/, `<w:body>${open.repeat(depth)}<w:p><w:r><w:t>deep</w:t></w:r></w:p>${close.repeat(depth)}`));
  },
  hostileText(items, r) {
    const i = r.next() < 0.8 ? doc(items) : r.pick(xmlItems(items));
    const h = r.pick(HOSTILE);
    set(i, txt(i).replace(/<w:t( [^>]*)?>([^<]*)/g, (m, a = '', t) => (r.next() < 0.15 ? `<w:t${a}>${r.next() < 0.5 ? h + t : t + h}` : m)));
  },
  rawBytes(items, r) {
    const i = r.pick(xmlItems(items));
    i.data = Buffer.from(i.data);
    const kind = r.int(4);
    for (let j = 0; j < 1 + r.int(8); j++) {
      const at = r.int(Math.max(1, i.data.length));
      if (kind === 0) i.data[at] = r.int(256);
      else if (kind === 1) i.data[at] = 0;
      else if (kind === 2) i.data = Buffer.concat([i.data.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), i.data.subarray(at)]); // a surrogate half in UTF-8
      else i.data = Buffer.concat([i.data.subarray(0, at), Buffer.from([0xc3]), i.data.subarray(at)]); // a cut character
    }
  },
  encoding(items, r) {
    const i = doc(items);
    const k = r.int(3);
    if (k === 0) i.data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(txt(i), 'utf16le')]);
    else if (k === 1) set(i, txt(i).replace(/encoding="UTF-8"/i, `encoding="${r.pick(['UTF-16', 'ISO-8859-1', 'EBCDIC', 'x'])}"`));
    else set(i, txt(i).replace(/^<\?xml[^>]*\?>/, ''));
  },
  entities(items, r) {
    const i = doc(items);
    const dtd = r.pick([
      '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
      '<!DOCTYPE w:document SYSTEM "http://example.org/x.dtd">',
    ]);
    set(i, txt(i).replace(/(<\?xml[^>]*\?>)?/, (m) => `${m}${dtd}`).replace(/<w:t>/, '<w:t>&x;&d;'));
  },
  zipDupEntry(items, r) {
    const i = r.pick(items);
    const copy = { ...i, data: r.next() < 0.5 ? Buffer.from('<x/>') : i.data };
    items.splice(r.int(items.length + 1), 0, copy);
  },
  renameEntry(items, r) {
    const i = r.pick(items);
    i.name = r.pick([i.name.toUpperCase(), `./${i.name}`, `${i.name}/`, i.name.replace('word/', 'word//'), `${i.name}\u0000`, i.name.replace(/\//g, '\\')]);
  },
};

// byte-level mutations of the packed zip
export const zipOps: Record<string, (z: Buffer, r: R) => Buffer> = {
  flip(z, r) {
    const b = Buffer.from(z);
    for (let j = 0; j < 1 + r.int(6); j++) b[r.int(b.length)] = r.int(256);
    return b;
  },
  crc(z, r) {
    const b = Buffer.from(z);
    // central directory headers (PK\1\2): CRC at +16; local headers (PK\3\4): +14
    const sig = r.next() < 0.5 ? 0x02014b50 : 0x04034b50;
    const off = sig === 0x02014b50 ? 16 : 14;
    for (let at = b.indexOf(Buffer.from([0x50, 0x4b])); at >= 0; at = b.indexOf(Buffer.from([0x50, 0x4b]), at + 1)) if (b.readUInt32LE(at) === sig && r.next() < 0.4) b.writeUInt32LE(r.int(2 ** 32), at + off);
    return b;
  },
  sizes(z, r) {
    const b = Buffer.from(z);
    for (let at = b.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); at >= 0; at = b.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), at + 1)) if (r.next() < 0.3) b.writeUInt32LE(r.pick([0, 1, 0xffffffff, r.int(2 ** 31)]), at + r.pick([20, 24]));
    return b;
  },
  truncateZip(z, r) {
    return z.subarray(0, r.int(z.length));
  },
};

/** What a mutation may graft: an export's parts (its properties), its draft and revisions. */
export interface Ctx {
  exports: Array<{ draftId: string; items: Item[]; revisions: string[]; bytes: Buffer }>;
}

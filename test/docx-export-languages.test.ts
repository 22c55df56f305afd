/**
 * The DOCX export tags each run with the language of its script: in an Arabic review, Latin text
 * (a French law's name, an acronym) is in runs of its own, not right-to-left, tagged French or
 * English from its words; Arabic text is in right-to-left runs checked in the document's Arabic
 * locale (w:bidi). Read back from the real file, and as LibreOffice reads it (flat ODT).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Doc } from '../shared/doc';
import { dateInWords, documentText, fill } from '../shared/document-text';
import { unpack, zipText } from './bundle-tools';
import { makeServices, tempDir } from './helpers';
import { officeConvert } from './office';
import { importedPictureName, pictureInfo } from '../shared/picture-files';
import { arabRegion } from '../shared/arab-countries';
import { columnWidths } from '../main/interchange/table-widths';
import { drawings, hugePng, JPEG_240x160, pngBytes } from './picture-fixtures';
import { CS_FONT, rtlSections } from '../main/interchange/docx-export';
import { ARAB_REGION_2020, localizeTemplate } from '../shared/template';

const LAW = 'Loi n° 02-03 relative à l’entrée et au séjour des étrangers au Maroc';
const AR_SENTENCE = `عُدِّل القانون رقم 02-03 (${LAW}) لتيسير إدماج المهاجرين بدعم من (OIM).`;
const p = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });

async function exported(lang: 'ar' | 'en' | 'fr', answer: Doc, country = 'Morocco'): Promise<{ file: string; document: string; styles: string }> {
  const s = makeServices();
  const d = await invoke(s.handlers, 'createDraft', { title: 'Review 2020', country, language: lang });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.b', value: { kind: 'answer', doc: answer }, baseRevisionId: null });
  const docx = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
  const file = path.join(tempDir(), `${lang}.docx`);
  fs.writeFileSync(file, docx);
  return { file, document: await zipText(docx, 'word/document.xml'), styles: await zipText(docx, 'word/styles.xml') };
}

interface Run {
  text: string;
  rtl: boolean;
  /** w:lang w:val of the run, or the document default's */
  latin: string;
  bidi: string;
}

/** The runs of the paragraph holding `marker`, with their effective language tags. */
function runsOf(x: { document: string; styles: string }, marker: string): Run[] {
  const defaults = /<w:docDefaults>.*?<w:lang ([^>]*)\/>/s.exec(x.styles)![1]!;
  const attr = (attrs: string, name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(attrs)?.[1];
  const para = x.document.split('</w:p>').find((q) => q.replace(/<[^>]+>/g, '').includes(marker))!;
  return [...para.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map(([, r]) => {
    const lang = /<w:lang ([^>]*)\/>/.exec(r!)?.[1] ?? '';
    return {
      text: [...r!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/&amp;/g, '&'),
      rtl: /<w:rtl\/>/.test(r!),
      latin: attr(lang, 'val') ?? attr(defaults, 'val')!,
      bidi: attr(lang, 'bidi') ?? attr(defaults, 'bidi')!,
    };
  });
}

/**
 * The span of a flat ODT (LibreOffice's reading of the file) that holds `marker`, with the
 * language LibreOffice gives it: from the span's style, else its paragraph's, else that style's
 * parent, else the document default.
 */
function officeLanguage(fodt: string, marker: string): { text: string; latin?: string; complex?: string } {
  const para = fodt.split('</text:p>').find((q) => q.includes(marker))!;
  const [, span, text] = new RegExp(`<text:span text:style-name="([^"]+)">([^<]*${marker}[^<]*)</text:span>`).exec(para)!;
  const styleBody = (name: string) => new RegExp(`<style:style style:name="${name}"[^>]*>(.*?)</style:style>`, 's').exec(fodt)?.[0] ?? '';
  const paraStyle = /<text:p text:style-name="([^"]+)"/.exec(para)![1]!;
  const parent = /style:parent-style-name="([^"]+)"/.exec(styleBody(paraStyle))?.[1] ?? '';
  const chain = [styleBody(span!), styleBody(paraStyle), styleBody(parent), /<style:default-style style:family="paragraph">.*?<\/style:default-style>/s.exec(fodt)![0]];
  const pick = (lang: string, country: string) => {
    const s = chain.find((c) => c.includes(`${lang}=`));
    return s && `${new RegExp(`${lang}="([^"]+)"`).exec(s)![1]}-${new RegExp(`${country}="([^"]+)"`).exec(s)![1]}`;
  };
  return { text: text!, latin: pick('fo:language', 'fo:country'), complex: pick('style:language-complex', 'style:country-complex') };
}

const LATIN = /\p{Script=Latin}/u;
const ARABIC = /\p{Script=Arabic}/u;

describe('DOCX export: language tags follow the script of the text', () => {
  it('an Arabic review: the French law name is a French, left-to-right run; the Arabic text right-to-left in ar-MA', async () => {
    const x = await exported('ar', { type: 'doc', content: [p(AR_SENTENCE)] });
    const runs = runsOf(x, 'عُدِّل القانون');
    expect(runs.map((r) => r.text).join('')).toBe(AR_SENTENCE);
    const latin = runs.filter((r) => LATIN.test(r.text));
    expect(latin.map((r) => r.text.trim())).toEqual([LAW, 'OIM']);
    for (const r of latin) expect(r, r.text).toMatchObject({ rtl: false, latin: 'fr-FR' });
    for (const r of runs.filter((q) => ARABIC.test(q.text))) {
      expect(r.rtl, r.text).toBe(true);
      expect(r.text).not.toMatch(LATIN);
      expect(r.bidi).toBe('ar-MA');
    }
  });

  it('an English review: its Latin text is English (the document default), an Arabic name right-to-left in ar-MA', async () => {
    const sentence = 'The Ministry of the Interior (وزارة الداخلية) coordinated the review with IOM.';
    const x = await exported('en', { type: 'doc', content: [p(sentence)] });
    const runs = runsOf(x, 'Ministry of the Interior');
    expect(runs.map((r) => r.text).join('')).toBe(sentence);
    expect(runs.filter((r) => ARABIC.test(r.text))).toEqual([{ text: 'وزارة الداخلية', rtl: true, latin: 'en-GB', bidi: 'ar-MA' }]);
    for (const r of runs.filter((q) => LATIN.test(q.text))) expect(r, r.text).toMatchObject({ rtl: false, latin: 'en-GB' });
  });

  it('a law name, a number or a reference after Latin words stays in their run (UAX #9 W7), in ar and in fr', async () => {
    const cases = [
      ['يحدد القانون دخول الأجانب (loi n° 02-03)', 'loi n° 02-03'],
      ['صادق البرلمان على Law No. 12 of 2019 المعدل للقانون', 'Law No. 12 of 2019'],
      ['بلغت نسبة المشاركة وفق OIM 45%', 'OIM 45%'],
      ['يطبق الظهير (Dahir n° 1-03-196 du 11 novembre 2003) على جميع الأجانب.', 'Dahir n° 1-03-196 du 11 novembre 2003'],
    ];
    const x = await exported('ar', { type: 'doc', content: cases.map(([text]) => p(text!)) });
    for (const [text, latin] of cases) {
      const runs = runsOf(x, text!.slice(0, 10));
      expect(runs.map((r) => r.text).join('')).toBe(text);
      expect(runs.filter((r) => !r.rtl && LATIN.test(r.text)).map((r) => r.text.trim()), text).toEqual([latin]);
      for (const r of runs.filter((q) => q.rtl)) expect(r.text, text).not.toMatch(LATIN);
    }
    // an Arabic phrase inside a French paragraph: its number is Arabic's, the brackets French
    const fr = await exported('fr', { type: 'doc', content: [p('Selon la loi (قانون 02-03) en vigueur depuis 2003.')] });
    expect(runsOf(fr, 'Selon la loi').map((r) => [r.text, r.rtl])).toEqual([
      ['Selon la loi (', false],
      ['قانون 02-03', true],
      [') en vigueur depuis 2003.', false],
    ]);
  });

  it('dates: Arabic month names of the draft\'s country, the day where the computer is', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Amman'; // UTC+3: 22:30 UTC on 5 December is 6 December in Amman
    try {
      const late = new Date(Date.UTC(2026, 11, 5, 22, 30));
      expect(dateInWords(late, 'ar', 'الأردن')).toBe('6 كانون الأول 2026');
      expect(dateInWords(late, 'ar', 'Jordan')).toBe('6 كانون الأول 2026');
      expect(dateInWords(late, 'ar', 'Iraq')).toBe('6 كانون الأول 2026');
      expect(dateInWords(late, 'ar', 'المغرب')).toBe('6 دجنبر 2026');
      expect(dateInWords(late, 'ar', 'Maroc')).toBe('6 دجنبر 2026');
      expect(dateInWords(new Date(2021, 0, 2), 'ar', 'Algérie')).toBe('2 جانفي 2021');
      expect(dateInWords(new Date(2021, 0, 2), 'ar', 'تونس')).toBe('2 جانفي 2021');
      expect(dateInWords(late, 'ar', 'مصر')).toBe('6 ديسمبر 2026');
      expect(dateInWords(late, 'ar', 'Saudi Arabia')).toBe('6 ديسمبر 2026');
      expect(dateInWords(late, 'ar', '')).toBe('6 ديسمبر 2026'); // no country: the standard form
      expect(dateInWords(late, 'ar', 'Atlantis')).toBe('6 ديسمبر 2026');
      expect(dateInWords(new Date(2021, 2, 2), 'ar')).toBe('2 مارس 2021');
      expect(dateInWords(late, 'fr', 'Jordanie')).toBe('6 décembre 2026');
      expect(dateInWords(late, 'en', 'Jordan')).toBe('6 December 2026');
      // the country as an official name writes it, in each language: its months; South Sudan is not of the region
      const jan = new Date(2021, 0, 2);
      const forms: Array<[string, string]> = [
        ['Hashemite Kingdom of Jordan', '2 كانون الثاني 2021'], ['Royaume hachémite de Jordanie', '2 كانون الثاني 2021'], ['Lebanese Republic', '2 كانون الثاني 2021'],
        ['Republic of Iraq', '2 كانون الثاني 2021'], ['الجمهورية اللبنانية', '2 كانون الثاني 2021'], ['جمهورية العراق', '2 كانون الثاني 2021'],
        ['République tunisienne', '2 جانفي 2021'], ["People's Democratic Republic of Algeria", '2 جانفي 2021'], ['République algérienne démocratique et populaire', '2 جانفي 2021'],
        ['الجمهورية الجزائرية الديمقراطية الشعبية', '2 جانفي 2021'], ['Morocco (Kingdom of)', '2 يناير 2021'], ['KSA', '2 يناير 2021'], ['South Sudan', '2 يناير 2021'], ['Amman, Jordan', '2 كانون الثاني 2021'],
      ];
      for (const [country, date] of forms) expect([country, dateInWords(jan, 'ar', country)]).toEqual([country, date]);
      expect(['KSA', 'Morocco (Kingdom of)', 'South Sudan', 'Egypt and Jordan'].map(arabRegion)).toEqual(['SA', 'MA', null, null]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    // the Word export's title block (and the print HTML, from the same model) takes the country's months
    const x = await exported('ar', { type: 'doc', content: [p('نص')] }, 'الأردن');
    expect(x.document).toContain(dateInWords(new Date(), 'ar', 'الأردن').split(' ')[1]!);
    expect(x.document).toMatch(/كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين/);
  });

  it('LibreOffice reads the Arabic review with the law name in French and the Arabic text in Arabic (Morocco)', async () => {
    const x = await exported('ar', { type: 'doc', content: [p(AR_SENTENCE)] });
    const fodt = fs.readFileSync(officeConvert(x.file, 'fodt'), 'utf8');
    const law = officeLanguage(fodt, 'Loi n°');
    expect(law.text).toBe(LAW);
    expect(law.latin).toBe('fr-FR');
    const arabic = officeLanguage(fodt, 'عُدِّل القانون');
    expect(arabic.text).not.toMatch(LATIN);
    expect(arabic.complex).toBe('ar-MA');
    // the page reads right-to-left (the section's w:bidi): was lr-tb
    expect(/<style:page-layout-properties [^>]*fo:page-width[^>]*>/.exec(fodt)![0]).toContain('style:writing-mode="rl-tb"');
  }, 200_000);
});

/**
 * An Arabic review's section is right-to-left (sectPr w:bidi), which the docx library cannot write:
 * rtlSections adds it after packing. Latin and Arabic text of one paragraph are one size (w:sz and
 * w:szCs alike, in the styles, never on a run), in each language; Arabic runs are in CS_FONT.
 */
describe('DOCX export: the page direction, the sizes and fonts of the two scripts', () => {
  it('rtlSections puts w:bidi in every sectPr where the schema wants it (before docGrid), once', () => {
    const plain = '<w:body><w:p/><w:sectPr><w:pgSz w:w="11906"/><w:pgMar w:top="1134"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body>';
    expect(rtlSections(plain)).toBe('<w:body><w:p/><w:sectPr><w:pgSz w:w="11906"/><w:pgMar w:top="1134"/><w:bidi/><w:docGrid w:linePitch="360"/></w:sectPr></w:body>');
    expect(rtlSections(rtlSections(plain))).toBe(rtlSections(plain));
    expect(rtlSections('<w:sectPr><w:pgSz w:w="1"/></w:sectPr><w:sectPr/>')).toBe('<w:sectPr><w:pgSz w:w="1"/><w:bidi/></w:sectPr><w:sectPr><w:bidi/></w:sectPr>');
    expect(rtlSections('<w:sectPr><w:titlePg/><w:rtlGutter/></w:sectPr>')).toBe('<w:sectPr><w:titlePg/><w:bidi/><w:rtlGutter/></w:sectPr>');
    // a section break's self-closing sectPr with attributes, then the body's: each its own (the first ran on into the second)
    expect(rtlSections('<w:p><w:pPr><w:sectPr w:rsidR="00AB12"/></w:pPr></w:p><w:sectPr><w:docGrid/></w:sectPr>')).toBe('<w:p><w:pPr><w:sectPr w:rsidR="00AB12"><w:bidi/></w:sectPr></w:pPr></w:p><w:sectPr><w:bidi/><w:docGrid/></w:sectPr>');
  });

  /** A run's size in half-points as Word finds it: its own, else its paragraph style's (and the styles it is based on), else the document default's; w:szCs for a right-to-left run. */
  function sizes(x: { document: string; styles: string }, marker: string): Array<[string, number]> {
    const para = x.document.split('</w:p>').find((q) => q.replace(/<[^>]+>/g, '').includes(marker))!;
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>(.*?)</w:style>`, 's').exec(x.styles)?.[1] ?? '';
    const chain: string[] = [];
    for (let id = /<w:pStyle w:val="([^"]+)"/.exec(para)?.[1] ?? 'Normal'; id; id = /<w:basedOn w:val="([^"]+)"/.exec(style(id))?.[1] ?? '') chain.push(style(id));
    chain.push(/<w:docDefaults>.*?<\/w:docDefaults>/s.exec(x.styles)![0]);
    return [...para.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map(([, r]) => {
      const tag = /<w:rtl\/>/.test(r!) ? 'szCs' : 'sz';
      const size = [r!, ...chain].map((c) => new RegExp(`<w:${tag} w:val="(\\d+)"`).exec(c)?.[1]).find((v) => v)!;
      return [[...r!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''), Number(size)];
    });
  }

  for (const lang of ['ar', 'fr', 'en'] as const) {
    it(`${lang}: Latin and Arabic text of one paragraph are one size (answer, heading, title); Arabic runs in ${CS_FONT}; the section is right-to-left only in ar`, async () => {
      const x = await exported(lang, { type: 'doc', content: [p(AR_SENTENCE), p('The Ministry of the Interior (وزارة الداخلية) coordinated it.')] });
      for (const marker of ['عُدِّل القانون', 'The Ministry of the Interior']) {
        const runs = sizes(x, marker);
        expect(runs.length, marker).toBeGreaterThan(2);
        // 12 pt in an Arabic document, 10.5 pt in a French or English one, as the print view (was 10.5 pt Latin beside 12 pt Arabic)
        expect(new Set(runs.map(([, n]) => n)), JSON.stringify(runs)).toEqual(new Set([lang === 'ar' ? 24 : 21]));
      }
      const template = localizeTemplate(ARAB_REGION_2020, lang);
      const heading = sizes(x, template.sections[0]!.title.slice(0, 12));
      expect(new Set(heading.map(([, n]) => n)), JSON.stringify(heading)).toEqual(new Set([28])); // Arabic runs of headings were 12 pt (the run's w:szCs)
      expect(new Set(sizes(x, 'Review 2020').map(([, n]) => n))).toEqual(new Set([36]));
      for (const [, r] of x.document.matchAll(/<w:r>(.*?)<\/w:r>/gs)) if (/<w:rtl\/>/.test(r!)) expect(r).toContain(`w:cs="${CS_FONT}"`);
      expect(/<w:docDefaults>.*?<\/w:docDefaults>/s.exec(x.styles)![0]).toContain(`w:cs="${CS_FONT}"`);
      const sectPr = /<w:sectPr>.*?<\/w:sectPr>/s.exec(x.document)![0];
      expect(sectPr.includes('<w:bidi/>'), sectPr).toBe(lang === 'ar');
    });
  }
});

/**
 * A question's picture attachments in the Word export and the print HTML: the one an imported
 * placeholder names is drawn in its place, the others follow the answer with a caption; hostile
 * files (a header claiming 100000×100000, a truncated PNG, text named .png) are not drawn and
 * the export still succeeds.
 */
describe('DOCX export and print HTML: pictures', () => {
  const ALT = { en: 'Organisation chart', fr: 'Organigramme du comité', ar: 'الهيكل التنظيمي للجنة' } as const;
  const INTRO = { en: 'The committee is organised as follows:', fr: 'Le comité est organisé comme suit :', ar: 'تنتظم اللجنة على النحو الآتي:' } as const;
  const CHART = pngBytes(800, 400);
  const TRUNCATED = CHART.subarray(0, 200);
  /** The cell's text width in EMU: the answer column (9638 − 3400 twips) less its margins (240), 635 EMU a twip. */
  const CELL_EMU = (9638 - 3400 - 240) * 635;

  it('reads the size from the header of PNG, JPEG and GIF files; refuses truncated, huge and mislabelled ones', () => {
    const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
    expect(pictureInfo(gif)).toEqual({ format: 'gif', width: 1, height: 1 });
    expect(pictureInfo(CHART)).toEqual({ format: 'png', width: 800, height: 400 });
    expect(pictureInfo(JPEG_240x160)).toEqual({ format: 'jpg', width: 240, height: 160 });
    for (const bad of [TRUNCATED, JPEG_240x160.subarray(0, JPEG_240x160.length - 100), gif.subarray(0, gif.length - 1), hugePng(), Buffer.from('GIF89a'), Buffer.alloc(0), Buffer.from([0xff, 0xd8, 0xff, 0xd9])]) expect(pictureInfo(bad)).toBeNull();
    // a JPEG whose frame header says 0 lines, or 60000×60000 (over 40 megapixels)
    const sof = JPEG_240x160.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    for (const [h, w] of [[0, 240], [60_000, 60_000]]) {
      const j = Buffer.from(JPEG_240x160);
      j.writeUInt16BE(h!, sof + 5);
      j.writeUInt16BE(w!, sof + 7);
      expect(pictureInfo(j)).toBeNull();
    }
  });

  it('names an imported picture by its content type whatever its case ("image/PNG"), as the export looks for it', () => {
    expect(importedPictureName('Chart', 1, 'image/PNG')).toBe('Chart.png');
    expect(importedPictureName('', 2, ' Image/JPEG')).toBe(importedPictureName('', 2, 'image/jpeg'));
  });

  it('reads pictures with bytes after their end (a phone\'s JPEG trailer, a Motion Photo\'s video, a PNG or GIF padded): the end found by walking the file, a cut file still refused', () => {
    const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
    const tail = (b: Buffer, n: number, fill = 0) => Buffer.concat([b, Buffer.alloc(n, fill)]);
    expect(pictureInfo(tail(JPEG_240x160, 40))).toEqual({ format: 'jpg', width: 240, height: 160 });
    expect(pictureInfo(tail(JPEG_240x160, 5000, 7))).toEqual({ format: 'jpg', width: 240, height: 160 });
    expect(pictureInfo(tail(CHART, 2))).toEqual({ format: 'png', width: 800, height: 400 });
    expect(pictureInfo(Buffer.concat([gif, Buffer.from('\n')]))).toEqual({ format: 'gif', width: 1, height: 1 });
    // cut before the end, then padded: still refused
    expect(pictureInfo(tail(JPEG_240x160.subarray(0, JPEG_240x160.length - 100), 40))).toBeNull();
    expect(pictureInfo(tail(CHART.subarray(0, CHART.length - 12), 12))).toBeNull();
    expect(pictureInfo(tail(gif.subarray(0, gif.length - 1), 1))).toBeNull();
  });

  /** A drawing's effect extent (wp:effectExtent), as [left, top, right, bottom] EMUs. */
  const reachOf = (drawing: string) => {
    const e = /<wp:effectExtent [^>]*>/.exec(drawing)![0];
    return ['l', 't', 'r', 'b'].map((k) => Number(new RegExp(` ${k}="(-?\\d+)"`).exec(e)![1]));
  };

  it('a phone photo with an EXIF orientation (both byte orders) is drawn upright: its stored pixels turned back (a:xfrm rot, flip), fitted as shown; the print size as shown', async () => {
    /** JPEG_240x160 with an APP1 Exif segment whose IFD0 says Orientation = `o`, in Motorola (MM) or Intel (II) byte order. */
    const withOrientation = (o: number, le = false) => {
      const u16 = (n: number) => (le ? [n & 255, n >> 8] : [n >> 8, n & 255]);
      const u32 = (n: number) => (le ? [...u16(n & 0xffff), ...u16(n >>> 16)] : [...u16(n >>> 16), ...u16(n & 0xffff)]);
      const tiff = [...(le ? [0x49, 0x49] : [0x4d, 0x4d]), ...u16(42), ...u32(8), ...u16(1), ...u16(0x0112), ...u16(3), ...u32(1), ...u16(o), 0, 0, ...u32(0)];
      const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
      return Buffer.concat([JPEG_240x160.subarray(0, 2), Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body]), JPEG_240x160.subarray(2)]);
    };
    expect(pictureInfo(withOrientation(6))).toEqual({ format: 'jpg', width: 160, height: 240, orientation: 6 });
    expect(pictureInfo(withOrientation(8, true))).toEqual({ format: 'jpg', width: 160, height: 240, orientation: 8 });
    expect(pictureInfo(withOrientation(3, true))).toEqual({ format: 'jpg', width: 240, height: 160, orientation: 3 });
    expect(pictureInfo(withOrientation(1))).toEqual({ format: 'jpg', width: 240, height: 160 });
    // a cut Exif segment is no orientation (and no crash)
    const cut = withOrientation(6);
    cut.writeUInt16BE(20, 4);
    expect(pictureInfo(cut)?.orientation).toBeUndefined();

    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review 2020', country: 'Morocco', language: 'ar' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [p('صورة')] } }, baseRevisionId: null });
    for (const [name, o] of [['six.jpg', 6], ['eight.jpg', 8], ['three.jpg', 3]] as const)
      await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name, base64: withOrientation(o).toString('base64') });
    const xml = await zipText(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64'), 'word/document.xml');
    const pics = [...xml.matchAll(/<w:drawing>(.*?)<\/w:drawing>/gs)].map(([, x]) => ({
      xfrm: /<a:xfrm[^>]*>/.exec(x!)![0],
      ext: /<a:ext cx="(\d+)" cy="(\d+)"/.exec(x!)!.slice(1).map(Number),
      reach: reachOf(x!),
    }));
    // the drawing is the file's pixels (240×160) turned: 90° clockwise for 6, 270° for 8, 180° for 3
    expect(pics.map((q) => q.ext)).toEqual([[240 * 9525, 160 * 9525], [240 * 9525, 160 * 9525], [240 * 9525, 160 * 9525]]);
    expect(pics[0]!.xfrm).toContain('rot="5400000"');
    expect(pics[1]!.xfrm).toContain('rot="16200000"');
    expect(pics[2]!.xfrm).toContain('rot="10800000"');
    // Word lays an inline picture out by its box (240×160) plus its effect extent: a quarter-turned
    // photo (160×240 as drawn) reaches 40 px past it above and below (it was 0: it overlapped the lines)
    expect(pics.map((q) => q.reach)).toEqual([[0, 40 * 9525, 0, 40 * 9525], [0, 40 * 9525, 0, 40 * 9525], [0, 0, 0, 0]]);
    const { html } = await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id });
    expect(html).toContain('width="160" height="240"');

    // a large portrait phone photo (stored 3000×2000, orientation 6): neither the turned picture nor
    // its box is wider than the answer cell
    const big = withOrientation(6);
    const sof = big.indexOf(Buffer.from([0xff, 0xc0]));
    big.writeUInt16BE(2000, sof + 5);
    big.writeUInt16BE(3000, sof + 7);
    expect(pictureInfo(big)).toMatchObject({ width: 2000, height: 3000, orientation: 6 });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.b', value: { kind: 'answer', doc: { type: 'doc', content: [p('صورة كبيرة')] } }, baseRevisionId: null });
    await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.b', name: 'big.jpg', base64: big.toString('base64') });
    const again = await zipText(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64'), 'word/document.xml');
    const drawn = [...again.matchAll(/<w:drawing>(.*?)<\/w:drawing>/gs)].at(-1)![1]!;
    const [bw, bh] = /<wp:extent cx="(\d+)" cy="(\d+)"/.exec(drawn)!.slice(1).map(Number);
    // the answer cell's width: the last cell width given before the answer's text (twips, as EMU)
    const cellWidths = [...again.slice(0, again.indexOf('صورة كبيرة')).matchAll(/<w:tcW [^>]*>/g)].map(([e]) => Number(/w:w="(\d+)"/.exec(e!)![1]));
    const cell = cellWidths.at(-1)! * 635;
    expect(bw! / bh!).toBeCloseTo(3 / 2, 2); // the box: the stored pixels' shape
    expect(bw!).toBeLessThanOrEqual(cell); // the box, and so the turned picture (bh wide), fit the cell
    expect(reachOf(drawn)).toEqual([0, Math.round((bw! - bh!) / 2), 0, Math.round((bw! - bh!) / 2)]); // above and below, as drawn
  });

  it('en, fr, ar: a picture in a cell of a table in an answer is sized to its column, not to the answer cell', async () => {
    const WIDE = pngBytes(1600, 400);
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const s = makeServices();
      const d = await invoke(s.handlers, 'createDraft', { title: 'Review 2020', country: 'Morocco', language: lang });
      const cell = (...content: Doc['content']) => ({ type: 'tableCell' as const, content: content as never });
      const table = { type: 'table' as const, content: [{ type: 'tableRow' as const, content: [cell(p(INTRO[lang])), cell(p(`[Picture 1: ${ALT[lang]}]`))] }] };
      await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [table] } }, baseRevisionId: null });
      await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: `${ALT[lang]}.png`, base64: WIDE.toString('base64') });
      const xml = await zipText(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64'), 'word/document.xml');
      const [chart, ...more] = drawings(xml);
      expect(more, lang).toEqual([]);
      const inner = xml.split('<w:tbl>').filter((q) => q.includes('<w:drawing>')).at(-1)!;
      const grid = [.../<w:tblGrid>(.*?)<\/w:tblGrid>/.exec(inner)![1]!.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
      expect(grid, lang).toHaveLength(2);
      // the picture's cell is the table's second (its columns in logical order, in Arabic too): within it, less its margins; was the whole answer cell's width
      expect(chart!.cx, lang).toBeLessThanOrEqual((grid[1]! - 240) * 635);
      expect(chart!.cx, lang).toBeGreaterThan((grid[1]! - 240) * 635 - 9525);
      expect(Math.abs(chart!.cy - chart!.cx / 4), lang).toBeLessThanOrEqual(9525); // 4:1 kept, to the pixel
    }
  });

  for (const lang of ['en', 'fr', 'ar'] as const) {
    it(`${lang}: the placeholder's picture in place, the others after the answer with a caption; hostile files named, not drawn`, async () => {
      const s = makeServices();
      const x = documentText(lang);
      const d = await invoke(s.handlers, 'createDraft', { title: 'Review 2020', country: 'Morocco', language: lang });
      // as the Word import leaves a picture: a placeholder in the answer, an attachment named after its alt text
      const answer: Doc = { type: 'doc', content: [p(INTRO[lang]), p(` [Picture 1: ${ALT[lang]}] `), p('[Picture 3: huge]')] };
      await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: answer }, baseRevisionId: null });
      const add = (name: string, bytes: Buffer) => invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name, base64: bytes.toString('base64') });
      await add('map.jpg', JPEG_240x160);
      await add(`${ALT[lang]}.png`, CHART);
      await add('huge.png', hugePng());
      await add('truncated.png', TRUNCATED);
      await add('notes.png', Buffer.from('not a picture at all'));
      await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: 'law.pdf', base64: Buffer.from('%PDF-1.4').toString('base64') });
      // pictures the export cannot draw (a WebP screenshot, an SVG): named, not left out without a word
      await add('screenshot.webp', Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(14)]));
      await add('logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'));

      const docx = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
      const media = (await unpack(docx)).filter((e) => e.name.startsWith('word/media/'));
      expect(media.map((m) => m.data.toString('base64')).sort()).toEqual([CHART, JPEG_240x160].map((b) => b.toString('base64')).sort());
      const xml = await zipText(docx, 'word/document.xml');
      const [chart, map, ...more] = drawings(xml);
      expect(more).toEqual([]);
      // the chart in its placeholder's place (after the intro), scaled to the cell's width, 2:1 kept, its alt text the description
      expect(xml.indexOf('<w:drawing>')).toBeGreaterThan(xml.indexOf(INTRO[lang].slice(0, 12)));
      expect(chart!.descr).toBe(ALT[lang]);
      expect(chart!.cx).toBeLessThanOrEqual(CELL_EMU);
      expect(chart!.cx).toBeGreaterThan(CELL_EMU - 9525);
      expect(Math.abs(chart!.cx / chart!.cy - 2)).toBeLessThan(0.01);
      // the JPEG after the answer at its own size (240×160 px, 9525 EMU a pixel), with its caption
      expect(map).toMatchObject({ cx: 240 * 9525, cy: 160 * 9525, descr: 'map' });
      const text = xml.replace(/<[^>]+>/g, '');
      expect(text).not.toContain(`[Picture 1`);
      expect(text).toContain('[Picture 3: huge]'); // not drawn: its placeholder stays
      const paras = xml.split('</w:p>');
      const caption = paras.find((q) => q.replace(/<[^>]+>/g, '').includes(fill(x.figure, { n: 1, name: 'map.jpg' })))!;
      expect(caption).toContain('<w:pStyle w:val="GcmFigureCaption"/>');
      for (const name of ['truncated.png', 'notes.png', 'screenshot.webp', 'logo.svg']) expect(text).toContain(fill(x.pictureNotShown, { name }));
      expect(text).not.toContain('huge.png');
      expect(text).not.toContain('law.pdf');
      // the picture paragraphs follow the answer's direction: right-to-left (bidi) in Arabic
      for (const para of paras.filter((q) => q.includes('<w:drawing>'))) expect(para.includes('<w:bidi/>'), para.slice(0, 80)).toBe(lang === 'ar');
      expect(caption.includes('<w:bidi/>')).toBe(lang === 'ar');

      const { html } = await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id });
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"`);
      const imgs = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
      expect(imgs).toHaveLength(2);
      expect(imgs[0]).toContain(`src="data:image/png;base64,${CHART.toString('base64')}"`);
      expect(imgs[0]).toContain(`alt="${ALT[lang]}" width="800" height="400"`);
      expect(imgs[1]).toContain(`src="data:image/jpeg;base64,${JPEG_240x160.toString('base64')}"`);
      expect(html).toContain(`<figcaption>${fill(x.figure, { n: 1, name: 'map.jpg' })}</figcaption>`);
      expect(html).toContain('[Picture 3: huge]');
      expect(html).not.toContain('[Picture 1');
      const answerCell = /<tr id="q-I\.a">.*?<\/tr>/s.exec(html)![0];
      for (const name of ['truncated.png', 'screenshot.webp']) expect(answerCell).toContain(fill(x.pictureNotShown, { name }));
    });
  }
});

/**
 * Answer tables' column widths (table-widths.ts): a long unbreakable string (a URL) cannot starve
 * the other columns (Word and LibreOffice break it anyway), and a huge cell is measured without
 * running out of stack; in each document language.
 */
describe('DOCX export: answer table widths', () => {
  const URL = 'https://www.example.gov.ma/fr/actualites/2021/04/la-strategie-nationale-d-immigration-et-d-asile-rapport-annuel-complet.pdf';
  const cell = (text: string) => ({ type: 'tableCell' as const, content: [p(text)] });
  const head = (text: string) => ({ type: 'tableHeader' as const, content: [p(text)] });
  const HEADS = { en: ['Ministry', 'Link', 'Remarks'], fr: ['Ministère', 'Lien', 'Remarques'], ar: ['الوزارة', 'الرابط', 'ملاحظات'] } as const;
  const ROW = { en: ['Ministry of Interior', 'The annual report of the national strategy'], fr: ['Ministère de l’Intérieur', 'Le rapport annuel de la stratégie nationale'], ar: ['وزارة الداخلية', 'التقرير السنوي للاستراتيجية الوطنية للهجرة'] } as const;
  const grids = (xml: string) => [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) => [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((g) => Number(g[1])));

  for (const lang of ['en', 'fr', 'ar'] as const) {
    it(`${lang}: a 130-character URL in the middle column leaves the other columns room for their words`, async () => {
      const table = { type: 'table' as const, content: [{ type: 'tableRow' as const, content: HEADS[lang].map(head) }, { type: 'tableRow' as const, content: [cell(ROW[lang][0]), cell(URL), cell(ROW[lang][1])] }] };
      const x = await exported(lang, { type: 'doc', content: [table] });
      const grid = grids(x.document).find((g) => g.length === 3)!;
      // each side column at least as wide as its longest word (136 twips a character, 240 of margins): was 516 and 436 twips
      const longest = (...t: string[]) => Math.max(...t.flatMap((x) => x.split(' ')).map((w) => [...w].length));
      expect(grid[0]).toBeGreaterThanOrEqual(240 + 136 * longest(HEADS[lang][0], ROW[lang][0]));
      expect(grid[2]).toBeGreaterThanOrEqual(240 + 136 * longest(HEADS[lang][2], ROW[lang][1]));
      expect(grid[1]).toBeGreaterThan(grid[0]!);
    });
  }

  it('a cell of 150,000 words is measured (the export no longer overflows the stack); one long word per column is capped', async () => {
    const big = 'w '.repeat(150_000).trim();
    expect(columnWidths([[{ text: big, span: 1, rowspan: 1 }]], 9000)).toEqual([9000]);
    const x = await exported('en', { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [cell(big), cell('Remarks')] }] }] });
    expect(grids(x.document).some((g) => g.length === 2)).toBe(true);
    const w = columnWidths([[{ text: 'x'.repeat(500), span: 1, rowspan: 1 }, { text: 'Ministry of Foreign Affairs', span: 1, rowspan: 1 }, { text: 'y'.repeat(500), span: 1, rowspan: 1 }]], 9000);
    expect(w[1]).toBeGreaterThanOrEqual(240 + 136 * 'Ministry'.length); // was 1199 twips: "Ministry" cut
  }, 60_000);
});

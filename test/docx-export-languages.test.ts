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
import { zipText } from './bundle-tools';
import { makeServices, tempDir } from './helpers';
import { officeConvert } from './office';

const LAW = 'Loi n° 02-03 relative à l’entrée et au séjour des étrangers au Maroc';
const AR_SENTENCE = `عُدِّل القانون رقم 02-03 (${LAW}) لتيسير إدماج المهاجرين بدعم من (OIM).`;
const p = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });

async function exported(lang: 'ar' | 'en' | 'fr', answer: Doc): Promise<{ file: string; document: string; styles: string }> {
  const s = makeServices();
  const d = await invoke(s.handlers, 'createDraft', { title: 'Review 2020', country: 'Morocco', language: lang });
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

  it('LibreOffice reads the Arabic review with the law name in French and the Arabic text in Arabic (Morocco)', async () => {
    const x = await exported('ar', { type: 'doc', content: [p(AR_SENTENCE)] });
    const fodt = fs.readFileSync(officeConvert(x.file, 'fodt'), 'utf8');
    const law = officeLanguage(fodt, 'Loi n°');
    expect(law.text).toBe(LAW);
    expect(law.latin).toBe('fr-FR');
    const arabic = officeLanguage(fodt, 'عُدِّل القانون');
    expect(arabic.text).not.toMatch(LATIN);
    expect(arabic.complex).toBe('ar-MA');
  }, 200_000);
});

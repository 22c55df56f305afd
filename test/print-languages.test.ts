/**
 * The print HTML tags text in another language than the page's, as the Word export tags its runs:
 * an Arabic answer in a French review, a French law's name inside an Arabic answer, an English
 * paragraph in an Arabic review. Without it a screen reader voices Arabic with French rules, the
 * print's :lang(ar) font does not reach the Arabic text, and hyphenation uses the wrong language.
 * The page's own language is never repeated on its text.
 */
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Doc } from '../shared/doc';
import { paragraphVoice, pieces, voiceOf } from '../shared/text-scripts';
import { makeServices } from './helpers';

const LAW_FR = 'Loi n° 02-03 relative à l’entrée et au séjour des étrangers';
const p = (...texts: Array<string | { text: string; italic: true }>) => ({
  type: 'paragraph' as const,
  content: texts.map((t) => (typeof t === 'string' ? { type: 'text' as const, text: t } : { type: 'text' as const, text: t.text, marks: [{ type: 'italic' as const }] })),
});
const doc = (...content: ReturnType<typeof p>[]): Doc => ({ type: 'doc', content });

async function printed(language: 'en' | 'fr' | 'ar', title: string, answer: Doc): Promise<string> {
  const s = makeServices();
  const d = await invoke(s.handlers, 'createDraft', { title, language });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: answer }, baseRevisionId: null });
  return (await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id })).html;
}

describe('the print HTML lays tables out for paper', () => {
  it('an answer table\'s header row is its <thead>, repeated and kept with the next row; words break only when they cannot fit; III.a\'s notes the widest', async () => {
    const cell = (type: 'tableHeader' | 'tableCell', text: string) => ({ type, content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }] });
    const table = { type: 'table' as const, content: [{ type: 'tableRow' as const, content: [cell('tableHeader', 'Année'), cell('tableHeader', 'Participants')] }, { type: 'tableRow' as const, content: [cell('tableCell', '2019'), cell('tableCell', '300')] }] };
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const html = await printed(lang, 'Examen', { type: 'doc', content: [table] } as Doc);
      expect(html).toMatch(/<table class="answer-table"><thead><tr><th><p[^>]*>(<span lang="fr">)?Année(<\/span>)?<\/p><\/th><th>.*?<\/th><\/tr><\/thead><tbody><tr><td><p[^>]*>2019/);
      expect(html).toMatch(/thead \{ display: table-header-group; break-inside: avoid; break-after: avoid;/);
      expect(html).not.toMatch(/th, td \{[^}]*overflow-wrap: anywhere/);
      expect(html).toContain('<colgroup><col style="width:10%"><col style="width:30%"><col style="width:15%"><col style="width:45%"></colgroup>');
    }
  });
});

describe('the print HTML keeps a hostile title inside its page header', () => {
  it('en, fr, ar: a title (from a bundle) holding </style> and markup stays text in the @page header, never elements of the page', async () => {
    // (was: the title went into the <style> element as a CSS string, and "</style>" ended the
    // element there: a form, a link to a UNC path or a meta refresh in a title became the page's own)
    const hostile = 'Revue </STYLE ><form action="https://evil.example/"><button>Valider</button></form><a href="file://evil.example/share/x">مراجعة</a>';
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const html = await printed(lang, hostile, doc(p('Réponse.')));
      expect(html.match(/<\/style/gi), lang).toHaveLength(1);
      expect(html, lang).not.toMatch(/<form|<a href="file:/i);
      expect(html, lang).toContain('content: "Revue \\3c /STYLE >\\3c form action=\\"https://evil.example/\\">');
      expect(html, lang).toContain('<title>Revue &lt;/STYLE &gt;&lt;form');
      // and were markup ever to get in, it could neither post a form nor move the page's links
      expect(html, lang).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`);
    }
  });
});

describe('the print HTML says the language of text in another script', () => {
  it('ar: a French law inside an Arabic answer, an English paragraph, and nothing repeated on the Arabic', async () => {
    const html = await printed(
      'ar',
      'الاستعراض الوطني',
      doc(p(`صادق المغرب على ${LAW_FR} سنة 2003.`), p('The Global Compact for Migration was adopted in Marrakesh in 2018.'), p('تتولى وزارة الداخلية التنسيق.')),
    );
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`<p>صادق المغرب على <span lang="fr">${LAW_FR}</span> سنة 2003.</p>`);
    expect(html).toContain('<p dir="ltr" lang="en">The Global Compact for Migration was adopted in Marrakesh in 2018.</p>');
    expect(html).toContain('<p>تتولى وزارة الداخلية التنسيق.</p>');
    expect(html).not.toContain('lang="ar"><'); // the page's language is not said again
  });

  it('fr: an Arabic paragraph and an Arabic term inside French, marks kept around the tag', async () => {
    const html = await printed(
      'fr',
      'Revue nationale',
      doc(p('La ', { text: 'kafala', italic: true }, ' (', { text: 'الكفالة', italic: true }, ') est reconnue.'), p('يتمتع المهاجرون بالحق في الصحة.'), p('Les régions ont été consultées.')),
    );
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toContain('<p>La <em>kafala</em> (<em><span lang="ar">الكفالة</span></em>) est reconnue.</p>');
    expect(html).toContain('<p dir="rtl" lang="ar">يتمتع المهاجرون بالحق في الصحة.</p>');
    expect(html).toContain('<p>Les régions ont été consultées.</p>');
  });

  it('en: an Arabic title and answer on an English page', async () => {
    const html = await printed('en', 'المراجعة الوطنية 2024', doc(p('The Ministry consulted the regions.'), p('اعتمدت الحكومة آلية للتنسيق.')));
    expect(html).toContain('<h1 class="title" dir="rtl" lang="ar">المراجعة الوطنية 2024</h1>');
    expect(html).toContain('<p dir="rtl" lang="ar">اعتمدت الحكومة آلية للتنسيق.</p>');
    expect(html).toContain('<p>The Ministry consulted the regions.</p>');
  });
});

describe('pieces and paragraph languages (shared/text-scripts.ts)', () => {
  it('tells French from English by its words, and leaves digits and punctuation to their surroundings', () => {
    const v = voiceOf('ar', 'en');
    expect(pieces(`بموجب ${LAW_FR}، و Act 2015`, true, v).map((x) => [x.text.trim(), x.lang])).toEqual([
      ['بموجب', 'ar'],
      [LAW_FR, 'fr'],
      ['، و', 'ar'],
      ['Act 2015', 'en'], // a number after Latin words is theirs, even at the end of a right-to-left paragraph (UAX #9 W7)
    ]);
    expect(pieces('2018-2024', false, v)).toEqual([{ text: '2018-2024', lang: null }]);
  });

  it('a paragraph wholly in one other language carries it; a mixed one leaves it to its pieces', () => {
    const fr = voiceOf('fr', 'fr');
    expect(paragraphVoice('الهجرة النظامية', true, fr)).toEqual({ lang: 'ar', inner: { page: 'ar', latin: 'fr' } });
    expect(paragraphVoice('La migration (الهجرة)', false, fr).lang).toBeNull();
    expect(paragraphVoice('2024', false, fr).lang).toBeNull();
    // an Arabic page's Latin language comes from the answer's words when they tell
    expect(voiceOf('ar', 'en', doc(p('المرسوم relatif aux étrangers et de la loi'))).latin).toBe('fr');
  });
});

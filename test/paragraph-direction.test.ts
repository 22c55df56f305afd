/**
 * A paragraph's direction as the editor shows it (dir="auto": the first character of a strong
 * bidi type, the directional marks RLM, ALM and LRM included) is the direction the Word export and
 * the print view give it. An Arabic paragraph that starts with a Latin acronym is set right-to-left
 * with a right-to-left mark (RLM) in front, as Word and Windows users do.
 */
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { strongDirection, textDirection } from '../shared/doc';
import { zipText } from './bundle-tools';
import { makeServices } from './helpers';

const RLM = '\u200f';
const ALM = '\u061c';
const LRM = '\u200e';

describe('paragraph direction and the directional marks', () => {
  it('a leading mark decides, as dir="auto" does', () => {
    expect(strongDirection(`${RLM}OIM تعمل مع الوزارة`)).toBe('rtl');
    expect(strongDirection(`${ALM}UNHCR شريك`)).toBe('rtl');
    expect(strongDirection(`${LRM}الهجرة: Law 02-03`)).toBe('ltr');
    expect(textDirection(`${RLM}OIM`)).toBe('rtl');
    // without a mark, the first letter (digits and punctuation are no strong characters)
    expect(strongDirection('OIM تعمل')).toBe('ltr');
    expect(strongDirection('2020: الهجرة')).toBe('rtl');
    expect(strongDirection('2020')).toBeNull();
  });

  it('the Word export and the print view set an Arabic paragraph that starts with RLM + a Latin acronym right-to-left', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'الاستعراض الوطني', country: 'المغرب', language: 'ar' });
    const p = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });
    const doc = { type: 'doc' as const, content: [p('تتولى وزارة الداخلية التنسيق.'), p(`${RLM}OIM تعمل مع الوزارة منذ 2014.`), p('UNHCR is a partner.')] };
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc }, baseRevisionId: null });
    const xml = await zipText(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64'), 'word/document.xml');
    const para = (text: string) => xml.split('</w:p>').find((x) => x.includes(text))!;
    // runs are split by script (OIM is a Latin run, the rest an Arabic one): the paragraph is found by its Arabic words
    const oim = para('تعمل مع الوزارة');
    expect(oim).toContain('<w:bidi/>');
    const run = (text: string) => oim.split('</w:r>').find((r) => r.includes(`>${text}`))!;
    expect(run('OIM')).not.toContain('<w:rtl/>'); // the acronym is a left-to-right run inside the right-to-left paragraph
    expect(run(' تعمل')).toContain('<w:rtl/>');
    expect(para('UNHCR is a partner.')).not.toContain('<w:bidi/>');
    const { html } = await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id });
    expect(html).toMatch(new RegExp(`<p>${RLM}<span lang="en">OIM</span> تعمل`)); // the acronym tagged Latin (English: the review's other Latin text is)
    expect(html).toContain('<p dir="ltr" lang="en">UNHCR is a partner.</p>'); // its own direction and language on an Arabic page
  });
});

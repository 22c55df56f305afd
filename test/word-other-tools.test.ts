/**
 * Word import of what other tools and other habits write, by hand-written OOXML: hidden text set
 * through a style, a drawing holding a picture and a text box, tables of contents without Word's
 * styles or field. Each case: which question every answer lands on, its exact text, nothing
 * hidden or navigational in an answer, nothing lost (what cannot be placed is in the tray).
 */
import { describe, expect, it } from 'vitest';
import { HIDDEN_REASON } from '../main/interchange/docx-import';
import { para, run, stylesPart, textPara } from './word/ooxml-parts';
import { answers, everything, readOoxml as read, section } from './word/read';

describe('hidden text through a style', () => {
  it('treats a run whose character style hides it (w:rStyle → w:vanish, also through w:basedOn) as hidden text: in the tray, never in the answer', async () => {
    const styles = stylesPart({
      Guidance: { type: 'character', name: 'Guidance', rPr: '<w:i/><w:vanish/>' },
      GuidanceNote: { type: 'character', name: 'Guidance note', basedOn: 'Guidance', rPr: '<w:color w:val="808080"/>' },
      Emphasis: { type: 'character', name: 'Emphasis', rPr: '<w:i/>' },
    });
    const r = await read({
      styles,
      body: section('I', [
        ['I.a', para(run('Shown. ') + run('Guidance: name the chair.', '<w:rStyle w:val="Guidance"/>') + run(' Stressed.', '<w:rStyle w:val="Emphasis"/>'))],
        ['I.b', para(run('Answer b.') + run(' Template note.', '<w:rStyle w:val="GuidanceNote"/>') + run(' Shown again.', '<w:rStyle w:val="Guidance"/><w:vanish w:val="0"/>'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Shown. Stressed.', 'I.b': 'Answer b. Shown again.' });
    expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([
      ['Guidance: name the chair.', HIDDEN_REASON],
      ['Template note.', HIDDEN_REASON],
    ]);
  });

  it('treats the runs of a paragraph whose paragraph style hides its text as hidden text', async () => {
    const styles = stylesPart({ Instructions: { type: 'paragraph', name: 'Instructions', rPr: '<w:vanish/>' } });
    const r = await read({
      styles,
      body: section('I', [['I.a', para(run('Describe the mechanism and its members.'), '<w:pStyle w:val="Instructions"/>') + textPara('A national commission.')]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.' });
    expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([['Describe the mechanism and its members.', HIDDEN_REASON]]);
  });
});

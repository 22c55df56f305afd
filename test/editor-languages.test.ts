/**
 * The editor tags text in another language than the review's (renderer/src/editor/languages.ts), as
 * the print view does: on ProseMirror states of the editor's own schema, decorations only.
 */
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import { answerExtensions } from '../renderer/src/editor/extensions';
import { textLanguagesPlugin } from '../renderer/src/editor/languages';
import { textToDoc } from '../shared/plaintext';
import type { Voice } from '../shared/text-scripts';

const schema = getSchema(answerExtensions());
const LAW = 'Loi n° 02-03 relative à l’entrée et au séjour des étrangers';

/** The text each lang decoration covers, with its lang, in document order. */
function tagged(text: string, voice: Voice, edit?: (s: EditorState) => EditorState) {
  const plugin = textLanguagesPlugin(() => voice);
  let state = EditorState.create({ doc: schema.nodeFromJSON(textToDoc(text)), plugins: [plugin] });
  if (edit) state = edit(state);
  const set = plugin.getState(state) as DecorationSet;
  return {
    state,
    tags: set
      .find()
      .sort((a, b) => a.from - b.from)
      .map((d) => {
        const lang = (d as unknown as { type: { attrs: { lang: string } } }).type.attrs.lang;
        const node = state.doc.nodeAt(d.from);
        const whole = node?.isTextblock && d.to === d.from + node.nodeSize;
        return `${whole ? 'p' : 'span'} ${lang}: ${whole ? node!.textContent : state.doc.textBetween(d.from, d.to)}`;
      }),
  };
}

describe('text in another language than the review’s is tagged in the editor', () => {
  it('an Arabic paragraph and an Arabic term in a French review; the French text is not tagged', () => {
    const { tags } = tagged('Le ministère a consulté les régions.\n\nاعتمدت الحكومة آلية وطنية للتنسيق.\n\nLa kafala (الكفالة) est reconnue.', { page: 'fr', latin: 'fr' });
    expect(tags).toEqual(['p ar: اعتمدت الحكومة آلية وطنية للتنسيق.', 'span ar: الكفالة']);
  });

  it('a French law inside an Arabic answer, an English paragraph, and an Arabic item of a list in an English review', () => {
    expect(tagged(`صادق المغرب على ${LAW} سنة 2003.\n\nThe Global Compact for Migration was adopted in Marrakesh in 2018.`, { page: 'ar', latin: 'en' }).tags).toEqual([
      `span fr: ${LAW}`,
      'p en: The Global Compact for Migration was adopted in Marrakesh in 2018.',
    ]);
    expect(tagged('- The regions were consulted.\n- تتولى وزارة الداخلية التنسيق.', { page: 'en', latin: 'en' }).tags).toEqual(['p ar: تتولى وزارة الداخلية التنسيق.']);
  });

  it('typing Arabic into a French review tags the new paragraph; the document holds no trace of it', () => {
    const { state, tags } = tagged('Le ministère a consulté les régions.', { page: 'fr', latin: 'fr' }, (s) => {
      const end = s.doc.content.size - 1;
      const split = s.apply(s.tr.split(end));
      return split.apply(split.tr.insertText('تتولى وزارة الداخلية التنسيق.', split.doc.content.size - 1));
    });
    expect(tags).toEqual(['p ar: تتولى وزارة الداخلية التنسيق.']);
    expect(JSON.stringify(state.doc.toJSON())).not.toMatch(/lang/);
  });
});

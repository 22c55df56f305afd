import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { searchSnippet } from '../main/services/search-snippet';
import { textToDoc } from '../shared/plaintext';
import { makeServices } from './helpers';

const marked = (s: ReturnType<typeof searchSnippet>) => s.parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

describe('search snippets', () => {
  it('shows the paragraph with the most query words, the words marked, paragraphs never run together', () => {
    const text = 'Coordination is chaired by the MFA.\nThe Ministry of Interior leads on borders.\nThe ministry of labour and the Interior ministry meet monthly.';
    const s = searchSnippet(text, 'interior ministry');
    expect(marked(s)).toBe('The [ministry] of labour and the [Interior] [ministry] meet monthly.');
    expect(s.snippet).not.toContain('\n');
    expect([s.cutBefore, s.cutAfter]).toEqual([false, false]);
  });

  it('matches as the index does: prefixes, case, Arabic diacritics and alef spellings', () => {
    expect(marked(searchSnippet('Coordinated coordination.', 'COORD'))).toBe('[Coordinated] [coordination].');
    const ar = searchSnippet('تتولى وَزارة الداخلية تنسيق المراجعة.\nفقرة أخرى.', 'وزارة الداخليه');
    expect(marked(ar)).toBe('تتولى [وَزارة] [الداخلية] تنسيق المراجعة.');
    expect(marked(searchSnippet('إدارة الهجرة', 'اداره'))).toBe('[إدارة] الهجرة');
    // Latin accents, which the index's tokenizer folds: either spelling marks the word as written
    expect(marked(searchSnippet('Élève du ministère.', 'eleve ministere'))).toBe('[Élève] du [ministère].');
    expect(marked(searchSnippet('Eleve du ministere.', 'élève MINISTÈRE'))).toBe('[Eleve] du [ministere].');
  });

  it('cuts a long paragraph around the first match, at word boundaries', () => {
    const long = `${'alpha '.repeat(80)}target ${'omega '.repeat(80)}`.trim();
    const s = searchSnippet(long, 'target', 120);
    expect(s.cutBefore && s.cutAfter).toBe(true);
    expect(s.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['target']);
    expect(s.snippet.length).toBeLessThanOrEqual(120);
    expect(s.snippet).toMatch(/^alpha .* omega$/);
  });

  it('comes with every search hit', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: { kind: 'answer', doc: textToDoc('First paragraph.\n\nتتولى وزارة الداخلية التنسيق.') }, baseRevisionId: null });
    const [hit] = (await invoke(s.handlers, 'search', { query: 'الداخلية' })).hits;
    expect(hit!.snippet).toBe('تتولى وزارة الداخلية التنسيق.');
    expect(hit!.context!.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['الداخلية']);
  });
});

describe('search snippets keep French typographic spaces', () => {
  it('keeps the no-break spaces before ":" and inside « », and collapses only the breaking white space', () => {
    const s = searchSnippet('La   réponse\u202f: la coordination est «\u00a0interministérielle\u00a0».', 'coordination');
    expect(s.snippet).toBe('La réponse\u202f: la coordination est «\u00a0interministérielle\u00a0».');
    expect(marked(s)).toBe('La réponse\u202f: la [coordination] est «\u00a0interministérielle\u00a0».');
  });
});

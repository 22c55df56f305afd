/**
 * Word tables larger than an answer's table holds (1,000 rows, 50 columns: shared/doc-limits.ts),
 * as annexes are (every commune, every year): the import used to cut them off silently. Now the rows
 * past 1,000 continue in tables of their own, and the cells past the 50th are written into the 50th.
 */
import { describe, expect, it } from 'vitest';
import { DocSchema, docText, type Doc } from '../shared/doc';
import { readOoxml } from './word/read';
import { questionLine, sectionTitle, table, textPara } from './word/ooxml-parts';

const tablesOf = (d: Doc | undefined) => (d?.content ?? []).filter((b) => b.type === 'table') as Array<Extract<Doc['content'][number], { type: 'table' }>>;

describe('a Word table larger than an answer holds', () => {
  it('1,500 rows under a question (fr): kept whole, as a table of 1,000 rows and one of the rest, every commune in order', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [textPara(`Commune ${i + 1}`), textPara(String(100 + i))]);
    const r = await readOoxml({ body: textPara(sectionTitle('II', 'fr')) + textPara(questionLine('II.a', 'fr')) + textPara('Annexe :') + table(rows, ['Commune', 'Migrants']) + textPara(questionLine('II.b', 'fr')) + textPara('Suite.') });
    const doc = r.answers.get('II.a');
    const tables = tablesOf(doc);
    expect(tables.map((t) => t.content.length)).toEqual([1000, 501]);
    expect(tables[0]!.content[0]!.content[0]!.type).toBe('tableHeader');
    expect(DocSchema.safeParse(doc).success).toBe(true);
    const text = docText(doc!);
    for (const n of [1, 999, 1000, 1500]) expect(text).toContain(`Commune ${n}`);
    expect(text.indexOf('Commune 999')).toBeLessThan(text.indexOf('Commune 1000'));
    expect(docText(r.answers.get('II.b')!)).toBe('Suite.');
  });

  it('60 columns (ar): 50 kept, the text of the last eleven in the 50th, in order', async () => {
    const wide = [Array.from({ length: 60 }, (_, i) => textPara(`عمود ${i + 1}`))];
    const r = await readOoxml({ body: textPara(sectionTitle('II', 'ar')) + textPara(questionLine('II.a', 'ar')) + table(wide) + textPara(questionLine('II.b', 'ar')) + textPara('تابع.') });
    const doc = r.answers.get('II.a');
    const [t] = tablesOf(doc);
    expect(t!.content[0]!.content).toHaveLength(50);
    expect(DocSchema.safeParse(doc).success).toBe(true);
    const last = docText({ type: 'doc', content: t!.content[0]!.content[49]!.content } as Doc);
    expect(last.split('\n').filter(Boolean)).toEqual(Array.from({ length: 11 }, (_, i) => `عمود ${i + 50}`));
  });
});

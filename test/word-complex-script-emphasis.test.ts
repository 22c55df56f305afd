/**
 * Bold and italic of Arabic text: Word draws right-to-left and Arabic runs with the complex-script
 * properties (w:bCs, w:iCs), and LibreOffice writes only those for Arabic text made bold or
 * italic. Such runs keep their bold and italic; Latin text with only w:bCs stays plain, as Word shows it.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../shared/doc';
import { para, run } from './word/ooxml-parts';
import { readOoxml as read, section } from './word/read';

/** The answer's text runs with their marks: [text, 'bold,italic']. */
const marked = (doc: { content: Flow[] } | undefined) =>
  (doc?.content ?? []).flatMap((b) => ('content' in b && Array.isArray(b.content) ? (b.content as Array<{ type: string; text?: string; marks?: Array<{ type: string }> }>) : []))
    .filter((i) => i.type === 'text')
    .map((i) => [i.text, (i.marks ?? []).map((m) => m.type).sort().join(',')]);

describe('bold and italic of Arabic text (w:bCs, w:iCs)', () => {
  it('keeps bold and italic set by the complex-script properties on right-to-left or Arabic runs', async () => {
    const r = await read({
      body: section(
        'I',
        [
          ['I.a', para(run('اجتمعت اللجنة ', '<w:rtl/>') + run('أربع مرات', '<w:bCs/><w:rtl/>') + run(' في عام 2020 ', '<w:rtl/>') + run('برئاسة الوزارة', '<w:iCs/>') + run('.', '<w:rtl/>'))],
          ['I.b', para(run('وزارة ', '<w:rtl/>') + run('الداخلية', '<w:b/><w:bCs/><w:rtl/>') + run(' والشغل', '<w:bCs w:val="0"/><w:rtl/>'))],
        ],
        'ar',
      ),
    });
    expect(marked(r.answers.get('I.a') as { content: Flow[] })).toEqual([
      ['اجتمعت اللجنة ', ''],
      ['أربع مرات', 'bold'],
      [' في عام 2020 ', ''],
      ['برئاسة الوزارة', 'italic'],
      ['.', ''],
    ]);
    expect(marked(r.answers.get('I.b') as { content: Flow[] })).toEqual([
      ['وزارة ', ''],
      ['الداخلية', 'bold'],
      [' والشغل', ''],
    ]);
  });

  it('leaves Latin text in a left-to-right run with only w:bCs plain, as Word shows it (a check)', async () => {
    const r = await read({ body: section('I', [['I.a', para(run('A national ') + run('commission', '<w:bCs/><w:iCs/>') + run('.'))]]) });
    expect(marked(r.answers.get('I.a') as { content: Flow[] })).toEqual([['A national commission.', '']]);
  });
});

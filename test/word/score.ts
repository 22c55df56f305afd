/**
 * Scoring an import against a fixture's ground truth: the share of answer lines (paragraphs,
 * list items with their depth, table rows) placed under the right question, the lines lost (not
 * under any question nor in the tray), and what went to the tray.
 */
import type { Doc, Flow, Inline } from '../../shared/doc';
import type { Assembled } from '../../main/interchange/assemble';
import { norm, truthLines, type FixtureModel } from './model';

const inl = (c: Inline[] | undefined) => norm((c ?? []).map((x) => (x.type === 'text' ? x.text : ' ')).join(''));
/** Footnote marks and picture placeholders the import adds are not answer text. */
const clean = (s: string) => norm(s.replace(/\[\d+\]/g, '').replace(/\[Picture \d+[^\]]*\]/g, ''));

/** An imported answer as truth-style lines. */
export function docLines(doc: Doc): string[] {
  const out: string[] = [];
  const flow = (bs: Flow[], depth: number) => {
    for (const b of bs) {
      if (b.type === 'paragraph') {
        const t = clean(inl(b.content));
        if (t && !/^\[\d+\] /.test(inl(b.content))) out.push(depth ? `li${depth}:${t}` : `p:${t}`);
      } else for (const li of b.content) {
        const [first, ...rest] = li.content;
        if (first?.type === 'paragraph') {
          const t = clean(inl(first.content));
          if (t) out.push(`li${depth + 1}:${t}`);
        }
        flow(first?.type === 'paragraph' ? rest : li.content, depth + 1);
      }
    }
  };
  for (const b of doc.content) {
    if (b.type === 'table') for (const r of b.content) out.push(`tr:${r.content.map((c) => clean(c.content.map((f) => (f.type === 'paragraph' ? inl(f.content) : '')).join(' '))).join(' | ')}`);
    else flow([b], 0);
  }
  return out;
}

export interface Score {
  name: string;
  expected: number;
  placed: number;
  /** expected lines found under another question */
  misplaced: number;
  /** expected text found nowhere (no answer, not in the tray) */
  lost: number;
  unplacedItems: number;
  lowConfidence: number;
  questionsRight: number;
  questionsTotal: number;
}

export function scoreImport(m: FixtureModel, r: Assembled): Score {
  const all = new Map<string, string[]>();
  for (const [q, d] of r.answers) all.set(q, docLines(d));
  const tray = r.unplaced.map((u) => clean(u.text)).join('\n');
  const everywhere = [...all.values()].flat().join('\n') + '\n' + tray;
  let expected = 0;
  let placed = 0;
  let misplaced = 0;
  let lost = 0;
  let questionsRight = 0;
  let questionsTotal = 0;
  for (const s of m.sections)
    for (const q of s.questions) {
      const want = truthLines(q.answer).map((l) => l.replace(/^(\w+):(.*)$/, (_, k: string, t: string) => `${k}:${clean(t)}`));
      const got = [...(all.get(q.id) ?? [])];
      let ok = 0;
      for (const w of want) {
        const i = got.indexOf(w);
        if (i >= 0) {
          ok++;
          got.splice(i, 1);
        } else if ([...all].some(([k, v]) => k !== q.id && v.includes(w))) misplaced++;
        else if (!everywhere.includes(w.replace(/^\w+:/, '').replace(/ \| /g, ' ').slice(0, 40)) && !everywhere.includes(w.replace(/^\w+:/, '').slice(0, 40))) lost++;
      }
      expected += want.length;
      placed += ok;
      questionsTotal++;
      if (ok === want.length && got.length === 0) questionsRight++;
    }
  return { name: m.name, expected, placed, misplaced, lost, unplacedItems: r.unplaced.length, lowConfidence: r.lowConfidence.length, questionsRight, questionsTotal };
}

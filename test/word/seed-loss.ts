/** Sentences of an imported text that reached neither an answer nor the tray (shared by the text import test and word:score). */
import type { Assembled } from '../../main/interchange/assemble';
import { docText, type Doc } from '../../shared/doc';
import type { Template } from '../../shared/template';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

export function lostFragments(seed: string, r: Assembled, t: Template): { fragments: string[]; lost: string[]; missingWords: string[] } {
  const out = norm([...r.answers.values(), ...r.unplaced.map((u) => u.doc)].map((d: Doc) => docText(d)).join(' '));
  const questionText = norm([t.title, ...t.sections.flatMap((s) => [s.title, ...s.questions.map((q) => q.text)])].join(' ')).toLowerCase();
  // every fragment of the seed (cells split at sentence ends, bullets, runs of spaces) that is not
  // question or heading text appears, word for word, in some answer or unplaced item
  const fragments = seed
    .replace(/<sup>|<\/sup>/g, '')
    .replace(/<[^>]+>/g, '\t')
    .split(/\t|\n|\s{2,}|[•■✓]|(?<=[.;:?!])\s+/u)
    .map((f) => norm(f.replace(/^(?:#+|[a-h]\)|[IV]+ |-|\d\.)\s*/, '')))
    .filter((f) => (f.match(/\p{L}+/gu) ?? []).length >= 3 && !questionText.includes(f.toLowerCase().replace(/[.;:]$/, '')));
  const lost = fragments.filter((f) => !out.includes(f.replace(/^[^\p{L}\p{N}]+/u, '').replace(/\s*[.;:,]$/, '')));
  // and every word (not a question/heading word) survives as often as it occurs
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const w of s.toLowerCase().match(/\p{L}[\p{L}'’-]+|\d[\d,.]*\d|\d/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const inSeed = count(seed.replace(/<[^>]+>/g, ' '));
  const inOut = count(out);
  const qWords = count(questionText + ' questions answers ii iii iv'); // headings' numerals
  const missingWords = [...inSeed].filter(([w, n]) => !qWords.has(w) && (inOut.get(w) ?? 0) < n && !/^\d{1,2}$/.test(w)).map(([w]) => w);
  return { fragments, lost, missingWords };
}

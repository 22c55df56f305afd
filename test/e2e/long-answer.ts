/**
 * A realistic answer of a given size, as plain text for `answer set` / textToDoc: the Moroccan
 * review's answers (test/fixtures/seed-morocco.txt) as paragraphs and bullet lists, with nested
 * items, French sub-items and Arabic paragraphs between them. Used by the typing benchmark
 * (bench/typing.ts) and the typing e2e test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { root } from './global-setup';

const FR = [
  'Le ministère chargé des Marocains résidant à l’étranger et des affaires de la migration assure le suivi des engagements.',
  'Les collectivités territoriales ont été consultées sur l’intégration des migrants régularisés.',
  'Un comité interministériel se réunit chaque trimestre pour évaluer les progrès réalisés.',
];
const AR = [
  'تتولى وزارة الشؤون الخارجية تنسيق الاستعراض الوطني مع وزارة الداخلية والجهات والمجتمع المدني.',
  'أطلقت المملكة المغربية الاستراتيجية الوطنية للهجرة واللجوء سنة 2014 لإدماج المهاجرين.',
  'شاركت الجماعات الترابية والمجتمع المدني في إعداد المساهمة الوطنية للاتفاق العالمي.',
];

/** The seed's answers, each as paragraphs and bullet items (its `<ul><li>` lists). */
function seedAnswers(): Array<{ paras: string[]; items: string[] }> {
  const text = fs.readFileSync(path.join(root, 'test/fixtures/seed-morocco.txt'), 'utf8');
  const out: Array<{ paras: string[]; items: string[] }> = [];
  for (const line of text.split('\n')) {
    const cells = line.split('\t');
    const answer = (cells[1] ?? '').replace(/<\/?sup>/g, '').trim();
    if (answer.length < 40) continue;
    const items = [...answer.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const rest = answer.replace(/<ul>[\s\S]*?<\/ul>/g, '\n').replace(/<[^>]+>/g, ' ');
    const paras = rest.split('\n').map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 1);
    out.push({ paras, items });
  }
  return out;
}

/**
 * About `bytes` bytes of UTF-8 answer text: paragraphs, bullet lists nested two levels (French
 * sub-items), Arabic paragraphs. Whole blocks only (a paragraph, a list of up to four items), so a little over `bytes`.
 */
export function longAnswerText(bytes: number): string {
  const answers = seedAnswers();
  const blocks: string[] = [];
  let size = 0;
  const add = (s: string) => {
    blocks.push(s);
    size += Buffer.byteLength(s, 'utf8') + 2;
  };
  for (let i = 0; size < bytes; i++) {
    const a = answers[i % answers.length]!;
    for (const p of a.paras) if (size < bytes) add(p);
    // lists of at most four items (each with its sub-items)
    for (let from = 0; from < a.items.length && size < bytes; from += 4) {
      const lines: string[] = [];
      a.items.slice(from, from + 4).forEach((item, j) => {
        const k = from + j;
        lines.push(`- ${item}`);
        if (k % 2 === 0) lines.push(`  - ${FR[(i + k) % FR.length]}`);
        if (k % 4 === 0) lines.push(`    - ${AR[(i + k) % AR.length]}`);
        else if (k % 3 === 0) lines.push(`  - ${AR[(i + k) % AR.length]}`);
      });
      add(lines.join('\n'));
    }
    if (size < bytes) add(AR[i % AR.length]!);
  }
  return blocks.join('\n\n');
}

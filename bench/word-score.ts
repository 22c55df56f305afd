/**
 * `npm run word:score`: imports every Word fixture (test/fixtures/word/) and the Morocco text
 * fixture, and reports per file the answer lines placed under the right question (with list
 * depth), misplaced, lost, sent to the tray, and placements made with low confidence.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocxImport } from '../main/interchange/docx-import';
import { parseTextImport } from '../main/interchange/import-text';
import { ARAB_REGION_2020, questions } from '../shared/template';
import { storedFixtures } from '../test/word/fixtures';
import { scoreImport } from '../test/word/score';
import { lostFragments } from '../test/word/seed-loss';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const rows: string[] = [];
rows.push(`${pad('fixture', 28)}${pad('tool', 12)}${pad('placed', 16)}${pad('misplaced', 10)}${pad('lost', 6)}${pad('tray', 6)}${pad('low-conf', 9)}questions right`);
let sumPlaced = 0;
let sumExpected = 0;
for (const f of storedFixtures()) {
  const r = await parseDocxImport(f.bytes, ARAB_REGION_2020, `docx:${f.name}`);
  const s = scoreImport(f.model, r);
  sumPlaced += s.placed;
  sumExpected += s.expected;
  rows.push(
    `${pad(f.name, 28)}${pad(f.tool, 12)}${pad(`${s.placed}/${s.expected} ${((100 * s.placed) / s.expected).toFixed(1)}%`, 16)}${pad(s.misplaced, 10)}${pad(s.lost, 6)}${pad(s.unplacedItems, 6)}${pad(s.lowConfidence, 9)}${s.questionsRight}/${s.questionsTotal}`,
  );
}
rows.push(`${pad('all Word fixtures', 40)}${sumPlaced}/${sumExpected} ${((100 * sumPlaced) / sumExpected).toFixed(1)}%`);

// The real Morocco text (a Word/PDF table pulled out as text): no line-level truth; what is filled,
// what went to the tray, and whether any sentence of it was lost.
for (const file of ['/work/shared/seeds/000_e6fb577118e77fc7.txt', path.join(root, 'test/fixtures/seed-morocco.txt')]) {
  if (!fs.existsSync(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  const r = parseTextImport(text, ARAB_REGION_2020, `text:${path.basename(file)}`);
  const { fragments, lost, missingWords } = lostFragments(text, r, ARAB_REGION_2020);
  rows.push(`${pad(path.basename(file), 28)}${pad('text', 12)}${pad(`${r.answers.size}/${questions(ARAB_REGION_2020).length} questions filled`, 32)}tray ${r.unplaced.length}, low-conf ${r.lowConfidence.length}, fragments lost ${lost.length}/${fragments.length}, words missing ${missingWords.length}`);
  break;
}
process.stdout.write(rows.join('\n') + '\n');

import fs from 'node:fs';
import { buildModel, reworded } from '../../test/word/model';
import { renderDocxLib } from '../../test/word/render-docx';
import { parseDocxImport } from '../../main/interchange/docx-import';
import { ARAB_REGION_2020 } from '../../shared/template';
import { docToText } from '../../shared/plaintext';
const [lang, layout, labels] = process.argv.slice(2) as any;
const m = buildModel({ name: 'x', lang, ...(process.env.REWORD ? { reword: reworded(lang) } : {}), tables: true, images: true, notes: true, typedBullets: true, openEnds: true, preamble: true, extraSection: true });
const bytes = await renderDocxLib(m, { layout, labels, header: ['Questions / الأسئلة', 'Answers / الإجابات'], arabicOrdinals: !!process.env.ORD });
fs.writeFileSync('/tmp/x.docx', bytes);
const r = await parseDocxImport(bytes, ARAB_REGION_2020, 'x');
console.log([...r.answers.keys()].join(' '));
for (const [q, d] of r.answers) if (process.argv[5] === q) console.log(docToText(d));
console.log('UNPLACED', r.unplaced.map((u) => u.reason + ': ' + u.text.slice(0, 80)));
console.log('LOW', r.lowConfidence, 'PICS', [...r.images], 'notes', r.footnotesKept);
import { scoreImport } from './score';
console.log(scoreImport(m, r));
import { truthLines } from './model';
import { docLines } from './score';
if (process.argv[5] === 'diff') for (const s of m.sections) for (const q of s.questions) {
  const want = truthLines(q.answer).map((l) => l.replace(/\s+/g, ' ').trim());
  const got = r.answers.get(q.id) ? docLines(r.answers.get(q.id)!) : [];
  const miss = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  if (miss.length || extra.length) console.log(q.id, '\n  MISS', miss, '\n  EXTRA', extra);
}

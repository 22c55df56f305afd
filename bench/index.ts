/** `npm run bench [-- NAME...]`: runs the benchmarks, each side by side with its baseline. */
import { printRows, type Bench } from './harness';
import { autosaveBench } from './autosave';
import { bundleBench } from './bundle';
import { docxBench } from './docx';
import { historyBench } from './history';
import { workshopsBench } from './workshops';

const BENCHES: Record<string, Bench> = {
  autosave: autosaveBench,
  bundle: bundleBench,
  docx: docxBench,
  history: historyBench,
  workshops: workshopsBench,
};

const wanted = process.argv.slice(2);
for (const [name, b] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  printRows(b.title, await b.run());
}

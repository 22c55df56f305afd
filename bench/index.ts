/** `npm run bench [-- NAME...]`: runs the benchmarks, each side by side with its baseline. */
import { printRows, type Bench } from './harness';
import { autosaveBench } from './autosave';
import { bundleBench } from './bundle';
import { cliBench } from './cli';
import { deliveryBench } from './delivery';
import { docxBench } from './docx';
import { mergeBench } from './merge';
import { homeBench } from './home';
import { historyBench } from './history';
import { panelBench } from './panel';
import { rendererBench } from './renderer';
import { scaleBench } from './scale';
import { typingBench } from './typing';
import { workshopsBench } from './workshops';

const BENCHES: Record<string, Bench> = {
  autosave: autosaveBench,
  bundle: bundleBench,
  cli: cliBench,
  delivery: deliveryBench,
  docx: docxBench,
  merge: mergeBench,
  history: historyBench,
  home: homeBench,
  panel: panelBench,
  renderer: rendererBench,
  scale: scaleBench,
  typing: typingBench,
  workshops: workshopsBench,
};

const wanted = process.argv.slice(2);
for (const [name, b] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  printRows(b.title, await b.run());
}

/** The worker thread of main/store/upgrade.ts (run from source; the desktop app bundles main/electron/upgrade-worker.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { setWriterKind } from './lock';
import { runUpgrade, type UpgradeWorkerData } from './upgrade';

const data = workerData as UpgradeWorkerData;
setWriterKind(data.kind);
runUpgrade(data.file, (m) => parentPort!.postMessage(m));

/**
 * The desktop app's store-upgrade worker (bundled as dist/main/upgrade-worker.cjs beside the main
 * bundle, where main/store/upgrade.ts finds it): the shared upgrade, with the Electron-ABI SQLite
 * binding the main process hands over. No Electron import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setWriterKind } from '../store/lock';
import { runUpgrade, type UpgradeWorkerData } from '../store/upgrade';
import { useNativeBinding } from './native-sqlite';

const data = workerData as UpgradeWorkerData;
if (data.sqlite.nativeBinding) useNativeBinding(data.sqlite.nativeBinding);
setWriterKind(data.kind);
runUpgrade(data.file, (m) => parentPort!.postMessage(m));

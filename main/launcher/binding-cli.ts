/**
 * `npm run build:binding [-- --arch ARCH]`: makes sure better-sqlite3's binding for the installed
 * Electron (its ABI, this OS, ARCH or this CPU) is in native/better-sqlite3/, producing it if it
 * is missing or built for another ABI; `npm run dist` runs it before packaging. One line out:
 * where the binding is, or why it cannot be had (exit 1).
 */
import { parseArgs } from 'node:util';
import { describeBindingProblem, inspectBinding } from '../native/binding-inspect';
import { electronBindingFile } from '../native/binding-path';
import { electronFacts } from './electron-package';
import { produceElectronBinding } from './electron-binding';
import { projectRoot } from './project-root';

const { values } = parseArgs({ options: { arch: { type: 'string' } }, allowPositionals: false });
const electron = electronFacts(projectRoot);
if (!electron.version || !electron.abi) {
  process.stderr.write('cannot prepare the Electron binding: the electron package is not installed or names no ABI (run npm ci)\n');
  process.exit(1);
}
const target = { abi: electron.abi, platform: process.platform, arch: values.arch ?? process.arch };
const file = electronBindingFile(projectRoot, target);
const state = inspectBinding(file, target);
if (state.state === 'present') {
  process.stdout.write(`Electron binding ready: ${file}\n`);
} else {
  process.stdout.write(`Electron binding for Electron ${electron.version} (ABI ${target.abi}, ${target.platform}-${target.arch}): ${describeBindingProblem(state)}; preparing it…\n`);
  const made = await produceElectronBinding({ projectRoot, electronVersion: electron.version, target, progress: (l) => process.stdout.write(`${l}\n`) });
  if (!made.ok) {
    process.stderr.write(`cannot prepare the Electron binding: ${made.why}\n`);
    process.exit(1);
  }
  process.stdout.write(`Electron binding ready: ${file}\n`);
}

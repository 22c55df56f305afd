/** The launcher's real steps: this checkout's node_modules, Electron's installer, prebuild-install and node-gyp. */
import { inspectBinding } from '../native/binding-inspect';
import { electronFacts, fetchElectronBinary } from './electron-package';
import { produceElectronBinding } from './electron-binding';
import type { StartSteps } from './plan';

export function realSteps(root: string, say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): StartSteps {
  return {
    electron: () => electronFacts(root, env),
    fetchElectron: (facts) => fetchElectronBinary(facts, { env }),
    inspectBinding,
    produceBinding: (electronVersion, target) => produceElectronBinding({ projectRoot: root, electronVersion, target, progress: say, env }),
  };
}

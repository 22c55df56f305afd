/**
 * Finds the Electron-ABI better-sqlite3 binding for this runtime (beside app.asar when packaged,
 * under native/ in a source checkout), checks it from its bytes, and makes every database the
 * main process opens use it. No Electron import: main.ts passes app.getAppPath().
 */
import { electronBindingFile, unpackedAppRoot, type BindingTarget } from '../native/binding-path';
import { describeBindingProblem, inspectBinding } from '../native/binding-inspect';
import { useNativeBinding } from './native-sqlite';

export const runningTarget = (): BindingTarget => ({ abi: process.versions.modules, platform: process.platform, arch: process.arch });

/** Null when the binding is in place and now in use; else what is wrong, for the user. */
export function setUpNativeBinding(appPath: string, target: BindingTarget = runningTarget()): string | null {
  const file = electronBindingFile(unpackedAppRoot(appPath), target);
  const state = inspectBinding(file, target);
  if (state.state !== 'present') {
    return `The database engine built for this version of GCM Review (Electron ABI ${target.abi}, ${target.platform}-${target.arch}) is not usable: ${describeBindingProblem(state)}.\n${file}\n\nReinstall GCM Review. From a source checkout, run "npm start", which builds it, or "npm run doctor" to see what is missing.`;
  }
  useNativeBinding(file);
  return null;
}

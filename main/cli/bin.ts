/**
 * The entry point of the bundled CLI (`npm run build:cli` -> dist/cli/gcm-review.mjs, the package's
 * `gcm-review` bin): runs the command line on this process's arguments, always (a symlinked bin
 * would defeat index.ts's is-this-the-main-module test).
 */
import { runAsProgram } from './index';

runAsProgram();

/**
 * The entry point of the bundled CLI (`npm run build:cli` -> dist/cli/gcm-review.mjs, the package's
 * `gcm-review` bin): runs the command line on this process's arguments, always (a symlinked bin
 * would defeat index.ts's is-this-the-main-module test).
 */
import { runCli } from './index';
import type { CliIo } from './types';

const io: CliIo = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };
runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});

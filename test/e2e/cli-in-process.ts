/**
 * The CLI as the e2e tests run it: `runCli` (main/cli/index.ts) in the test's own process, with
 * stdout and stderr caught as `runAsProgram` writes them (a line each, upgrade progress on stderr,
 * one error line and exit 1 whatever fails). Bundled by global-setup.ts: a command then costs
 * milliseconds, where a `node cli.mjs` child costs ~0.7 s of CPU to start (most tests seed with 2-6).
 */
import { runCli } from '../../main/cli/index';
import { upgradeLine } from '../../main/cli/upgrade-line';
import { errorLine, messageOf } from '../../main/error-line';
import { removeTemps } from '../../main/temp-files';

export async function runCliCaught(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code: number;
  try {
    code = await runCli(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), progress: upgradeLine((s) => (err += s), false) });
  } catch (e) {
    removeTemps();
    err += errorLine(messageOf(e)) + '\n';
    code = 1;
  }
  return { code, out: out.trim(), err: err.trim() };
}

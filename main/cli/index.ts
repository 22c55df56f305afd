/**
 * The GCM Review command line: `npm run --silent cli -- [--db FILE] COMMAND ...` (run by bin.ts).
 * Exit 0 on success; exit 1 with one line on stderr saying what is wrong otherwise.
 */
import { parseArgs } from 'node:util';
import { setWriterKind } from '../store/lock';
import { commands } from './registry';
import type { CliIo } from './types';

const wireMessage = async (e: unknown) => (await import('../dispatch')).toWireError(e).message.split('\n')[0];

function usage(): string {
  return ['usage: gcm-review [--db FILE] COMMAND', '', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

export async function runCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let db: string | undefined;
  const rest = [...argv];
  while (rest[0]?.startsWith('--db')) {
    const a = rest.shift()!;
    db = a.includes('=') ? a.slice(5) : rest.shift();
    if (!db) {
      io.err('error: --db needs a file');
      return 1;
    }
  }
  if (!rest.length || rest[0] === '--help' || rest[0] === 'help') {
    io.out(usage());
    return rest.length ? 0 : 1;
  }
  const name = [`${rest[0]} ${rest[1] ?? ''}`.trim(), rest[0]!].find((n) => commands[n]);
  if (!name) {
    io.err(`error: unknown command "${rest.slice(0, 2).join(' ')}" (see --help)`);
    return 1;
  }
  const cmd = commands[name]!;
  let parsed;
  try {
    parsed = parseArgs({ args: rest.slice(name.split(' ').length), options: cmd.options ?? {}, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`error: ${(e as Error).message.split('\n')[0]} (usage: ${cmd.usage})`);
    return 1;
  }
  // the store (and SQLite) load only once a command needs them: `--help` answers without
  const dbFile = db ? db : (await import('../store/store')).defaultDbPath(env);
  setWriterKind('cli');
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (cmd.withoutStore) {
    try {
      await cmd.withoutStore(dbFile, parsed.positionals, values, io);
      return 0;
    } catch (e) {
      io.err(`error: ${await wireMessage(e)}`);
      return 1;
    }
  }
  let services;
  try {
    // loaded here, not at the top: `--help` and a mistyped command answer without it
    const { createServices } = await import('../services');
    services = createServices(dbFile);
  } catch (e) {
    io.err(`error: cannot open the store: ${(e as Error).message}`);
    return 1;
  }
  try {
    await cmd.run({ services, io, args: rest }, parsed.positionals, values);
    return 0;
  } catch (e) {
    io.err(`error: ${await wireMessage(e)}`);
    return 1;
  } finally {
    services.close();
  }
}

/**
 * The GCM Review command line: `npm run --silent cli -- [--db FILE] COMMAND ...` (run by bin.ts).
 * Exit 0 on success; exit 1 with one line on stderr saying what is wrong otherwise.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorLine, messageOf } from '../error-line';
import { removeTemps } from '../temp-files';
import { setWriterKind } from '../store/lock';
import { commands } from './registry';
import { upgradeLine } from './upgrade-line';
import type { CliIo } from './types';
import { terminalText } from './terminal-text';

const wireMessage = async (e: unknown) => (await import('../dispatch')).toWireError(e).message;

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
      io.err(errorLine('--db needs a file'));
      return 1;
    }
  }
  // asked for: the usage on stdout; no command at all is a mistake: the usage on stderr, exit 1
  if (rest[0] === '--help' || rest[0] === 'help') {
    io.out(usage());
    return 0;
  }
  if (!rest.length) {
    io.err(usage());
    return 1;
  }
  const name = [`${rest[0]} ${rest[1] ?? ''}`.trim(), rest[0]!].find((n) => commands[n]);
  if (!name) {
    io.err(errorLine(`unknown command "${rest.slice(0, 2).join(' ')}" (see --help)`));
    return 1;
  }
  const cmd = commands[name]!;
  let parsed;
  try {
    parsed = parseArgs({ args: rest.slice(name.split(' ').length), options: cmd.options ?? {}, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(errorLine(`${(e as Error).message.split('\n')[0]} (usage: ${cmd.usage})`));
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
      io.err(errorLine(await wireMessage(e)));
      return 1;
    }
  }
  let services;
  // a store this command makes (an import, `draft create`): if the command fails, no empty store is left behind
  let made: { file: string; dirs: string[] } | null = null;
  try {
    // loaded here, not at the top: `--help` and a mistyped command answer without it
    const { createServices } = await import('../services');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const memory = cmd.worksWithoutStore && !cmd.createsStore && !fs.existsSync(dbFile);
    if (cmd.createsStore && !fs.existsSync(dbFile)) {
      const dirs: string[] = []; // the folders opening it will make, deepest first
      for (let d = path.dirname(path.resolve(dbFile)); !fs.existsSync(d) && d !== path.dirname(d); d = path.dirname(d)) dirs.push(d);
      made = { file: dbFile, dirs };
    }
    services = createServices(memory ? ':memory:' : dbFile, { create: !!cmd.createsStore, onUpgrade: io.progress });
  } catch (e) {
    io.err(errorLine(`cannot open the store: ${messageOf(e)}`));
    return 1;
  }
  let failed = false;
  try {
    await cmd.run({ services, io, args: rest }, parsed.positionals, values);
    return 0;
  } catch (e) {
    failed = true;
    const wire = (await import('../dispatch')).toWireError(e);
    // SQLite found a damaged page: the next command checks the whole store (and opens it read-only)
    if ((wire.details as { key?: string } | undefined)?.key === 'safety.storeDamaged') services.store.suspectDamage();
    io.err(errorLine(wire.message));
    return 1;
  } finally {
    const leftEmpty = failed && made !== null && holdsNothing(services.store.db);
    services.close();
    if (leftEmpty) await removeEmptyStore(made!);
  }
}

/** Whether a store holds nothing anyone made: no draft, revision, workshop, key, trusted signer or bundle. */
function holdsNothing(db: { prepare(sql: string): { get(): unknown } }): boolean {
  try {
    const tables = ['drafts', 'revisions', 'workshops', 'signing_keys', 'trust_register', 'bundles'];
    return tables.every((t) => (db.prepare(`SELECT EXISTS (SELECT 1 FROM ${t}) AS n`).get() as { n: number }).n === 0);
  } catch {
    return false; // when in doubt, keep it
  }
}

async function removeEmptyStore(made: { file: string; dirs: string[] }): Promise<void> {
  const fs = await import('node:fs');
  const { checkedMarkerOf } = await import('../store/db');
  for (const f of [made.file, `${made.file}-wal`, `${made.file}-shm`, `${made.file}.lock`, checkedMarkerOf(made.file)]) fs.rmSync(f, { force: true });
  for (const d of made.dirs) {
    try {
      fs.rmdirSync(d); // only if nothing else is in it
    } catch {
      return; // not empty: keep it and the folders above it
    }
  }
}

/**
 * Runs the command line as this process (bin.ts; `tsx main/cli/index.ts`): exit 0, or exit 1 with
 * one line on stderr, whatever fails, even after the command returned (a late stream error).
 */
export function runAsProgram(argv: string[] = process.argv.slice(2)): void {
  const io: CliIo = {
    out: (s) => process.stdout.write(terminalText(s) + '\n'),
    err: (s) => process.stderr.write(terminalText(s) + '\n'),
    progress: upgradeLine((s) => process.stderr.write(s), !!process.stderr.isTTY),
  };
  const die = (e: unknown) => {
    removeTemps();
    process.stderr.write(terminalText(errorLine(messageOf(e))) + '\n');
    process.exit(1);
  };
  // a reader that stopped reading (`draft list | head`): done, quietly, like any Unix tool
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') return die(e);
    removeTemps();
    process.exit(0);
  });
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  // Ctrl+C or SIGTERM in the middle of a backup or an export: its temporary file goes too
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => die(new Error(`interrupted (${signal}); unfinished output files were removed`)));
  runCli(argv, io).then((code) => {
    process.exitCode = code;
  }, die);
}

// Run as a script (`tsx main/cli/index.ts`, as some tests do). Not when bundled: there bin.ts runs it,
// and this module's URL is the bundle's own.
if (process.argv[1] && /[\\/]index\.ts$/.test(process.argv[1]) && fileURLToPath(import.meta.url) === process.argv[1]) runAsProgram();

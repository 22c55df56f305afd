/**
 * `npm run intake -- …`: runs the intake, or manages its register of enrolled signers.
 *   npm run intake -- --dir DATA_DIR [--port 8443] [--host 127.0.0.1] [--database postgres://…] [--storage s3://…] [--max-upload BYTES] [--expire-days 14]
 *   npm run intake -- signer add PEM_FILE --name N --organisation O [--receiver] [--quota BYTES] --dir DATA_DIR
 *   npm run intake -- signer list [--json] --dir DATA_DIR
 *   npm run intake -- signer revoke FINGERPRINT [--reason R] --dir DATA_DIR
 *   npm run intake -- key --dir DATA_DIR          (the intake's public key, to pin in senders' apps)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { toWireError } from '../dispatch';
import { setIntakeHeap } from './heap';
import type { Intake } from './intake';
import { openIntake } from './open';
import { S3_URL_HELP } from './s3-url';
import { createIntakeServer } from './server';

const USAGE = [
  'usage: npm run intake -- --dir DATA_DIR [--port N] [--host H] [--database postgres://…] [--storage s3://…] [--max-upload BYTES] [--expire-days N]',
  `         --storage ${S3_URL_HELP}`,
  '             uploads and accepted bundles in an S3-compatible bucket instead of DATA_DIR (the key stays in DATA_DIR);',
  '             credentials from the AWS environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE), never in the URL',
  '         --expire-days N: an unfinished upload with no byte for N days (14 unless given) is deleted, its quota given back',
  '       npm run intake -- signer add PEM_FILE --name N --organisation O [--receiver] [--quota BYTES] --dir DATA_DIR',
  '       npm run intake -- signer list [--json] --dir DATA_DIR',
  '       npm run intake -- signer revoke FINGERPRINT [--reason R] --dir DATA_DIR',
  '       npm run intake -- key --dir DATA_DIR',
].join('\n');

const OPTIONS = {
  dir: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  database: { type: 'string' },
  storage: { type: 'string' },
  'max-upload': { type: 'string' },
  'expire-days': { type: 'string' },
  name: { type: 'string' },
  organisation: { type: 'string' },
  receiver: { type: 'boolean' },
  quota: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const bytes = (v: string | undefined, what: string): number | undefined => {
  if (v === undefined) return undefined;
  const m = /^(\d+)([KMGT]?)$/i.exec(v.trim());
  if (!m) throw new Error(`${what} must be a number of bytes (suffix K, M, G or T allowed)`);
  return Number(m[1]) * 1024 ** ['', 'K', 'M', 'G', 'T'].indexOf(m[2]!.toUpperCase());
};

/** --expire-days: whole days, 1 to 3650. */
const ExpireDays = z
  .string()
  .trim()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(3650));

/** Unfinished uploads' expiry in ms from --expire-days (undefined: the default), or why the value is refused. */
function expiryMs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const days = ExpireDays.safeParse(v);
  if (!days.success) throw new Error(`--expire-days must be a whole number of days from 1 to 3650 (an unfinished upload with no byte for that long is deleted; 14 unless given), not "${v}"`);
  return days.data * 24 * 3600 * 1000;
}

async function manage(intake: Intake, positionals: string[], o: ReturnType<typeof parse>['values'], out: (s: string) => void): Promise<void> {
  const [cmd, sub, arg] = positionals;
  if (cmd === 'key') return out(intake.key.publicKeyPem.trimEnd());
  if (cmd !== 'signer') throw new Error(`unknown command ${cmd}\n${USAGE}`);
  if (sub === 'add') {
    if (!arg) throw new Error('signer add needs the PEM file of the device or receiver key');
    const s = await intake.enrol({ publicKeyPem: fs.readFileSync(arg, 'utf8'), name: o.name ?? '', organisation: o.organisation ?? '', role: o.receiver ? 'receiver' : 'device', quotaBytes: bytes(o.quota, '--quota') });
    return out(`enrolled: ${s.name} (${s.organisation}) ${s.fingerprint} as ${s.role}, quota ${s.quotaBytes} bytes`);
  }
  if (sub === 'list') {
    const l = await intake.index.listSigners();
    if (o.json) return out(JSON.stringify(l, null, 2));
    for (const s of l) out(`${s.fingerprint}\t${s.role}\t${s.name} (${s.organisation})\tquota ${s.quotaBytes}${s.revokedAt ? `\trevoked ${s.revokedAt}` : ''}`);
    return;
  }
  if (sub === 'revoke') {
    if (!arg) throw new Error('signer revoke needs a fingerprint');
    const s = await intake.index.revokeSigner(arg, o.reason ?? null);
    return out(`revoked: ${s.name} (${s.organisation}) ${s.fingerprint} on ${s.revokedAt}`);
  }
  throw new Error(`unknown command signer ${sub ?? ''}\n${USAGE}`);
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export async function runIntakeCli(argv: string[], out = (s: string) => void process.stdout.write(s + '\n')): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 1;
  }
  const o = parsed.values;
  if (o.help) return out(USAGE), 0;
  if (!o.dir) {
    process.stderr.write(`error: --dir DATA_DIR is required\n${USAGE}\n`);
    return 1;
  }
  // @tus/s3-store stages the pieces of uploads in the system's temp folder, with the process's
  // umask: with S3 storage every file the intake makes is its user's alone (as DATA_DIR is)
  if (o.storage) process.umask(0o077);
  let intake: Intake;
  try {
    intake = await openIntake({ dir: o.dir, database: o.database, storage: o.storage, uploadExpiryMs: expiryMs(o['expire-days']), log: (l) => out(`${new Date().toISOString()} ${l}`) });
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  if (parsed.positionals.length) {
    try {
      await manage(intake, parsed.positionals, o, out);
      return 0;
    } catch (e) {
      process.stderr.write(`error: ${toWireError(e).message}\n`);
      return 1;
    } finally {
      await intake.close();
      await intake.index.close();
    }
  }
  try {
    await intake.storage.ready?.();
    const most = intake.storage.maxBundleBytes;
    if (most !== undefined && (bytes(o['max-upload'], '--max-upload') ?? 0) > most) throw new Error(`--max-upload: at most ${most} bytes with this storage (an accepted bundle is copied in one S3 CopyObject, which takes at most 5 GiB)`);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    await intake.close();
    await intake.index.close();
    return 1;
  }
  const port = o.port === undefined ? 8443 : Number(o.port);
  const host = o.host ?? '127.0.0.1';
  setIntakeHeap(); // before the first upload: heap.ts says why
  const server = createIntakeServer(intake, { maxUploadBytes: bytes(o['max-upload'], '--max-upload') });
  // expired uploads (14 days without a byte, or --expire-days) go at start and every hour: a restart does not put the sweep off
  await intake.sweepEvery();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const shown = typeof addr === 'object' && addr ? `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
  out(`intake listening on ${shown} (key ${intake.key.fingerprint}, index ${intake.index.kind}, data ${o.dir}${o.storage ? `, storage ${o.storage.replace(/\?.*$/, '')}` : ''})`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void intake
      .close()
      .then(() => intake.index.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {}); // runs until a signal
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runIntakeCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/** Test tools for the intake: one started in-process or as a child process on loopback, and senders with exported bundles. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { invoke } from '../main/dispatch';
import type { Intake } from '../main/intake/intake';
import { openIntake } from '../main/intake/open';
import { createIntakeServer } from '../main/intake/server';
import type { Services } from '../main/services';
import { sampleDraft } from './bundle-tools';
import { makeServices } from './helpers';

export interface RunningIntake {
  url: string;
  port: number;
  intake: Intake;
  close(): Promise<void>;
}

export async function startIntake(dir: string, opts: { database?: string; port?: number } = {}): Promise<RunningIntake> {
  const intake = await openIntake({ dir, database: opts.database });
  const server = createIntakeServer(intake);
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    intake,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await intake.index.close();
    },
  };
}

const ROOT = path.resolve(__dirname, '..');
/** Node itself with tsx as a loader (not the tsx CLI, which runs a second process that SIGKILL would orphan). */
export const nodeTs = (script: string, args: string[]) => spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });

/** `npm run intake` as a child process; resolves once it prints its listening line. */
export async function spawnIntake(args: string[]): Promise<{ child: ChildProcess; url: string; port: number; output: () => string }> {
  const child = nodeTs('main/intake/cli.ts', args);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`intake did not start: ${out}`)), 60_000);
    const check = () => {
      const m = /intake listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`intake exited ${code}: ${out}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out };
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

export interface Sender {
  s: Services;
  draftId: string;
  fingerprint: string;
  publicKeyPem: string;
  /** Exports the draft to the outbox again (a new bundle id); its bundle id and file. */
  exportOne(): Promise<{ bundleId: string; file: string; size: number; sha256: string }>;
}

/** An installation with a sample draft (attachment of `attachmentBytes`), its identity and key. */
export async function makeSender(dir: string, name: string, attachmentBytes = 20_000): Promise<Sender> {
  fs.mkdirSync(dir, { recursive: true });
  const s = makeServices(path.join(dir, `${name}.sqlite`));
  const { draftId } = await sampleDraft(s, dir, { attachmentBytes });
  const id = (await invoke(s.handlers, 'getIdentity', {}))!;
  return {
    s,
    draftId,
    fingerprint: id.fingerprint!,
    publicKeyPem: id.publicKeyPem!,
    exportOne: async () => {
      const r = await invoke(s.handlers, 'exportBundleToOutbox', { draftId });
      return { bundleId: r.bundleId, file: r.file, size: r.size!, sha256: r.sha256 };
    },
  };
}

/** Enrols the sender at the intake and points its app at `url` with the intake's key pinned. */
export async function connect(sender: Sender, intake: Intake, url: string, opts: { quotaBytes?: number; enrol?: boolean } = {}): Promise<void> {
  if (opts.enrol !== false) await intake.enrol({ publicKeyPem: sender.publicKeyPem, name: `Device ${sender.fingerprint.slice(7, 15)}`, organisation: 'Wilaya', quotaBytes: opts.quotaBytes });
  await invoke(sender.s.handlers, 'deliveryConnect', { url, intakeKeyPem: intake.key.publicKeyPem });
}

export function receivedFiles(dir: string): string[] {
  const d = path.join(dir, 'received');
  return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
}

export function uploadFiles(dir: string): string[] {
  const d = path.join(dir, 'uploads');
  return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
}

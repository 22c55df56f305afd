/**
 * Every file GCM Review writes where a user said (`--out`, `--csv`, a save dialog, a receipts
 * folder) goes through here: an existing file is refused unless `force`; the store itself, its
 * -wal, -shm, -journal and lock files, its key, blob and backup folders are refused even with
 * `force`; the bytes go to a temporary file in the same folder, are fsynced and then renamed (or,
 * without `force`, linked, so a file that appeared meanwhile is still not replaced).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/contract/common';
import { trackTemp } from './temp-files';

export interface OutputOptions {
  /** The store whose files must never be written over (undefined or ':memory:': none). */
  store?: string | null;
  /** Replace an existing file (never a store's file). */
  force?: boolean;
  /** File mode of a new file (default 0644). */
  mode?: number;
}

/** The real path of `p`, following a symlink at `p` itself and in its folders, when they exist. */
function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const inside = (child: string, dir: string) => child === dir || child.startsWith(dir + path.sep);

/** Why `target` is part of `store` (its files, its folders, its backups), or null. */
export function storePartOf(target: string, store: string | null | undefined): string | null {
  if (!store || store === ':memory:') return null;
  const t = realish(target);
  const s = realish(store);
  const base = path.basename(s);
  const dir = path.dirname(s);
  if (inside(t, path.join(dir, 'backups'))) return 'the backups folder';
  if (path.dirname(t) === dir) {
    const name = path.basename(t);
    if (name === base) return 'the store';
    if (name.startsWith(`${base}-`) || name.startsWith(`${base}.`)) return `a file of the store (${name})`;
  }
  for (const sub of ['.keys', '.blobs']) if (inside(t, `${s}${sub}`)) return sub === '.keys' ? 'the key folder' : 'the attachments folder';
  return null;
}

/**
 * Checks where an output may go and returns its absolute path: never into the store, never over
 * an existing file unless `force`, never over a folder, and only into a folder that exists.
 */
export function outputTarget(file: string, opts: OutputOptions = {}): string {
  const target = path.resolve(file);
  const part = storePartOf(target, opts.store);
  if (part) throw new AppError('forbidden', `${target} is ${part}: GCM Review never writes an output there, even with --force; choose another file`, { key: 'safety.outputIsStore', params: { file: target } });
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(target);
  } catch {
    /* free */
  }
  if (st?.isDirectory()) throw new AppError('invalid_input', `${target} is a folder; give a file name`);
  if (st && !opts.force) throw new AppError('conflict', `${target} already exists; choose another file name, or add --force to replace it`, { key: 'safety.outputExists', params: { file: target } });
  if (!fs.existsSync(path.dirname(target))) throw new AppError('not_found', `folder ${path.dirname(target)} does not exist`);
  return target;
}

/** A temporary name beside `target` (same folder, so the final rename is atomic). */
export function tempBeside(target: string): string {
  // noted, so an interrupted command line removes it (main/temp-files.ts)
  return trackTemp(path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}-${crypto.randomBytes(4).toString('hex')}`));
}

export function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    // Folders cannot be fsynced on some systems (EISDIR/EINVAL/EPERM on Windows): the file's own fsync stands.
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Puts the complete, fsynced temporary file `tmp` at `target` and removes `tmp` whatever happens.
 * Without `force` it links (fails if `target` appeared meanwhile); with it, it renames.
 */
export function publishOutput(tmp: string, target: string, force = false): void {
  try {
    fsyncPath(tmp);
    if (force) fs.renameSync(tmp, target);
    else fs.linkSync(tmp, target);
    fsyncPath(path.dirname(target));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('conflict', `${target} already exists; choose another file name, or add --force to replace it`, { key: 'safety.outputExists', params: { file: target } });
    if (e instanceof AppError) throw e;
    throw new AppError('bad_file', `cannot write ${target}: ${code ?? (e as Error).message}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Writes `bytes` to `file` under the rules above; returns the absolute path written. */
export function writeOutput(file: string, bytes: Buffer | string, opts: OutputOptions = {}): string {
  const target = outputTarget(file, opts);
  const tmp = tempBeside(target);
  try {
    fs.writeFileSync(tmp, bytes, { flag: 'wx', mode: opts.mode ?? 0o644 });
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('bad_file', `cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  publishOutput(tmp, target, opts.force);
  return target;
}

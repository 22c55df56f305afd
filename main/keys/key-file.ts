/**
 * Reading a private key file: refused when other users could read it (a mode wider than 0600 on
 * POSIX systems), with the command that fixes it; a file that is not a key gets a sentence, not
 * OpenSSL's error text.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/common';

/** Throws when `file` (a private key) can be read or written by other users. */
export function assertPrivateMode(file: string): void {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return; // missing: the read says so
  }
  if (mode & 0o077) {
    throw new AppError(
      'forbidden',
      `the private key ${file} can be read by other users of this computer (mode ${mode.toString(8).padStart(4, '0')}); it was not used. Make it private with: chmod 600 "${file}" && chmod 700 "${path.dirname(file)}"`,
      { key: 'safety.keyMode', params: { file, mode: mode.toString(8) } },
    );
  }
}

/** The bytes of a private key file, after the mode check. */
export function readPrivateKeyFile(file: string, what = 'private key'): Buffer {
  assertPrivateMode(file);
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new AppError('not_found', `the ${what} file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export function notAKey(file: string, what = 'private key'): AppError {
  return new AppError('bad_file', `the ${what} file ${file} does not hold a usable key (damaged or replaced); restore it from a copy of ${path.dirname(file)}, or make a new key`, { key: 'safety.keyGarbage', params: { file } });
}

/** A private key from DER PKCS#8 or PEM bytes; anything else is a clear bad_file error. */
export function parsePrivateKey(bytes: Buffer, file: string, what = 'private key', der = false): KeyObject {
  try {
    return der ? crypto.createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }) : crypto.createPrivateKey(bytes);
  } catch {
    throw notAKey(file, what);
  }
}

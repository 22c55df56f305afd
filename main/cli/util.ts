import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';
import { cannotRead } from '../file-errors';
import { decodeTextBytes, type TextEncodingName } from '../../shared/text-bytes';
import type { invoke as invokeNow } from '../dispatch';

/** A text file's text: UTF-8 (a BOM dropped), UTF-16 either way round, or Windows-1252/1256; binary files are refused (shared/text-bytes.ts). */
export function readInputFile(file: string): string {
  return readTextFile(file).text;
}

/** A text file's text and the encoding it was read in (shared/text-bytes). */
export function readTextFile(file: string): { text: string; encoding: TextEncodingName } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw unreadableFile(file, e);
  }
  return decodeTextBytes(bytes, file);
}

/** Why a file named on the command line could not be read (../file-errors.ts). */
export function unreadableFile(file: string, e: unknown): AppError {
  return new AppError('bad_file', cannotRead(file, e));
}

export function need(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value) throw new AppError('invalid_input', `missing ${what}`);
  return value;
}

export const json = (v: unknown) => JSON.stringify(v, null, 2);

/**
 * Calls a service through the dispatcher, which (with every schema of the contract) loads on the
 * first call rather than when the CLI starts: `--help` and a mistyped command answer without it.
 */
export const invoke: typeof invokeNow = async (handlers, method, payload) => (await import('../dispatch')).invoke(handlers, method, payload);

import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';
import type { invoke as invokeNow } from '../dispatch';

export function readInputFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('bad_file', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
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

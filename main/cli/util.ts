import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';

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

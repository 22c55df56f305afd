/**
 * Bytes of a file the user says is text, made into text (issue 9, finding 9): a UTF-8 BOM is
 * dropped, UTF-16 is recognised by its BOM in either byte order (or, without one, by the NUL bytes
 * every other byte of Latin-script UTF-16 has), UTF-8 is decoded strictly; bytes that are not
 * UTF-8 are a Windows code page, as Word and Notepad save "plain text" on Windows (Windows-1256
 * when they read as Arabic words, otherwise Windows-1252), or UTF-8 with a few Windows-1252
 * characters pasted in (shared/legacy-text.ts). A file that is not text (NUL bytes, control
 * characters) is refused with a sentence, never imported as garbage.
 * Pure: used by the CLI and by the renderer before upload; the import report names the encoding.
 */
import { AppError } from './contract/common';
import { fileKind, kindRefusal, type FileKind } from './file-kind';
import { decodeLegacyText } from './legacy-text';

export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'windows-1256', 'utf-8+windows-1252'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/** Lines a text import takes at most (a questionnaire's answers need far fewer). */
export const MAX_IMPORT_LINES = 50_000;

function notText(name: string, why: string): AppError {
  return new AppError('bad_file', `${name} is not a text file (${why}): save it as plain text (UTF-8) and try again`, { key: 'safety.notText', params: { file: name } });
}

/** UTF-16 without a BOM: most bytes at one parity are NUL (Latin text), none at the other. */
function sniffUtf16(b: Uint8Array): TextEncodingName | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.3 && evenNul === 0) return 'utf-16le';
  if (evenNul > half * 0.3 && oddNul === 0) return 'utf-16be';
  return null;
}

/** Files a text import refuses with their own sentence (shared/file-kind.ts): office documents, PDFs, RTF. */
const NOT_TEXT_KINDS: ReadonlySet<FileKind> = new Set(['docx', 'doc', 'encrypted', 'xls', 'xlsx', 'ods', 'ppt', 'pptx', 'odp', 'msg', 'odt', 'pdf', 'rtf']);

/** Decodes `bytes` as described above; `name` is used in the error. */
export function decodeTextBytes(bytes: Uint8Array, name: string): { text: string; encoding: TextEncodingName } {
  const kind = fileKind(bytes);
  const refusal = NOT_TEXT_KINDS.has(kind) ? kindRefusal(kind) : null;
  if (refusal) throw new AppError('bad_file', `${name}: ${refusal.message}`, refusal.details);
  let encoding: TextEncodingName = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  else encoding = sniffUtf16(bytes) ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
  } catch {
    if (encoding !== 'utf-8') throw notText(name, `its bytes are not valid ${encoding.toUpperCase()}`);
    ({ text, encoding } = decodeLegacyText(bytes.subarray(start), start > 0));
  }
  const problem = binaryProblem(text);
  if (problem) throw notText(name, problem);
  return { text, encoding };
}

/**
 * Why decoded text looks like a binary file, or null: any NUL, or more than 1 in 100 control
 * characters (C1 ones too: the bytes Windows-1252 leaves undefined decode to them).
 */
export function binaryProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'it holds NUL bytes, as binary files do';
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const controls = sample.match(/[\u0001-\u0008\u000e-\u001f\u007f-\u009f]/g)?.length ?? 0;
  if (controls > Math.max(2, sample.length / 100)) return `it holds ${controls} control characters, as binary files do`;
  return null;
}

/** Refuses text that is not text or has more lines than an import takes (counted without splitting). */
export function checkImportText(text: string, name: string): void {
  const problem = binaryProblem(text);
  if (problem) throw notText(name, problem);
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && lines <= MAX_IMPORT_LINES; i = text.indexOf('\n', i + 1)) lines++;
  if (lines > MAX_IMPORT_LINES) {
    throw new AppError('invalid_input', `${name} has more than ${MAX_IMPORT_LINES.toLocaleString('en')} lines; an import takes at most that many (a questionnaire's answers need far fewer): check that it is the right file, or split it`, {
      key: 'safety.tooManyLines',
      params: { file: name, max: MAX_IMPORT_LINES },
    });
  }
}

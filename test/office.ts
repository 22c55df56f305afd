/**
 * The real tools the tests read our documents back with: LibreOffice (headless, a throwaway
 * profile beside the file) and pdftotext. One place for the command lines, so every test that
 * checks "LibreOffice opens it and shows these words" does it the same way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Converts `file` with LibreOffice into its own folder (`to`: 'pdf', 'html', 'txt:Text',
 * 'docx:MS Word 2007 XML', …) and returns the path of the result. Throws, with LibreOffice's
 * output, when it fails.
 */
export function officeConvert(file: string, to: string, timeout = 170_000): string {
  return officeConvertAll([file], to, timeout)[0]!;
}

/**
 * Converts several files of one folder in one LibreOffice run (its start-up, ~5 s here, is most
 * of a small conversion's time) and returns the results' paths, in order. Throws when one is missing.
 * `outDir`: where the results go (their own folder by default; another one to save a .docx as .docx).
 */
export function officeConvertAll(files: string[], to: string, timeout = 170_000, outDir?: string): string[] {
  const dir = path.dirname(files[0]!);
  if (files.some((f) => path.dirname(f) !== dir)) throw new Error('officeConvertAll: the files must share one folder');
  const out = outDir ?? dir;
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to', to, '--outdir', out, ...files], { stdio: 'pipe', timeout });
  const results = files.map((f) => path.join(out, `${path.basename(f, path.extname(f))}.${to.split(':')[0]}`));
  const missing = results.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`LibreOffice did not write ${missing.join(', ')}`);
  return results;
}

/** The text of a PDF as pdftotext reads it (UTF-8; `layout` keeps the columns of tables side by side). */
export function pdfText(pdf: string, opts: { layout?: boolean } = {}): string {
  return execFileSync('pdftotext', [...(opts.layout ? ['-layout'] : []), '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A document (DOCX) opened in LibreOffice, printed to PDF and read back with pdftotext. */
export function officePdfText(file: string, opts: { layout?: boolean; timeout?: number } = {}): string {
  return pdfText(officeConvert(file, 'pdf', opts.timeout), opts);
}

/** A word of a PDF page where pdftotext finds it (points, from the top left of its page). */
export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

/** The words of a PDF with their boxes (pdftotext -bbox): where LibreOffice laid them out. */
export function pdfWords(pdf: string): PdfWord[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return html.split('<page ').slice(1).flatMap((page, i) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
      page: i + 1,
      text: m[4]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
    })),
  );
}

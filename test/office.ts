/**
 * The real tools the tests read our documents back with: LibreOffice (headless, a throwaway
 * profile beside the file) and pdftotext. One place for the command lines, so every test that
 * checks "LibreOffice opens it and shows these words" does it the same way.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Converts `file` with LibreOffice into its own folder (`to`: 'pdf', 'html', 'txt:Text',
 * 'docx:MS Word 2007 XML', …) and returns the path of the result. Throws, with LibreOffice's
 * output, when it fails.
 */
export function officeConvert(file: string, to: string, timeout = 170_000): string {
  const dir = path.dirname(file);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to', to, '--outdir', dir, file], { stdio: 'pipe', timeout });
  return path.join(dir, `${path.basename(file, path.extname(file))}.${to.split(':')[0]}`);
}

/** The text of a PDF as pdftotext reads it (UTF-8; `layout` keeps the columns of tables side by side). */
export function pdfText(pdf: string, opts: { layout?: boolean } = {}): string {
  return execFileSync('pdftotext', [...(opts.layout ? ['-layout'] : []), '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A document (DOCX) opened in LibreOffice, printed to PDF and read back with pdftotext. */
export function officePdfText(file: string, opts: { layout?: boolean; timeout?: number } = {}): string {
  return pdfText(officeConvert(file, 'pdf', opts.timeout), opts);
}

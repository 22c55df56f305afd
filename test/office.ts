/**
 * The real tools the tests read our documents back with: LibreOffice (headless, a throwaway
 * profile beside the file) and pdftotext. One place for the command lines, so every test that
 * checks "LibreOffice opens it and shows these words" does it the same way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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

/** A LibreOffice Basic string literal (a line break as Chr(10): a literal cannot hold one, and a macro that does not compile leaves LibreOffice waiting). */
const basicString = (s: string) => `"${s.replace(/"/g, '""').replace(/\r?\n/g, '" & Chr(10) & "')}"`;
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One Writer document holding `text`, saved by LibreOffice in several formats in one run (a Basic
 * macro: `--convert-to` takes one format a run, and each run is a start-up): `outputs` are
 * [file name in `dir`, export filter name] ('MS Word 97', 'Rich Text Format', 'writer8', 'OpenDocument
 * Text Flat XML', 'writer_pdf_Export', 'HTML (StarWriter)', 'MS Word 2003 XML', 'MS Word 2007 XML
 * VBA', 'MS Word 2007 XML Template'…). Returns the paths; throws when one is missing.
 */
export function officeWriteAll(dir: string, text: string, outputs: Array<[string, string]>, timeout = 170_000): string[] {
  const profile = path.join(dir, 'lo-profile');
  // the profile's first start writes its own macro library: make it first (a fraction of a second)
  if (!existsSync(profile)) execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--terminate_after_init'], { stdio: 'pipe', timeout });
  const url = (f: string) => basicString(`file://${path.join(dir, f)}`);
  const basic = [
    'Function Prop(n As String, v) As Object',
    '  Dim p As New com.sun.star.beans.PropertyValue',
    '  p.Name = n',
    '  p.Value = v',
    '  Prop = p',
    'End Function',
    'Sub Main',
    '  On Error Goto Done',
    '  doc = StarDesktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, Array(Prop("Hidden", True)))',
    `  doc.Text.setString(${basicString(text)})`,
    ...outputs.map(([file, filter]) => `  doc.storeToURL(${url(file)}, Array(Prop("FilterName", ${basicString(filter)})))`),
    '  doc.close(True)',
    'Done:',
    '  StarDesktop.terminate()',
    'End Sub',
  ].join('\n');
  writeFileSync(
    path.join(profile, 'user', 'basic', 'Standard', 'Module1.xba'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${xmlEscape(basic)}</script:module>\n`,
  );
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', 'macro:///Standard.Module1.Main'], { stdio: 'pipe', timeout });
  const results = outputs.map(([file]) => path.join(dir, file));
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

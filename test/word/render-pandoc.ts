/**
 * Fixture model -> HTML (render-html.ts) -> DOCX written by pandoc (`pandoc -f html -t docx`): a
 * writer's document from a tool with its own styles (Compact lists, First Paragraph, Body Text),
 * numbering definitions and table layout, as Markdown and HTML users produce, never opened by Word.
 * Needs `pandoc` to regenerate (`npm run word:fixtures`); the tests read the committed files.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function pandocDocx(html: string, name: string, opts: { rtl?: boolean } = {}): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-pandoc-'));
  try {
    const src = path.join(dir, `${name}.html`);
    const out = path.join(dir, `${name}.docx`);
    fs.writeFileSync(src, html);
    // right-to-left as pandoc's docx writer knows it: the document's `dir` metadata
    execFileSync('pandoc', ['-f', 'html', '-t', 'docx', ...(opts.rtl ? ['-M', 'dir=rtl'] : []), '-o', out, src], { cwd: dir, timeout: 120_000, stdio: ['ignore', 'ignore', 'pipe'] });
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

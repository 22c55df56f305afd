/**
 * Text XML cannot carry (issue 9, finding 5): U+FFFE, U+FFFF, lone surrogates and C0 controls in
 * an answer or a title are stripped where documents are validated, so an exported DOCX always
 * opens: checked by converting it to PDF with LibreOffice and reading the PDF's text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { DocSchema, xmlSafeText } from '../shared/doc';
import { textToDoc } from '../shared/plaintext';
import { cli, makeServices, tempDir } from './helpers';
import { officeConvert, pdfText } from './office';

const BAD = 'Before\uFFFF middle\uFFFE and\uD800 lone\uDC00 ctl\u0001\u000B after';

describe('text XML cannot carry', () => {
  it('is stripped at the document boundary; text nodes left empty are dropped', () => {
    expect(xmlSafeText(BAD)).toBe('Before middle and lone ctl after');
    expect(xmlSafeText('tab\tline\nemoji 😀 عربي')).toBe('tab\tline\nemoji 😀 عربي');
    // Word's manual line and page breaks as plain text: words kept apart, not glued
    expect(xmlSafeText('Line one\vline two\f\fthree \v four\v')).toBe('Line one line two three  four');
    expect(xmlSafeText('السطر الأول\vالسطر الثاني')).toBe('السطر الأول السطر الثاني');
    const d = DocSchema.parse({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '\uFFFF' }, { type: 'text', text: BAD, marks: [{ type: 'bold' }] }] }] });
    expect(d).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Before middle and lone ctl after', marks: [{ type: 'bold' }] }] }] });
  });

  it('an answer and a title holding U+FFFF export to a DOCX LibreOffice opens', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Title\uFFFF with junk\uFFFE' });
    expect(d.title).toBe('Title with junk');
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(BAD) }, baseRevisionId: null });
    const dir = tempDir();
    const db = s.store.file;
    // through the CLI as well
    const r = await cli(db, 'answer', 'set', d.id, 'I.b', '--text', 'CLI\uFFFF text\uD83D here');
    expect(r.code, r.err).toBe(0);
    const out = path.join(dir, 'review.docx');
    expect((await cli(db, 'export', 'docx', d.id, '--out', out)).code).toBe(0);
    const pdf = officeConvert(out, 'pdf');
    expect(fs.existsSync(pdf)).toBe(true);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Before middle and lone ctl after');
    expect(text).toContain('CLI text here');
    expect(text).toContain('Title with junk');
  }, 200_000);
});

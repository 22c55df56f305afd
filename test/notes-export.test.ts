/** Rich objective and principle notes come out rich in the Word export and the print view. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { exportDocx } from '../main/interchange/docx-export';
import { renderPrintHtml } from '../main/interchange/print-html';
import { reviewDocument } from '../main/interchange/review-document';
import type { Doc } from '../shared/doc';
import { makeServices, tempDir } from './helpers';

const note: Doc = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Agreement ' }, { type: 'text', text: 'signed', marks: [{ type: 'bold' }] }, { type: 'text', text: ' in 2019.' }] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'regular pathways' }] }] }, { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'returns' }] }] }] },
  ],
};

describe('rich notes in exports', () => {
  it('the Word export keeps bold and lists in the objectives and principles tables; the print view too', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'III.a/objective/5', value: { kind: 'objective', status: 'in_progress', note }, baseRevisionId: null });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'III.b/principle/a', value: { kind: 'principle', note: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'يتمحور حول ', marks: [] }, { type: 'text', text: 'الإنسان', marks: [{ type: 'italic' }] }] }] } }, baseRevisionId: null });
    const draft = await invoke(s.handlers, 'getDraft', { draftId: d.id });
    const review = reviewDocument(draft, s.templates.get(draft.templateId, draft.templateVersion), { appVersion: 'test' });

    const html = renderPrintHtml(review);
    expect(html).toContain('<strong>signed</strong>');
    expect(html).toMatch(/<ul[^>]*>\s*<li[^>]*>(<p[^>]*>)?regular pathways/);
    expect(html).toContain('<em>الإنسان</em>');

    const file = path.join(tempDir(), 'review.docx');
    fs.writeFileSync(file, await exportDocx(review));
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
    const boldRun = xml.split('</w:r>').find((r) => r.includes('>signed<'))!;
    expect(boldRun).toMatch(/<w:b\/>/);
    const item = xml.split('</w:p>').find((p) => p.includes('regular pathways'))!;
    expect(item).toMatch(/<w:numPr>/); // a real Word list item
    expect(xml.split('</w:r>').find((r) => r.includes('الإنسان'))).toMatch(/<w:i\/>/);
  });
});

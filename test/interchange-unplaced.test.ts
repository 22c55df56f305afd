import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { migrate, schemaVersion } from '../main/store/migrations';
import { docToText } from '../shared/plaintext';
import { cli, makeServices, storeSnapshot, tempDir } from './helpers';
import { pdfText } from './office';

const PASTED = 'Cover note from the ministry.\n\nb) If there was a specific mechanism in place, who was responsible for the review?\nThe ministry.\n\nq) What is the colour of the sky?\tBlue, mostly.\n';

describe('migration 004 unplaced', () => {
  it('creates the tray table with a uuid key, a JSON document and placed/dismissed exclusive', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 4);
    expect(schemaVersion(db)).toBe(4);
    const cols = db.prepare('PRAGMA table_info(unplaced)').all() as Array<{ name: string; type: string; pk: number }>;
    expect(cols.map((c) => c.name)).toEqual(['id', 'draft_id', 'source', 'reason', 'content', 'text', 'created_at', 'placed_at', 'placed_field', 'placed_revision_id', 'dismissed_at']);
    expect(cols.find((c) => c.pk === 1)).toMatchObject({ name: 'id', type: 'TEXT' });
    db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','t','x','1.0.0','a','a','n','o','i')").run();
    const ins = db.prepare("INSERT INTO unplaced (id, draft_id, source, content, text, created_at, placed_at, placed_field, dismissed_at) VALUES (?, ?, 'text:x', ?, 't', 'now', ?, ?, ?)");
    expect(() => ins.run('u0', 'missing', '{}', null, null, null)).toThrow(/FOREIGN KEY/);
    expect(() => ins.run('u1', 'd', 'not json', null, null, null)).toThrow(/CHECK/);
    expect(() => ins.run('u2', 'd', '{}', 'now', 'I.a', 'now')).toThrow(/CHECK/); // placed and dismissed
    expect(() => ins.run('u3', 'd', '{}', 'now', null, null)).toThrow(/CHECK/); // placed without a field
    ins.run('u4', 'd', '{"type":"doc","content":[]}', null, null, null);
    db.prepare("DELETE FROM drafts WHERE id = 'd'").run();
    expect(db.prepare('SELECT count(*) AS n FROM unplaced').get()).toEqual({ n: 0 }); // cascades with its draft
    db.close();
  });
});

describe('the unplaced tray', () => {
  it('lists, places (appending to the current answer as a new revision) and dismisses', async () => {
    const s = makeServices();
    const r = await invoke(s.handlers, 'importText', { text: PASTED, fileName: 'note.txt' });
    const draftId = r.draft.id;
    const items = await invoke(s.handlers, 'listUnplaced', { draftId });
    expect(items.map((i) => i.text)).toEqual(['Cover note from the ministry.', 'Blue, mostly.']);
    expect(items[0]).toMatchObject({ source: 'text:note.txt line 1', placedAt: null, dismissedAt: null });

    const head = s.drafts.get(draftId).fields['I.b']!.revisionId;
    const placed = await invoke(s.handlers, 'placeUnplaced', { draftId, itemId: items[0]!.id, field: 'I.b' });
    const d = s.drafts.get(draftId);
    expect(docToText((d.fields['I.b']!.value as { kind: 'answer'; doc: never }).doc)).toBe('The ministry.\n\nCover note from the ministry.');
    const hist = await invoke(s.handlers, 'fieldHistory', { draftId, field: 'I.b' });
    expect(hist[0]).toMatchObject({ id: placed.revisionId, parentId: head, note: 'placed from import (text:note.txt line 1)' });

    // placing into an empty question starts its history
    const dismissed = await invoke(s.handlers, 'dismissUnplaced', { draftId, itemId: items[1]!.id });
    expect(dismissed.dismissedAt).not.toBeNull();
    expect(await invoke(s.handlers, 'listUnplaced', { draftId })).toEqual([]);
    const all = await invoke(s.handlers, 'listUnplaced', { draftId, includeDone: true });
    expect(all.map((i) => [i.placedField, !!i.dismissedAt])).toEqual([
      ['I.b', false],
      [null, true],
    ]);
  });

  it('refuses to place twice, into a non-question, or an item of another draft, changing nothing', async () => {
    const s = makeServices();
    const a = await invoke(s.handlers, 'importText', { text: PASTED });
    const b = await invoke(s.handlers, 'importText', { text: PASTED });
    const [item] = await invoke(s.handlers, 'listUnplaced', { draftId: a.draft.id });
    await invoke(s.handlers, 'placeUnplaced', { draftId: a.draft.id, itemId: item!.id, field: 'I.c' });
    const before = storeSnapshot(s);
    await expect(invoke(s.handlers, 'placeUnplaced', { draftId: a.draft.id, itemId: item!.id, field: 'I.d' })).rejects.toMatchObject({ code: 'conflict', message: 'this text was already placed in I.c' });
    await expect(invoke(s.handlers, 'placeUnplaced', { draftId: b.draft.id, itemId: item!.id, field: 'I.d' })).rejects.toMatchObject({ code: 'not_found' });
    const [other] = await invoke(s.handlers, 'listUnplaced', { draftId: b.draft.id });
    await expect(invoke(s.handlers, 'placeUnplaced', { draftId: b.draft.id, itemId: other!.id, field: 'III.a/objective/3' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(invoke(s.handlers, 'placeUnplaced', { draftId: b.draft.id, itemId: other!.id, field: 'IX.z' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(storeSnapshot(s)).toBe(before);
  });

  it('works from the CLI: unplaced list and place', async () => {
    const db = path.join(tempDir(), 's.sqlite');
    const f = path.join(tempDir(), 'p.txt');
    fs.writeFileSync(f, PASTED);
    const id = (await cli(db, 'import', 'text', f)).out;
    const list = await cli(db, 'unplaced', 'list', id, '--json');
    const items = JSON.parse(list.out) as Array<{ id: string; text: string }>;
    expect(items.map((i) => i.text)).toEqual(['Cover note from the ministry.', 'Blue, mostly.']);
    const plain = await cli(db, 'unplaced', 'list', id);
    expect(plain.out).toContain('    Blue, mostly.');
    const p = await cli(db, 'unplaced', 'place', id, items[1]!.id, 'I.h');
    expect(p.code).toBe(0);
    expect((await cli(db, 'answer', 'get', id, 'I.h')).out).toBe('Blue, mostly.');
    const again = await cli(db, 'unplaced', 'place', id, items[1]!.id, 'I.h');
    expect(again).toMatchObject({ code: 1, err: 'error: this text was already placed in I.h' });
  });
});

describe('print HTML', () => {
  it('renders the draft in the DOCX layout; Chromium prints it to a PDF holding every question and answer', async () => {
    const s = makeServices();
    const r = await invoke(s.handlers, 'importText', { text: fs.readFileSync(path.join(__dirname, 'fixtures', 'seed-morocco.txt'), 'utf8'), title: 'Morocco', country: 'Morocco' });
    await invoke(s.handlers, 'saveField', { draftId: r.draft.id, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'اعتمدت الحكومة آلية للتنسيق.' }] }] } }, baseRevisionId: null });
    const { html } = await invoke(s.handlers, 'renderPrintHtml', { draftId: r.draft.id });
    expect(html).not.toMatch(/<script|src="http|href="\/\//i);
    expect(html).toContain('<td class="answer" dir="rtl"><p lang="ar">اعتمدت الحكومة آلية للتنسيق.</p>'); // the cell takes the answer's direction, the paragraph its language
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'review.html'), html);
    execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${dir}/chrome`, `--print-to-pdf=${dir}/review.pdf`, '--no-pdf-header-footer', `file://${dir}/review.html`], { stdio: 'pipe', timeout: 120_000 });
    const pdf = pdfText(`${dir}/review.pdf`).replace(/\s+/g, ' ');
    // pdftotext reads table rows that break across pages column by column and joins hyphenated
    // line ends, so: every word of every question and answer is in the PDF, and nearly every
    // paragraph is there word for word.
    const squash = (x: string) => x.replace(/[\s-]+/g, '');
    const pdfWords = new Set(pdf.replace(/-/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu));
    const d = s.drafts.get(r.draft.id);
    const t = s.templates.get(d.templateId, d.templateVersion);
    expect(pdf).toContain('Questions Answers');
    let paras = 0;
    let contiguous = 0;
    for (const sec of t.sections)
      for (const q of sec.questions) {
        const v = d.fields[q.id]?.value;
        const text = v?.kind === 'answer' ? docToText(v.doc) : 'Not answered';
        for (const para of [`${q.label} ${q.text}`, ...text.split('\n')].map((l) => l.replace(/^\s*(?:-|\d+\.)\s/, '').trim()).filter(Boolean)) {
          for (const w of para.replace(/-/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) if (!/[\u0600-\u06ff]/.test(w)) expect(pdfWords.has(w), `${q.id}: "${w}" in ${para.slice(0, 50)}`).toBe(true);
          paras++;
          if (squash(pdf).includes(squash(para))) contiguous++;
        }
      }
    expect(paras).toBeGreaterThan(100);
    expect(contiguous / paras).toBeGreaterThan(0.85);
    for (const w of ['الحكومة', 'للتنسيق']) expect(pdf).toContain(w);
  });
});

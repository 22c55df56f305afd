/**
 * DocSchema's fast path (shared/doc-canonical.ts, issue 13): a document already exactly as the full
 * schema gives it back is taken as it is, without the full schema's recursive copy. The full schema
 * stays the contract: whatever the fast path takes, the full schema takes too and gives back equal;
 * whatever it does not take is parsed by the full schema, with the same result and the same errors.
 * Checked on generated documents (valid ones, and the same with one thing broken), in en, fr and ar.
 */
import { describe, expect, it } from 'vitest';
import { draftCalls } from '../shared/contract/drafts';
import { isCanonicalDoc } from '../shared/doc-canonical';
import { DocSchema, FullDocSchema, MAX_DOC_CHARS, MAX_DOC_NODES, MAX_LIST_DEPTH, MAX_TABLE_COLUMNS, type Doc } from '../shared/doc';
import { docWithTable } from './doc-fixtures';

/** A small deterministic generator (mulberry32): the same documents on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}
type R = ReturnType<typeof rng>;

const WORDS = ['the Ministry', 'le ministère de l’Intérieur', 'وزارة الداخلية', 'migrants', '133,274', 'régularisation', 'الهجرة', '😀 ok'];
const MARKS = [{ type: 'bold' }, { type: 'italic' }, { type: 'underline' }, { type: 'link', attrs: { href: 'https://example.org/a' } }, { type: 'link', attrs: { href: 'mailto:x@example.org' } }];

function inline(r: R): unknown {
  if (r.int(8) === 0) return { type: 'hardBreak' };
  const t: Record<string, unknown> = { type: 'text', text: r.pick(WORDS) };
  if (r.int(3) === 0) t.marks = MARKS.filter(() => r.int(3) === 0).slice(0, 4);
  return t;
}
function paragraph(r: R): unknown {
  if (r.int(6) === 0) return { type: 'paragraph' };
  return { type: 'paragraph', content: Array.from({ length: r.int(4) }, () => inline(r)) };
}
function list(r: R, depth: number): unknown {
  const l: Record<string, unknown> = { type: r.pick(['bulletList', 'orderedList']) };
  if (r.int(4) === 0) l.attrs = r.int(2) ? { start: r.int(50) } : {};
  l.content = Array.from({ length: 1 + r.int(3) }, () => ({ type: 'listItem', content: [paragraph(r), ...(depth < MAX_LIST_DEPTH && r.int(3) === 0 ? [list(r, depth + 1)] : [])] }));
  return l;
}
const flow = (r: R, depth = 0) => (r.int(3) === 0 ? list(r, depth + 1) : paragraph(r));
function cell(r: R): unknown {
  const c: Record<string, unknown> = { type: r.pick(['tableCell', 'tableHeader']) };
  const a: Record<string, number> = {};
  if (r.int(4) === 0) a.colspan = 2 + r.int(3);
  if (r.int(4) === 0) a.rowspan = 2 + r.int(3);
  if (Object.keys(a).length) c.attrs = a;
  c.content = Array.from({ length: 1 + r.int(2) }, () => flow(r));
  return c;
}
function doc(r: R): Record<string, unknown> {
  const blocks = Array.from({ length: r.int(6) }, () =>
    r.int(6) === 0 ? { type: 'table', content: Array.from({ length: 1 + r.int(3) }, () => ({ type: 'tableRow', content: Array.from({ length: 1 + r.int(3) }, () => cell(r)) })) } : flow(r),
  );
  return { type: 'doc', content: blocks };
}

/** Every object and array of a document, with a way to replace it in its parent. */
function places(root: unknown): Array<{ get: () => unknown; set: (v: unknown) => void; del: () => void; parent: Record<string, unknown> | unknown[] }> {
  const out: ReturnType<typeof places> = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      out.push({ get: () => o[k], set: (x) => (o[k] = x), del: () => (Array.isArray(o) ? o.splice(Number(k), 1) : delete o[k]), parent: o });
      walk(o[k]);
    }
  };
  walk(root);
  return out;
}

/** One thing changed somewhere in a copy of `d`: broken, or only unusual (an extra key, keys in another order, a span of 1...). */
function mutate(r: R, d: Record<string, unknown>): unknown {
  const c = structuredClone(d);
  const at = places(c);
  if (!at.length) return { ...c, extra: 1 };
  const p = r.pick(at);
  const v = p.get();
  switch (r.int(14)) {
    case 0:
      p.set(r.pick([null, 1, '', 'x', true, [], {}, undefined, 1.5, -1, 100001, 0, 1, 2, 3000]));
      break;
    case 1:
      p.del();
      break;
    case 2:
      if (v && typeof v === 'object' && !Array.isArray(v)) (v as Record<string, unknown>)[r.pick(['dir', 'attrs', 'textAlign', 'marks', 'content', 'text', '__proto__x'])] = r.pick([null, 'ltr', {}, [], 1]);
      else p.set({ type: 'text', text: 'x' });
      break;
    case 3: // the same keys in reverse order
      if (v && typeof v === 'object' && !Array.isArray(v)) p.set(Object.fromEntries(Object.entries(v).reverse()));
      else p.set([]);
      break;
    case 4:
      if (typeof v === 'string') p.set(v + r.pick(['\u0001', '\uFFFF', '\uD800', '\t', '\n']));
      else p.set('\u0007');
      break;
    case 5:
      if (Array.isArray(v) && v.length) v.push(structuredClone(v[0]));
      else p.set([]);
      break;
    case 6:
      p.set(r.pick(['javascript:alert(1)', 'https://x y', 'http://ok.example', 'x'.repeat(2050)]));
      break;
    case 7: // a type from elsewhere in the model
      if (v && typeof v === 'object' && !Array.isArray(v)) (v as Record<string, unknown>).type = r.pick(['doc', 'paragraph', 'text', 'hardBreak', 'bulletList', 'listItem', 'table', 'tableRow', 'tableCell', 'bold', 'link', 'strike']);
      else p.set({ type: 'table', content: [] });
      break;
    case 8: // a table where only flow may be (a cell, a list item)
      p.set({ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph' }] }] }] });
      break;
    case 9: // spans of 1, empty attrs, null attrs
      p.set({ type: 'tableCell', attrs: r.pick([{ colspan: 1 }, {}, null, { rowspan: 1, colspan: 2 }, { colspan: 1001 }]), content: [{ type: 'paragraph' }] });
      break;
    case 10: // lists nested one past the limit
      p.set(deepList(MAX_LIST_DEPTH + 1));
      break;
    case 11: // a non-plain object or array
      p.set(r.int(2) ? Object.assign(Object.create(null), { type: 'paragraph' }) : new (class Para { type = 'paragraph'; })());
      break;
    case 12:
      p.set(undefined);
      break;
    default: // too many marks
      p.set({ type: 'text', text: 'x', marks: [MARKS[0], MARKS[1], MARKS[2], MARKS[0], MARKS[1]] });
  }
  return c;
}

function deepList(depth: number): unknown {
  let item: unknown = { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'deep' }] }] };
  for (let i = 0; i < depth; i++) {
    const l = { type: 'bulletList', content: [item] };
    item = { type: 'listItem', content: [{ type: 'paragraph' }, l] };
    if (i === depth - 1) return l;
  }
  return item;
}

/** DocSchema and FullDocSchema answer the same: the same document, or the same errors at the same paths. */
function sameAnswer(x: unknown) {
  const full = FullDocSchema.safeParse(x);
  const fast = DocSchema.safeParse(x);
  expect(fast.success).toBe(full.success);
  if (full.success) expect(fast.data).toStrictEqual(full.data);
  else expect(fast.error!.issues).toStrictEqual(full.error!.issues);
  return full;
}

describe('document schema fast path', () => {
  it("takes the full schema's own output as it is, and only what the full schema gives back unchanged (2,000 generated documents and 4,000 broken ones)", () => {
    const r = rng(13);
    let fastValid = 0;
    let fastBroken = 0;
    for (let i = 0; i < 2000; i++) {
      const d = doc(r);
      const full = sameAnswer(d);
      expect(full.success).toBe(true);
      // what the full schema gives back is recognised: every save from the editor takes the fast path
      expect(isCanonicalDoc(full.data)).toBe(true);
      expect(DocSchema.parse(full.data)).toBe(full.data);
      fastValid++;
      for (let j = 0; j < 2; j++) {
        const m = mutate(r, d);
        const f = sameAnswer(m);
        if (isCanonicalDoc(m)) {
          // taken as it is: then the full schema took it too, and gave back an equal document
          expect(f.success).toBe(true);
          expect(f.data).toStrictEqual(m);
          expect(JSON.stringify(f.data)).toBe(JSON.stringify(m));
          fastBroken++;
        }
      }
    }
    expect(fastValid).toBe(2000);
    // some changes leave a document canonical (a word for another); most do not
    expect(fastBroken).toBeGreaterThan(0);
    expect(fastBroken).toBeLessThan(4000);
  });

  it('sends to the full schema what it must change: editor attributes, keys in another order, spans of 1, unwritable characters', () => {
    const cases: unknown[] = [
      { type: 'doc', content: [{ type: 'paragraph', attrs: { dir: 'auto', textAlign: null }, content: [{ type: 'text', text: 'x' }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'bold' }], text: 'x' }] }] },
      { content: [], type: 'doc' },
      { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph' }] }] }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a\u0001b' }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://example.org', target: '_blank' } }] }] }] },
    ];
    for (const c of cases) {
      expect(isCanonicalDoc(c)).toBe(false);
      const before = JSON.stringify(c);
      const out = sameAnswer(c);
      expect(out.success).toBe(true);
      expect(isCanonicalDoc(out.data)).toBe(true);
      expect(JSON.stringify(c)).toBe(before); // the caller's object untouched
    }
  });

  it('keeps the limits: nesting, size, text length, table width', () => {
    const para = (t: string) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
    const atDepth = (n: number) => ({ type: 'doc', content: [deepList(n)] });
    expect(isCanonicalDoc(atDepth(MAX_LIST_DEPTH))).toBe(true);
    expect(isCanonicalDoc(atDepth(MAX_LIST_DEPTH + 1))).toBe(false);
    expect(sameAnswer(atDepth(MAX_LIST_DEPTH + 1)).success).toBe(false);
    const half = Math.floor(MAX_DOC_CHARS / 2);
    const long = (n: number) => ({ type: 'doc', content: [para('x'.repeat(half)), para('y'.repeat(n - half - 1))] });
    expect(isCanonicalDoc(long(MAX_DOC_CHARS))).toBe(true);
    expect(isCanonicalDoc(long(MAX_DOC_CHARS + 1))).toBe(false);
    expect(sameAnswer(long(MAX_DOC_CHARS + 1)).error!.issues.map((i) => i.message)).toContain('answer too long');
    // parts: each empty paragraph is one object; the doc and its content two more
    const many = (n: number) => ({ type: 'doc', content: Array.from({ length: n - 2 }, () => ({ type: 'paragraph' })) });
    expect(isCanonicalDoc(many(MAX_DOC_NODES))).toBe(true);
    expect(isCanonicalDoc(many(MAX_DOC_NODES + 1))).toBe(false);
    expect(sameAnswer(many(MAX_DOC_NODES + 1)).error!.issues[0]!.message).toMatch(/too large/);
    const wide = (n: number) => ({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: Array.from({ length: n }, () => ({ type: 'tableCell', content: [{ type: 'paragraph' }] })) }] }] });
    expect(isCanonicalDoc(wide(MAX_TABLE_COLUMNS))).toBe(true);
    expect(isCanonicalDoc(wide(MAX_TABLE_COLUMNS + 1))).toBe(false);
    expect(sameAnswer(wide(MAX_TABLE_COLUMNS + 1)).success).toBe(false);
  });

  it('gives a save the same errors as before, at the same paths, in a document in en, fr and ar', () => {
    const input = draftCalls.saveField.input;
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const good = { draftId: '0190a3c2-1111-7222-8333-444455556666', field: 'II.c', value: { kind: 'answer', doc: docWithTable(lang) as Doc }, baseRevisionId: null };
      const ok = input.safeParse(good);
      expect(ok.success).toBe(true);
      expect(ok.data!.value).toStrictEqual(good.value);
      const bad = structuredClone(good) as unknown as { value: { doc: { content: Array<{ content: unknown[] }> } } };
      bad.value.doc.content[0]!.content.push({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] });
      const err = input.safeParse(bad);
      expect(err.success).toBe(false);
      expect(err.error!.issues.map((i) => [i.path.join('.'), i.message])).toStrictEqual([['value.doc.content.0.content.1.marks.0.attrs.href', 'link must be http(s) or mailto']]);
    }
  });
});

/**
 * Requests built to crash the browser-mode host (issue 9, finding 3): lists nested 400 deep, a
 * 150,000-item list, random deep and wide documents (fast-check). The host runs in a child
 * process that dies on any unhandled rejection or uncaught exception; it must answer every
 * request with an error and stay alive.
 */
import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docShapeProblem, maxListDepth, type Doc } from '../shared/doc';
import { tempDir } from './helpers';
import { raw, statusOf } from './raw-http';
import { startServeChild, type ServeChild } from './serve-child';

/** Lists nested `depth` deep, built without recursion. */
function deepDoc(depth: number): unknown {
  let block: unknown = { type: 'paragraph', content: [{ type: 'text', text: 'bottom' }] };
  for (let i = 0; i < depth; i++) block = { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }, block] }] };
  return { type: 'doc', content: [block] };
}

function wideDoc(items: number): unknown {
  const content = Array.from({ length: items }, (_, i) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: `item ${i}` }] }] }));
  return { type: 'doc', content: [{ type: 'bulletList', content }] };
}

let host: ServeChild;
let draftId: string;
beforeAll(async () => {
  host = await startServeChild(path.join(tempDir(), 'store.sqlite'));
  const r = await host.api('createDraft', { title: 'Hostile' });
  draftId = r.body.value.id;
}, 60_000);
afterAll(async () => {
  await host?.stop();
});

const save = (doc: unknown) => host.api('saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc }, baseRevisionId: null });

describe('a host under hostile documents', () => {
  it('refuses lists nested 400 deep with a clear error and stays up', async () => {
    const body = JSON.stringify({ draftId, field: 'I.a', value: { kind: 'answer', doc: deepDoc(400) }, baseRevisionId: null });
    expect(body.length).toBeLessThan(64 * 1024);
    const r = await host.api('saveField', body);
    expect(r.status).toBe(400);
    expect(r.body.error!.code).toBe('invalid_input');
    expect(r.body.error!.message).toMatch(/nested too deep/);
    expect(host.alive()).toBe(true);
  }, 60_000);

  it('refuses a 150,000-item list with a clear error and stays up', async () => {
    const body = JSON.stringify({ draftId, field: 'I.a', value: { kind: 'answer', doc: wideDoc(150_000) }, baseRevisionId: null });
    expect(body.length).toBeGreaterThan(8_000_000);
    const r = await host.api('saveField', body);
    expect(r.status).toBe(400);
    expect(r.body.error!.message).toMatch(/too large/);
    expect(host.alive()).toBe(true);
  }, 60_000);

  it('still saves a normal answer afterwards, and a document at the nesting limit', async () => {
    const r = await save(deepDoc(7));
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    const nine = await host.api('saveField', { draftId, field: 'I.b', value: { kind: 'answer', doc: deepDoc(9) }, baseRevisionId: null });
    expect(nine.body.error!.message).toMatch(/nested (10|9) deep|nested too deep/);
  }, 60_000);

  it('fuzz: random deep and wide documents never take the host down', async () => {
    // A node: list/paragraph-like objects, bare arrays or junk, nested to a random depth and width.
    const shape = fc.record({
      depth: fc.integer({ min: 0, max: 700 }),
      width: fc.integer({ min: 0, max: 4000 }),
      wrap: fc.constantFrom('list', 'array', 'object', 'item'),
      leaf: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({ type: 'text', text: 'x' })),
      junkKey: fc.string({ maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(shape, async ({ depth, width, wrap, leaf, junkKey }) => {
        let node: unknown = leaf;
        for (let i = 0; i < depth; i++) {
          node =
            wrap === 'list'
              ? { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }, node] }] }
              : wrap === 'array'
                ? [node]
                : wrap === 'item'
                  ? { type: 'listItem', content: [node] }
                  : { type: 'paragraph', [junkKey || 'k']: node };
        }
        // Bounded so that a body stays under the host's 32 MB cap (that refusal is tested elsewhere).
        const wide = Array.from({ length: Math.min(width, Math.floor(200_000 / (depth + 1))) }, () => node);
        const r = await save({ type: 'doc', content: width ? [{ type: 'bulletList', content: wide }] : [node] });
        expect([200, 400]).toContain(r.status);
        expect(typeof r.body.ok).toBe('boolean');
        expect(host.alive()).toBe(true);
      }),
      { numRuns: 25 },
    );
    const info = await host.api('appInfo', {});
    expect(info.body.ok).toBe(true);
    expect(host.alive()).toBe(true);
  }, 600_000); // ~1 min alone; several under a loaded machine
});

describe('a host under malformed request targets', () => {
  it('answers a target URL cannot parse with 400 and stays up (was: an uncaught TypeError ended browser mode)', async () => {
    for (const target of ['http://[', 'http://:99999/', '//[/x', 'http://%/', 'http://[::1/api/listDrafts']) {
      const answer = await raw(host.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), target).toBe(400);
      expect(answer).toContain('malformed request target');
    }
    expect(host.alive()).toBe(true);
    expect((await host.api('listDrafts', {})).status).toBe(200);
  });
});

describe('the iterative pre-check', () => {
  it('measures depth and size without recursion (a million levels)', () => {
    let v: unknown = 'x';
    for (let i = 0; i < 1_000_000; i++) v = [v];
    expect(docShapeProblem(v)).toMatch(/nested too deep/);
    expect(docShapeProblem(wideDoc(150_000))).toMatch(/too large/);
    expect(docShapeProblem(deepDoc(8))).toBeNull();
  });

  it('maxListDepth is iterative and counts list levels', () => {
    expect(maxListDepth(deepDoc(8) as Doc)).toBe(8);
    expect(maxListDepth({ type: 'doc', content: [] })).toBe(0);
  });
});

describe('the unhandled-rejection guard', () => {
  it('kills the host child if a rejection ever goes unhandled (so the tests above would see it)', async () => {
    const h = await startServeChild(path.join(tempDir(), 'store.sqlite'), { GCM_TEST_REJECT_AFTER_MS: '100' });
    const { code } = await h.exited;
    expect(code).toBe(97);
    expect(h.stderr()).toMatch(/planted rejection/);
  }, 60_000);
});

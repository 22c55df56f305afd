/**
 * DOCX export and import of a full draft (every question answered, ~5 KB each), beside
 * baselines measured in the same run: zipping the same document.xml bytes (the floor for
 * writing a .docx) and mammoth alone on the file (the floor for reading one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import yazl from 'yazl';
import yauzl from 'yauzl';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import type { Doc } from '../shared/doc';
import { ARAB_REGION_2020, questions } from '../shared/template';
import { ms, percentile, samples, type Bench } from './harness';

function answer(i: number): Doc {
  const content: Doc['content'] = [];
  let size = 0;
  for (let k = 0; size < 5000; k++) {
    const text = `Paragraph ${k} of answer ${i}: the national strategy on immigration and asylum was updated with partners, ${'civil society and international organizations '.repeat(3)}`;
    size += text.length;
    content.push(
      k % 3 === 2
        ? { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }, { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'نقطة فرعية ' + k, marks: [{ type: 'bold' }] }] }] }] }] }] }
        : { type: 'paragraph', content: [{ type: 'text', text }] },
    );
  }
  return { type: 'doc', content };
}

const zipBytes = (name: string, data: Buffer) =>
  new Promise<Buffer>((resolve) => {
    const z = new yazl.ZipFile();
    z.addBuffer(data, name);
    z.end();
    const c: Buffer[] = [];
    z.outputStream.on('data', (x: Buffer) => c.push(x)).on('end', () => resolve(Buffer.concat(c)));
  });

const documentXml = (docx: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    yauzl.fromBuffer(docx, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) =>
        e.fileName === 'word/document.xml'
          ? zip.openReadStream(e, (_e, st) => {
              const c: Buffer[] = [];
              st!.on('data', (x: Buffer) => c.push(x)).on('end', () => resolve(Buffer.concat(c)));
            })
          : zip.readEntry(),
      );
      zip.readEntry();
    }),
  );

export const docxBench: Bench = {
  title: 'DOCX export and import of a full draft (23 answers of ~5 KB)',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-docx-'));
    const s = createServices(path.join(dir, 'store.sqlite'));
    try {
      const d = await invoke(s.handlers, 'createDraft', { title: 'Benchmark review', country: 'Morocco' });
      for (const [i, q] of questions(ARAB_REGION_2020).entries()) await invoke(s.handlers, 'saveField', { draftId: d.id, field: q.id, value: { kind: 'answer', doc: answer(i) }, baseRevisionId: null });
      const docx = (await (await s.loaded()).interchange.exportDocx(d.id)).bytes;
      const xml = await documentXml(docx);
      const n = 7;
      const exp = await samples(n, async () => (await s.loaded()).interchange.exportDocx(d.id));
      const zip = await samples(n, () => zipBytes('word/document.xml', xml));
      const imp = await samples(n, async () => (await s.loaded()).interchange.importDocx(docx, { fileName: 'bench.docx' }));
      const mam = await samples(n, () => mammoth.convertToHtml({ buffer: docx }));
      const e50 = percentile(exp, 50);
      const i50 = percentile(imp, 50);
      const z50 = percentile(zip, 50);
      const m50 = percentile(mam, 50);
      return [
        { name: `export DOCX (${Math.round(docx.length / 1024)} KB), median of ${n}`, value: ms(e50), baseline: `zip document.xml ${ms(z50)}`, ratio: e50 / z50, goal: '< 1000 ms', met: e50 < 1000 },
        { name: `import DOCX into a new draft, median of ${n}`, value: ms(i50), baseline: `mammoth alone ${ms(m50)}`, ratio: i50 / m50, goal: '< 1000 ms', met: i50 < 1000 },
      ];
    } finally {
      s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * Sets up a real merge conflict in a store, the way it happens in use: the master draft is
 * exported as a signed bundle, a department imports it, edits II.a and sends it back, while the
 * ministry edits II.a too; importing the returned bundle into the master leaves a conflict.
 * Usage: tsx test/e2e/make-conflict.ts STORE [places]   (prints the master draft id)
 * With "places": I.a has three paragraphs; the department rewrites paragraph 2 and adds a fourth,
 * the ministry rewrites paragraphs 2 and 3: one place (paragraph 2), the rest merges.
 * With "answered": the department sends II.a back twice, further on the second time; the first
 * bundle leaves a conflict, which the second one answers (closed without a decision, a new one open).
 * I.a and I.b go the same way, in five paragraphs of which both sides change the 1st, 3rd and 5th,
 * and the ministry decides two places of each first conflict before the second bundle arrives:
 * in I.a the department changed its 5th paragraph further (the 1st place's decision is carried
 * over, the 5th's no longer applies: the 3rd and 5th are asked), in I.b it withdrew its change to
 * the 5th (both decisions carried over: the answer is decided, waiting to be saved).
 * With "returned OUT": the department also attaches a file to II.a; its bundle is written to OUT
 * (the ministry trusts its key) and not imported: the test imports it through the interface.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { invoke } from '../../main/dispatch';
import { createServices, type Services } from '../../main/services';
import { getHead } from '../../main/store/revisions';
import { textToDoc } from '../../shared/plaintext';

async function save(s: Services, draftId: string, field: string, text: string) {
  const base = getHead(s.store, draftId, field)?.revision_id ?? null;
  await invoke(s.handlers, 'saveField', { draftId, field, value: { kind: 'answer', doc: textToDoc(text) }, baseRevisionId: base });
}

const PARAS = ['Paragraph one stays as it was.', 'Paragraph two as it was.', 'Paragraph three as it was.'];

/** Five paragraphs, the 1st, 3rd and 5th as given (the base's where not). */
const FIVE = ['The committee meets every quarter.', 'It has twelve ministries.', 'Its secretariat is permanent.', 'It publishes a report.', 'It reports to the Head of Government.'];
const five = (p1?: string, p3?: string, p5?: string) => [p1 ?? FIVE[0], FIVE[1], p3 ?? FIVE[2], FIVE[3], p5 ?? FIVE[4]].join('\n\n');
/** The texts of I.a and I.b in "answered": the department's first and second, and the ministry's. */
const ANSWERED = {
  'I.a': {
    first: five('The committee meets every quarter with the Interior.', 'Its secretariat has been permanent since 2020.', 'It reports to the Head of Government and to Parliament.'),
    second: five('The committee meets every quarter with the Interior.', 'Its secretariat has been permanent since 2020.', 'It reports to the Head of Government and to Parliament, in writing.'),
    ours: five('The committee meets every month.', 'Its permanent secretariat is at the ministry.', 'The committee reports to the Head of Government.'),
  },
  'I.b': {
    first: five('The committee meets every quarter with Health.', 'Its secretariat has been permanent since 2019.', 'It reports to Parliament.'),
    second: five('The committee meets every quarter with Health.', 'Its secretariat has been permanent since 2019.'),
    ours: five('The committee meets twice a year.', 'Its secretariat sits at the ministry.', 'It reports to the Council of Ministers.'),
  },
} as const;

async function main() {
  const store = process.argv[2];
  if (!store) throw new Error('usage: make-conflict STORE');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-conflict-'));
  const M = createServices(store);
  const D = createServices(path.join(dir, 'dept.sqlite'));
  try {
    if (!(await invoke(M.handlers, 'getIdentity', {}))) await invoke(M.handlers, 'setIdentity', { name: 'Amina Test', organisation: 'Ministry of Interior' });
    await invoke(M.handlers, 'ensureSigningKey', {});
    await invoke(D.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of Labour' });
    await invoke(D.handlers, 'ensureSigningKey', {});
    const places = process.argv[3] === 'places';
    const answered = process.argv[3] === 'answered';
    const returned = process.argv[3] === 'returned' ? process.argv[4] : undefined;
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Master with a returned draft' })).id;
    if (places) await save(M, master, 'I.a', PARAS.join('\n\n'));
    else await save(M, master, 'II.a', 'Law 02-03.');
    if (answered) for (const f of ['I.a', 'I.b'] as const) await save(M, master, f, five());
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file, acceptUnknownSigner: true });
    if (places) await save(D, dept, 'I.a', [PARAS[0], 'Paragraph two, as the department rewrote it.', PARAS[2], 'A fourth paragraph added by the department.'].join('\n\n'));
    else await save(D, dept, 'II.a', 'Law 02-03 and law 27-14.');
    if (answered) for (const f of ['I.a', 'I.b'] as const) await save(D, dept, f, ANSWERED[f].first);
    if (returned) {
      fs.writeFileSync(path.join(dir, 'law-27-14.pdf'), '%PDF-1.4 law 27-14\n');
      await invoke(D.handlers, 'addAttachment', { draftId: dept, field: 'II.a', filePath: path.join(dir, 'law-27-14.pdf') });
      const id = (await invoke(D.handlers, 'getIdentity', {}))!;
      await invoke(M.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: id.name, organisation: id.organisation });
    }
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: returned ?? path.join(dir, 'back.gcmr') });
    if (answered) await save(D, dept, 'II.a', 'Law 02-03, law 27-14 and law 19-12.');
    if (answered) for (const f of ['I.a', 'I.b'] as const) await save(D, dept, f, ANSWERED[f].second);
    const again = answered ? await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'again.gcmr') }) : null;
    if (places) await save(M, master, 'I.a', [PARAS[0], 'Paragraph two, as the ministry rewrote it.', 'Paragraph three, improved by the ministry.'].join('\n\n'));
    else await save(M, master, 'II.a', 'Law 02-03 (2003).');
    if (answered) for (const f of ['I.a', 'I.b'] as const) await save(M, master, f, ANSWERED[f].ours);
    if (!returned) await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
    if (answered) {
      // the ministry decides the 1st and 3rd places of I.a and I.b before the department's second text arrives
      for (const c of await invoke(M.handlers, 'listConflicts', { draftId: master })) {
        if (c.field !== 'I.a' && c.field !== 'I.b') continue;
        await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'theirs' });
        await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: c.field === 'I.a' ? 2 : 1, choice: c.field === 'I.a' ? 'both' : 'ours' });
      }
    }
    if (again) await invoke(M.handlers, 'importBundleInto', { file: again.file, draftId: master, acceptUnknownSigner: true });
    process.stdout.write(master + '\n');
  } finally {
    M.close();
    D.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

/**
 * Importing 200 workshop payloads of 50 contributions each into one master draft, through
 * importContributions (validation, duplicate checks, provenance, audit; one transaction per
 * payload, yielding between payloads with progress), beside inserting the same rows raw with
 * better-sqlite3 into the same schema with the same pragmas, one transaction per payload.
 * Also the longest single pause (one payload) the import imposes on the event loop.
 * Then the same through real signed bundles: 200 .gcmr files (signed by a facilitator's key,
 * written once in a temp dir outside the timing), each verified (zip caps, signature, hashes,
 * template, trust) and queued with `importBundleInto`, beside the same raw-insert baseline.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { migrate } from '../main/store/migrations';
import { TrustRegister } from '../main/keys/trust';
import { SigningKeys } from '../main/keys/signing-keys';
import { Templates } from '../main/services/templates';
import { Store } from '../main/store/store';
import { signedBundleIO } from '../main/workshops/bundle-io';
import { importContributionsBatch } from '../main/workshops/import';
import type { ContributionsPayload } from '../shared/contributions-format';
import { docText } from '../shared/doc';
import { textToDoc } from '../shared/plaintext';
import { ARAB_REGION_2020, templateFields } from '../shared/template';
import { ms, type Bench, type BenchRow } from './harness';

const WORKSHOPS = 200;
const PER_WORKSHOP = 50;
const KINDS = ['region', 'prefecture', 'municipality', 'civil_society', 'migrant_association', 'union', 'academia', 'un_agency'] as const;

function payloads(): ContributionsPayload[] {
  const fields = templateFields(ARAB_REGION_2020);
  const out: ContributionsPayload[] = [];
  for (let w = 0; w < WORKSHOPS; w++) {
    const participants = Array.from({ length: 10 }, (_, i) => ({
      id: uuidv7(),
      name: i % 3 ? `Participant ${w}-${i}` : null,
      organisation: `Organisation ${i} of region ${w % 12}`,
      kind: KINDS[i % KINDS.length]!,
      consentToName: i % 3 !== 0,
    }));
    out.push({
      kind: 'contributions',
      template: { id: ARAB_REGION_2020.id, version: ARAB_REGION_2020.version },
      workshop: {
        id: uuidv7(),
        draftId: null,
        title: `Consultation régionale ${w}`,
        date: '2020-09-15',
        place: `Ville ${w}`,
        authority: `Wilaya ${w % 12}`,
        facilitator: 'Facilitateur',
        createdAt: new Date().toISOString(),
        createdByName: 'Facilitateur',
        createdByOrganisation: `Wilaya ${w % 12}`,
        installationId: uuidv7(),
      },
      participants,
      contributions: Array.from({ length: PER_WORKSHOP }, (_, c) => ({
        id: uuidv7(),
        participantId: c % 4 ? participants[c % 10]!.id : null,
        organisation: `Organisation ${c % 10} of region ${w % 12}`,
        targets: [fields[(w * PER_WORKSHOP + c) % fields.length]!, ...(c % 5 ? [] : ['III.a/objective/7'])],
        content: textToDoc(
          `Contribution ${c} of workshop ${w}: the participants asked for simpler residence procedures and better access to health care for migrants in the region.\n\n- point one about regularisation\n- point two: تبسيط إجراءات الإقامة`,
        ),
        createdAt: new Date(Date.UTC(2020, 8, 15, 9, 0, c)).toISOString(),
        authorName: 'Facilitateur',
        authorOrganisation: `Wilaya ${w % 12}`,
        installationId: uuidv7(),
      })),
    });
  }
  return out;
}

/** The same rows, raw: prepared INSERTs in one transaction per payload, no validation. */
function rawImport(file: string, draftId: string, all: ContributionsPayload[]): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES (?, 't', 'arab-region-2020', '1.0.0', 'a', 'a', 'n', 'o', 'i')").run(draftId);
  const insW = db.prepare(
    'INSERT INTO workshops (id, draft_id, template_id, template_version, title, date, place, authority, facilitator, created_at, created_by_name, created_by_org, installation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insP = db.prepare('INSERT INTO participants (id, workshop_id, name, organisation, kind, consent_to_name, created_at, installation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insC = db.prepare(
    'INSERT INTO contributions (id, workshop_id, draft_id, participant_id, organisation, targets, content, text, created_at, author_name, author_org, installation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const t0 = performance.now();
  for (const p of all) {
    db.transaction(() => {
      const w = p.workshop;
      insW.run(w.id, draftId, p.template.id, p.template.version, w.title, w.date, w.place, w.authority, w.facilitator, w.createdAt, w.createdByName, w.createdByOrganisation, w.installationId);
      for (const x of p.participants) insP.run(x.id, w.id, x.name, x.organisation, x.kind, x.consentToName ? 1 : 0, w.createdAt, w.installationId);
      for (const c of p.contributions) insC.run(c.id, w.id, draftId, c.participantId, c.organisation, JSON.stringify(c.targets), JSON.stringify(c.content), docText(c.content), c.createdAt, c.authorName, c.authorOrganisation, c.installationId);
    })();
  }
  const t = performance.now() - t0;
  db.close();
  return t;
}

/** Writes each payload as a signed contributions bundle (outside any timing); returns the files and the signer's PEM. */
async function writeBundles(dir: string, all: ContributionsPayload[]): Promise<{ files: string[]; pem: string }> {
  const store = new Store(path.join(dir, 'facilitator.sqlite'));
  try {
    store.setSetting('identity.name', 'Facilitateur');
    store.setSetting('identity.organisation', 'Wilaya');
    const keys = new SigningKeys(store);
    const io = signedBundleIO({ store, templates: new Templates(store), trust: new TrustRegister(store), keys });
    const files: string[] = [];
    for (const [i, p] of all.entries()) {
      const r = await io.write({ kind: 'contributions', payload: p, template: p.template, draftId: null, title: p.workshop.title, outFile: path.join(dir, `w${String(i).padStart(3, '0')}.gcmr`) });
      files.push(r.file);
    }
    return { files, pem: (await keys.ensure()).publicKeyPem };
  } finally {
    store.close();
  }
}

async function throughSignedBundles(dir: string, raw: number): Promise<BenchRow[]> {
  const all = payloads();
  const { files, pem } = await writeBundles(dir, all);
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const s = createServices(path.join(dir, 'ministry.sqlite'));
  try {
    await invoke(s.handlers, 'setIdentity', { name: 'Coordinatrice', organisation: 'Ministère' });
    await invoke(s.handlers, 'trustAdd', { publicKeyPem: pem, name: 'Facilitateur', organisation: 'Wilaya' });
    const draftId = (await invoke(s.handlers, 'createDraft', { title: 'Master' })).id;
    let longest = 0;
    const t0 = performance.now();
    for (const file of files) {
      const t1 = performance.now();
      await invoke(s.handlers, 'importBundleInto', { file, draftId });
      longest = Math.max(longest, performance.now() - t1);
    }
    const ours = performance.now() - t0;
    const queued = (s.store.db.prepare("SELECT count(*) AS n FROM contributions WHERE draft_id = ? AND status = 'pending'").get(draftId) as { n: number }).n;
    return [
      {
        name: `signed bundles: ${files.length} .gcmr (${(bytes / 1024 / 1024).toFixed(1)} MB) verified + queued, ${queued} contributions`,
        value: ms(ours),
        baseline: `raw inserts ${ms(raw)}`,
        ratio: ours / raw,
        goal: '< 10 s in all',
        met: ours < 10_000 && queued === WORKSHOPS * PER_WORKSHOP,
      },
      { name: 'signed bundles: longest single bundle (verify + import)', value: ms(longest) },
    ];
  } finally {
    s.close();
  }
}

export const workshopsBench: Bench = {
  title: `Importing ${WORKSHOPS} workshop payloads × ${PER_WORKSHOP} contributions into one master draft`,
  async run(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-workshops-'));
    try {
      const all = payloads();
      // payloads arrive as JSON text from bundles: parse from text like an import does
      const texts = all.map((p) => JSON.stringify(p));
      const s = createServices(path.join(dir, 'ours.sqlite'));
      const draftId = (await invoke(s.handlers, 'createDraft', { title: 'Master' })).id;
      let progressCalls = 0;
      const pauses: number[] = [];
      let last = performance.now();
      const t0 = performance.now();
      const r = await importContributionsBatch(s.store, draftId, (function* () {
        for (const t of texts) yield JSON.parse(t);
      })(), {
        provenance: () => ({ bundleId: uuidv7() }),
        onProgress: () => {
          progressCalls++;
          const now = performance.now();
          pauses.push(now - last);
          last = now;
        },
      });
      const ours = performance.now() - t0;
      const added = r.imports.reduce((n, x) => n + x.added, 0);
      const queued = (s.store.db.prepare("SELECT count(*) AS n FROM contributions WHERE draft_id = ? AND status = 'pending'").get(draftId) as { n: number }).n;
      s.close();
      const raw = rawImport(path.join(dir, 'raw.sqlite'), uuidv7(), all);
      return [
        {
          name: `importContributions, ${added} contributions (${queued} queued), JSON text in`,
          value: ms(ours),
          baseline: `raw inserts ${ms(raw)}`,
          ratio: ours / raw,
          goal: '< 10 s in all',
          met: ours < 10_000 && added === WORKSHOPS * PER_WORKSHOP,
        },
        { name: `progress callbacks (one per payload)`, value: String(progressCalls) },
        { name: 'event-loop pause: first payload (cold start)', value: ms(pauses[0] ?? 0) },
        { name: 'event-loop pause: longest of the others', value: ms(Math.max(...pauses.slice(1))), goal: '< 100 ms (UI stays responsive)', met: Math.max(...pauses.slice(1)) < 100 },
        ...(await throughSignedBundles(dir, raw)),
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

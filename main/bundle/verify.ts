/**
 * Verifying a bundle file as a whole, whatever its kind: decrypt if it is age-encrypted, read and
 * prove the archive (reader.ts: the one envelope check), check the kind's payload against its
 * manifest and template, and judge the signer by the trust register.
 */
import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';
import type { VerifyReport } from '../../shared/contract/bundles';
import type { DraftPayload } from '../../shared/bundle-format';
import type { ContributionsPayload } from '../../shared/contributions-format';
import type { Template } from '../../shared/template';
import type { TrustRegister } from '../keys/trust';
import type { Templates } from '../services/templates';
import type { Store } from '../store/store';
import { ageDecryptToTemp, isAgeFile } from './age';
import { importedUnder } from './already';
import { firstImportAsNewDraft } from './moved-import';
import { checkContributionsPayload, contributionCounts } from './contributions-payload';
import { checkDraftPayload } from './draft-payload';
import type { ArchiveLimits } from './limits';
import { readArchive, type ReadOptions, type VerifiedArchive } from './reader';
import { unknownTemplate, unreadable } from './refusals';
import { cannotRead } from '../file-errors';

export interface VerifiedBundle {
  archive: VerifiedArchive;
  /** Discriminated by `kind`, like the manifest. */
  payload: DraftPayload | ContributionsPayload;
  report: VerifyReport;
}

export interface VerifyDeps {
  store: Store;
  templates: Templates;
  trust: TrustRegister;
  limits?: ArchiveLimits;
}

const NO_COUNTS = { fields: 0, answers: 0, objectives: 0, principles: 0, revisions: 0, attachments: 0, attachmentBytes: 0, contributions: 0, participants: 0, namedParticipants: 0 };

/** The kind's payload, checked, and what the report says about it. */
function checkPayload(archive: VerifiedArchive, template: Template): Pick<VerifiedBundle, 'payload'> & Pick<VerifyReport, 'draft' | 'workshop' | 'sections' | 'counts'> {
  const m = archive.manifest;
  if (m.kind === 'contributions') {
    const payload = checkContributionsPayload(archive.payloadBytes, m, template);
    const w = m.workshop;
    return { payload, draft: null, workshop: { id: w.id, title: w.title, date: w.date, place: w.place, authority: w.authority }, sections: null, counts: { ...NO_COUNTS, ...contributionCounts(payload) } };
  }
  const payload = checkDraftPayload(archive.payloadBytes, m, template);
  const kinds = payload.fields.map((f) => f.field);
  return {
    payload,
    draft: m.draft,
    workshop: null,
    sections: m.sections,
    counts: {
      ...NO_COUNTS,
      fields: kinds.length,
      answers: kinds.filter((f) => !f.includes('/')).length,
      objectives: kinds.filter((f) => f.includes('/objective/')).length,
      principles: kinds.filter((f) => f.includes('/principle/')).length,
      revisions: payload.fields.reduce((n, f) => n + f.revisions.length, 0),
      attachments: payload.attachments.length,
      attachmentBytes: m.files.filter((f) => f.path.startsWith('attachments/')).reduce((n, f) => n + f.size, 0),
    },
  };
}

export async function verifyBundleFile(deps: VerifyDeps, file: string, identityFile: string | undefined, stage?: ReadOptions['stage']): Promise<VerifiedBundle> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `no such file: ${file}`);
  const st = fs.statSync(file);
  // a folder given where a bundle file is meant (a CLI path, a dropped folder): said, not EISDIR
  if (st.isDirectory()) throw unreadable(`${file} is a folder, not a bundle file`);
  // a file this user may not read (or that cannot be opened at all): said, not an internal EACCES
  try {
    fs.closeSync(fs.openSync(file, 'r'));
  } catch (e) {
    throw unreadable(cannotRead(file, e));
  }
  if (st.size === 0) throw unreadable('the file is empty');
  const encrypted = isAgeFile(file);
  const dec = encrypted ? await ageDecryptToTemp(file, identityFile) : null;
  let archive: VerifiedArchive;
  try {
    archive = await readArchive(dec?.file ?? file, { limits: deps.limits, stage });
  } finally {
    dec?.cleanup();
  }
  try {
    const m = archive.manifest;
    let template;
    try {
      template = deps.templates.get(m.template.id, m.template.version);
    } catch {
      throw unknownTemplate(m.template.id, m.template.version);
    }
    const { payload, ...about } = checkPayload(archive, template);
    const imported = importedUnder(deps.store, m.bundleId, archive.signedSums);
    const report: VerifyReport = {
      bundleId: m.bundleId,
      kind: m.kind,
      createdAt: m.createdAt,
      appVersion: m.appVersion,
      encrypted,
      signer: m.signer,
      trust: deps.trust.decide(m.signer.fingerprint),
      template: m.template,
      ...about,
      alreadyImported: imported.as !== 'none',
      otherImported: imported.as === 'other',
      importedAs: imported.as === 'none' ? null : imported.draftId,
      importedAsTitle: imported.as === 'none' ? null : imported.title,
      importedAsNew: imported.as === 'same' && firstImportAsNewDraft(deps.store, { bundleId: m.bundleId, derivedFrom: m.kind === 'draft' ? m.derivedFrom : null }) !== null,
    };
    return { archive, payload, report };
  } catch (e) {
    for (const s of archive.staged.values()) fs.rmSync(s.tmp, { force: true });
    throw e;
  }
}

/**
 * Verifying a bundle file as a whole: decrypt if it is age-encrypted, read and prove the archive
 * (reader.ts), check the payload against its template, and judge the signer by the trust register.
 */
import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';
import type { VerifyReport } from '../../shared/contract/bundles';
import type { DraftPayload } from '../../shared/bundle-format';
import type { TrustRegister } from '../keys/trust';
import type { Templates } from '../services/templates';
import type { Store } from '../store/store';
import { ageDecryptToTemp, isAgeFile } from './age';
import { checkDraftPayload } from './draft-payload';
import type { ArchiveLimits } from './limits';
import { readArchive, type ReadOptions, type VerifiedArchive } from './reader';

export interface VerifiedBundle {
  archive: VerifiedArchive;
  payload: DraftPayload;
  report: VerifyReport;
}

export interface VerifyDeps {
  store: Store;
  templates: Templates;
  trust: TrustRegister;
  limits?: ArchiveLimits;
}

export async function verifyBundleFile(deps: VerifyDeps, file: string, identityFile: string | undefined, stage?: ReadOptions['stage']): Promise<VerifiedBundle> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `no such file: ${file}`);
  if (fs.statSync(file).size === 0) throw new AppError('bad_file', 'the file is empty');
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
      throw new AppError('bad_file', `unknown template ${m.template.id} version ${m.template.version}: import that template first`);
    }
    const payload = checkDraftPayload(archive.payloadBytes, m, template);
    const kinds = payload.fields.map((f) => f.field);
    const imported = deps.store.sql("SELECT draft_id FROM bundles WHERE id = ? AND direction = 'import'").get(m.bundleId) as { draft_id: string | null } | undefined;
    const report: VerifyReport = {
      bundleId: m.bundleId,
      kind: m.kind,
      createdAt: m.createdAt,
      appVersion: m.appVersion,
      encrypted,
      signer: m.signer,
      trust: deps.trust.decide(m.signer.fingerprint),
      template: m.template,
      draft: m.draft,
      sections: m.sections,
      counts: {
        fields: kinds.length,
        answers: kinds.filter((f) => !f.includes('/')).length,
        objectives: kinds.filter((f) => f.includes('/objective/')).length,
        principles: kinds.filter((f) => f.includes('/principle/')).length,
        revisions: payload.fields.reduce((n, f) => n + f.revisions.length, 0),
        attachments: payload.attachments.length,
        attachmentBytes: m.files.filter((f) => f.path.startsWith('attachments/')).reduce((n, f) => n + f.size, 0),
      },
      alreadyImported: !!imported,
      importedAs: imported?.draft_id ?? null,
    };
    return { archive, payload, report };
  } catch (e) {
    for (const s of archive.staged.values()) fs.rmSync(s.tmp, { force: true });
    throw e;
  }
}

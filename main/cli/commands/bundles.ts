/** CLI: attachments, the trust register, and signed bundles (export, verify, import, outbox). */
import type { VerifyReport } from '../../../shared/contract/bundles';
import { otherBundleMessage } from '../../../shared/bundle-already';
import type { CommandTable } from '../types';
import { invoke, json, need, readInputFile } from '../util';
import { resolveDraft } from './core';

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

function describeReport(r: VerifyReport): string[] {
  const who = r.trust.knownAs ? `${r.trust.knownAs.name} (${r.trust.knownAs.organisation})` : 'nobody in your register';
  return [
    `intact: signature and every file hash verified${r.encrypted ? ' (decrypted with your age identity)' : ''}`,
    `trust: ${r.trust.status.toUpperCase()} — ${r.trust.reason}; key belongs to ${who}`,
    `signer: ${r.signer.name} (${r.signer.organisation}) says the bundle is theirs`,
    `fingerprint: ${r.signer.fingerprint}`,
    `bundle: ${r.bundleId} (${r.kind}), created ${r.createdAt} (a claim) with GCM Review ${r.appVersion}`,
    `template: ${r.template.id} ${r.template.version}`,
    ...(r.kind === 'contributions'
      ? [
          `workshop: ${r.workshop?.title} (${r.workshop?.date}, ${r.workshop?.place}; organised by ${r.workshop?.authority})${r.draft ? ` for draft ${r.draft.id}` : ''}`,
          `contents: ${r.counts.contributions} contributions, ${r.counts.participants} participants (${r.counts.namedParticipants} named with their consent)`,
        ]
      : [
          `draft: ${r.draft?.title} (${r.draft?.id})${r.sections ? `, sections ${r.sections.join(', ')}` : ''}`,
          `contents: ${r.counts.answers} answers, ${r.counts.objectives} objective statuses, ${r.counts.principles} principle notes, ${r.counts.revisions} revisions, ${r.counts.attachments} attachments (${size(r.counts.attachmentBytes)})`,
        ]),
    ...(r.otherImported ? [otherBundleMessage(r.bundleId, r.importedAs)] : r.alreadyImported ? [`already imported${r.importedAs ? ` as draft ${r.importedAs}${r.importedAsTitle !== null ? ` "${r.importedAsTitle}"` : ''}` : ''}${r.importedAsNew ? '; to merge this returned draft into the master instead: bundle import FILE --into DRAFT' : ''}`] : []),
  ];
}

export const bundleCommands: CommandTable = {
  'attach add': {
    usage: 'attach add DRAFT QUESTION FILE [--name NAME]',
    options: { name: { type: 'string' } },
    async run({ services, io }, [ref, q, file], o) {
      const a = await invoke(services.handlers, 'addAttachment', { draftId: resolveDraft(services, ref), field: need(q, 'QUESTION'), filePath: need(file, 'FILE'), name: o.name });
      io.out(`${a.id}\t${a.sha256}\t${a.size}\t${a.name}`);
    },
  },
  'attach list': {
    usage: 'attach list DRAFT [--json] [--removed]',
    options: { json: { type: 'boolean' }, removed: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const l = await invoke(services.handlers, 'listAttachments', { draftId: resolveDraft(services, ref), includeRemoved: !!o.removed });
      if (o.json) return io.out(json(l));
      for (const a of l) io.out(`${a.id}\t${a.field}\t${size(a.size)}\t${a.sha256.slice(0, 12)}\t${a.name}${a.removedAt ? '\t(removed)' : ''}`);
    },
  },
  'attach remove': {
    usage: 'attach remove ATTACHMENT',
    async run({ services, io }, [id]) {
      const a = await invoke(services.handlers, 'removeAttachment', { attachmentId: need(id, 'ATTACHMENT') });
      io.out(`removed: ${a.name}`);
    },
  },
  'attach open': {
    usage: 'attach open ATTACHMENT   (prints where its bytes are)',
    async run({ services, io }, [id]) {
      io.out((await invoke(services.handlers, 'openAttachment', { attachmentId: need(id, 'ATTACHMENT') })).path);
    },
  },
  'trust add': {
    usage: 'trust add PEM_FILE --name N --organisation O [--valid-from DATE] [--valid-until DATE]',
    options: { name: { type: 'string' }, organisation: { type: 'string' }, 'valid-from': { type: 'string' }, 'valid-until': { type: 'string' } },
    async run({ services, io }, [file], o) {
      const e = await invoke(services.handlers, 'trustAdd', {
        publicKeyPem: readInputFile(need(file, 'PEM_FILE')),
        name: o.name,
        organisation: o.organisation,
        validFrom: o['valid-from'],
        validUntil: o['valid-until'],
      });
      io.out(`trusted: ${e.name} (${e.organisation}) ${e.fingerprint}`);
    },
  },
  'trust list': {
    usage: 'trust list [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, _p, o) {
      const l = await invoke(services.handlers, 'trustList', {});
      if (o.json) return io.out(json(l));
      for (const e of l) io.out(`${e.fingerprint}\t${e.revokedAt ? `REVOKED ${e.revokedAt}` : e.trust.status === 'expired' ? `NOT VALID NOW (${e.trust.reason})` : 'trusted'}\t${e.name}\t${e.organisation}`);
    },
  },
  'trust revoke': {
    usage: 'trust revoke FINGERPRINT [--reason R]',
    options: { reason: { type: 'string' } },
    async run({ services, io }, [fp], o) {
      const e = await invoke(services.handlers, 'trustRevoke', { fingerprint: need(fp, 'FINGERPRINT'), reason: o.reason });
      io.out(`revoked: ${e.name} (${e.organisation}) ${e.fingerprint}`);
    },
  },
  'bundle export': {
    usage: 'bundle export DRAFT --out FILE [--sections I,II] [--recipient age1…]…',
    options: { out: { type: 'string' }, sections: { type: 'string' }, recipient: { type: 'string', multiple: true } },
    async run({ services, io }, [ref], o) {
      const sections = typeof o.sections === 'string' ? o.sections.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const r = await invoke(services.handlers, 'exportBundle', { draftId: resolveDraft(services, ref), outFile: need(o.out, '--out FILE'), sections, recipients: o.recipient });
      io.out(r.file);
      io.out(`sha256 ${r.sha256}, ${size(r.size ?? 0)}, ${r.fields} fields, ${r.attachments} attachments, signed by ${r.signer}${r.encrypted ? `, encrypted to ${r.recipients.length} recipient(s)` : ''}`);
    },
  },
  'bundle verify': {
    usage: 'bundle verify FILE [--identity AGE_KEY_FILE] [--json]',
    options: { identity: { type: 'string' }, json: { type: 'boolean' } },
    async run({ services, io }, [file], o) {
      const r = await invoke(services.handlers, 'verifyBundle', { file: need(file, 'FILE'), identityFile: o.identity });
      if (o.json) return io.out(json(r));
      for (const l of describeReport(r)) io.out(l);
    },
  },
  'bundle import': {
    usage: 'bundle import FILE [--identity AGE_KEY_FILE] [--accept-unknown-signer]',
    options: { identity: { type: 'string' }, 'accept-unknown-signer': { type: 'boolean' } },
    async run({ services, io }, [file], o) {
      const r = await invoke(services.handlers, 'importBundle', { file: need(file, 'FILE'), identityFile: o.identity, acceptUnknownSigner: !!o['accept-unknown-signer'] });
      io.out(r.draftId);
      // a returned draft of a draft here, imported as a new one (a mistake, mostly): said on stderr, as the draft page says it
      const copy = await invoke(services.handlers, 'returnedCopy', { draftId: r.draftId });
      if (copy?.master.state === 'here') io.err(`note: this is a returned copy of draft ${copy.master.draftId} "${copy.master.title}"; to merge it into that draft instead: bundle import FILE --into ${copy.master.draftId}`);
    },
  },
  'bundle outbox': {
    usage: 'bundle outbox [DRAFT] [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const l = await invoke(services.handlers, 'listOutbox', { draftId: ref ? resolveDraft(services, ref) : undefined });
      if (o.json) return io.out(json(l));
      for (const e of l) io.out(`${e.createdAt}\t${e.bundleId}\t${e.draftTitle ?? '(draft gone)'}\t${e.sha256.slice(0, 16)}\t${e.recipients.length ? `to ${e.recipients.length}` : 'unencrypted'}\t${e.file}`);
    },
  },
  'bundle changes': {
    usage: 'bundle changes DRAFT [--json]   (what changed since the last export)',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const c = await invoke(services.handlers, 'changesSinceExport', { draftId: resolveDraft(services, ref) });
      if (o.json) return io.out(json(c));
      io.out(c.lastExport ? `since export ${c.lastExport.bundleId} of ${c.lastExport.createdAt}:` : 'never exported:');
      for (const f of c.changedFields) io.out(`  changed ${f}`);
      for (const a of c.addedAttachments) io.out(`  attachment added ${a}`);
      for (const a of c.removedAttachments) io.out(`  attachment removed ${a}`);
    },
  },
};

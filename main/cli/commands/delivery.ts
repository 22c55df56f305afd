/** CLI: later upload to an intake (connect, send, status, receipts). */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/common';
import type { Delivery } from '../../../shared/contract/delivery';
import { pickLanguage, setInterfaceRegion } from '../../../shared/i18n/languages';
import type { MessageRef } from '../../../shared/messages';
import { writeOutput } from '../../output-file';
import type { CommandTable } from '../types';
import { invoke, json, need, readInputFile } from '../util';

type Words = (ref: MessageRef | null) => string | null;

/** A delivery as one line; why it failed or was refused in the interface language (`words`). */
const line = (d: Delivery, words: Words) =>
  [
    d.bundleId,
    d.state === 'sending' ? (d.awaitingReceipt ? 'sent, awaiting the receipt' : `sending ${d.percent}%`) : d.state,
    d.state === 'delivered' ? `receipt ${d.receivedAt}` : d.state === 'refused' ? `reason: ${words(d.refusedReasonRef) || d.refusedReason}` : d.lastError ? `last error: ${words(d.lastErrorRef) || d.lastError} (attempt ${d.attempts}, next ${d.nextAttemptAt})` : '',
    path.basename(d.file),
  ].join('\t');

/**
 * Coded reasons in the interface language: the one chosen in the app, else the system's (LC_ALL,
 * LC_MESSAGES, LANG), else English; Arabic dates in the system's country's month names. The catalogues load with the command, not with every CLI start.
 */
async function reasonWords(store: { getSetting(key: string): string | null }): Promise<Words> {
  const { wordRef } = await import('../../../shared/i18n/words');
  const system = (...names: string[]) => names.map((n) => process.env[n]).filter((v): v is string => !!v);
  const lang = pickLanguage(store.getSetting('ui.language'), system('LC_ALL', 'LC_MESSAGES', 'LANG'));
  // the days in the reasons ("not valid before 2 January") in the month names of the system's country
  setInterfaceRegion(system('LC_ALL', 'LC_TIME', 'LANG').slice(0, 1)); // the first set wins, as POSIX has it (LC_ALL=C: none)
  return (ref) => ref && wordRef(lang, ref);
}

/** The deliveries' report that this computer's clock is off the intake's (more than a minute), as a warning line; null if it is not. */
function clockWarning(all: Delivery[]): string | null {
  const off = all.find((d) => d.clockOffsetMs !== null)?.clockOffsetMs;
  if (off === undefined || off === null) return null;
  const m = Math.round(Math.abs(off) / 60_000);
  const span = m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
  return `warning: this computer's clock is ${span} ${off < 0 ? 'ahead of' : 'behind'} the intake's; sending uses the intake's time, but set this computer's date, time and time zone right`;
}

export const deliveryCommands: CommandTable = {
  'delivery connect': {
    usage: 'delivery connect URL --key INTAKE_PUBLIC_KEY_PEM   (https, or http to this machine only; the key is pinned)',
    options: { key: { type: 'string' } },
    async run({ services, io }, [url], o) {
      const t = await invoke(services.handlers, 'deliveryConnect', { url: need(url, 'URL'), intakeKeyPem: readInputFile(need(o.key, '--key PEM_FILE')) });
      io.out(`delivery target: ${t.url} (intake key ${t.intakeFingerprint})`);
    },
  },
  'delivery send': {
    usage: 'delivery send BUNDLE_ID|--all [--no-wait]   (queues, then sends until each is delivered or refused)',
    options: { all: { type: 'boolean' }, 'no-wait': { type: 'boolean' } },
    async run({ services, io }, [bundleId], o) {
      const h = services.handlers;
      let ids: string[];
      if (o.all) {
        const done = new Set((await invoke(h, 'listDeliveries', {})).filter((d) => d.state !== 'refused').map((d) => d.bundleId));
        ids = (await invoke(h, 'listOutbox', {})).map((e) => e.bundleId).filter((id) => !done.has(id));
        // rows already queued or sending (an earlier run that stopped) are resumed as well
      } else ids = [need(bundleId, 'BUNDLE_ID (or --all)')];
      for (const id of ids) await invoke(h, 'deliverySend', { bundleId: id });
      if (o['no-wait']) return io.out(`queued ${ids.length} bundle(s)`);
      (await services.loaded()).delivery.tune({ log: (l) => io.err(l) });
      (await services.loaded()).delivery.start();
      await (await services.loaded()).delivery.whenIdle();
      const all = await invoke(h, 'listDeliveries', {});
      const words = await reasonWords(services.store);
      for (const d of all) io.out(line(d, words));
      const warning = clockWarning(all);
      if (warning) io.err(warning);
      const refused = all.filter((d) => d.state === 'refused' && (o.all || d.bundleId === bundleId));
      if (refused.length) throw new AppError('conflict', `${refused.length} bundle(s) refused by the intake`);
    },
  },
  'delivery status': {
    usage: 'delivery status [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, _p, o) {
      const all = await invoke(services.handlers, 'listDeliveries', {});
      const t = await invoke(services.handlers, 'deliveryTarget', {});
      if (o.json) return io.out(json({ target: t, deliveries: all }));
      io.out(t ? `target: ${t.url} (intake key ${t.intakeFingerprint})` : 'target: none (delivery connect URL --key PEM)');
      const words = await reasonWords(services.store);
      for (const d of all) io.out(line(d, words));
    },
  },
  'delivery pull': {
    usage: 'delivery pull [--identity AGE_KEY_FILE] [--json]   (receivers: download new bundles from the intake, verify and import them)',
    options: { json: { type: 'boolean' }, identity: { type: 'string' } },
    async run({ services, io }, _p, o) {
      const items = await invoke(services.handlers, 'deliveryPull', { identityFile: typeof o.identity === 'string' ? o.identity : undefined });
      if (o.json) return io.out(json(items));
      if (!items.length) return io.out('nothing new at the intake');
      // a bundle left in the inbox: where it is, to look at it, import it by hand or send it back
      for (const i of items) io.out(`${i.bundleId}\t${i.outcome}\t${i.draftId ?? ''}\t${i.message}${i.outcome === 'kept' || i.outcome === 'other' ? ` (kept in the inbox: ${i.file})` : ''}`);
    },
  },
  'delivery receipts': {
    usage: 'delivery receipts [--out DIR]   (lists receipts; with --out writes receipt-<id>.json, .json.sig and intake.pub.pem to check with openssl)',
    options: { out: { type: 'string' } },
    async run({ services, io }, _p, o) {
      const delivered = (await invoke(services.handlers, 'listDeliveries', {})).filter((d) => d.state === 'delivered');
      for (const d of delivered) {
        const r = await invoke(services.handlers, 'deliveryReceipt', { bundleId: d.bundleId });
        if (o.out) {
          const dir = String(o.out);
          fs.mkdirSync(dir, { recursive: true });
          // Receipts and the intake key are the same bytes each time: written again over themselves.
          const guard = { store: services.store.file, force: true };
          writeOutput(path.join(dir, r.fileName), r.receipt, guard);
          writeOutput(path.join(dir, `${r.fileName}.sig`), Buffer.from(r.signatureBase64, 'base64'), guard);
          if (r.intakeKeyPem) writeOutput(path.join(dir, 'intake.pub.pem'), r.intakeKeyPem, guard);
        }
        io.out(`${d.bundleId}\treceived ${d.receivedAt}\t${d.sha256}\t${d.size}`);
      }
      if (o.out) io.out(`check one: openssl pkeyutl -verify -pubin -inkey intake.pub.pem -rawin -in receipt-ID.json -sigfile receipt-ID.json.sig`);
    },
  },
};

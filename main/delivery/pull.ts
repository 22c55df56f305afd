/**
 * The ministry pulls: its own installation, enrolled at the intake as a receiver, lists the
 * bundles received after the last one it took (`delivery.pullAfter`), downloads each into the
 * inbox folder beside the store, checks its bytes against the intake's listing, then verifies and
 * imports it as the desktop does (bundle trust comes from this installation's own register):
 * a draft it does not have becomes a new draft; a draft it has (a returned draft) is merged three
 * ways; workshop contributions for a draft it has are queued into it. The same bundle again is
 * 'already'; another bundle under an id imported here (already.ts) is 'other' and stays in the inbox.
 * A file already in the inbox under a bundle's name is used only if it is the bundle listed. A
 * download that is not the bundle listed is not kept, and that bundle is asked for again on every
 * pull until it comes whole (`delivery.pullMismatched`), never skipped for good.
 * Anything else stays in the inbox with the reason, to import by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../shared/contract';
import { z } from 'zod';
import { Sha256Hex } from '../../shared/bundle-format';
import { AppError, Uuid } from '../../shared/contract/common';
import type { PullItem } from '../../shared/contract/delivery';
import { otherBundleMessage } from '../../shared/bundle-already';
import { coded, messageRef, type MessageRef } from '../../shared/messages';
import { fileSha256 } from '../bundle/file-sha256';
import { BUNDLES_PATH } from '../intake/protocol';
import type { SigningKeys } from '../keys/signing-keys';
import type { Store } from '../store/store';
import { CLAUSE, classify, DeliveryError, deliveryCallError } from './answers';
import { signedDownload, signedGet, type DeviceSigner } from './client';
import type { IntakeClock } from './intake-clock';
import { targetKey } from './target';

/** A bundle in the intake's listing, checked: its id names a file in the inbox and a path at the intake. */
const Listed = z.object({ seq: z.number().int().positive(), bundleId: Uuid, sha256: Sha256Hex, size: z.number().int().nonnegative() });
type Listed = z.infer<typeof Listed>;
const Listing = z.array(Listed).max(10_000);

/** The intake's listing, or a clear refusal when it is not one (never a path taken from it unchecked). */
function listing(body: string): Listed[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const r = Listing.safeParse(parsed);
  if (!r.success) throw new AppError('bad_file', `the intake's list of bundles is not one this app reads (${r.error.issues[0]?.message ?? 'not JSON'}); nothing was fetched`);
  return r.data;
}

export const inboxDir = (store: Store) => (store.file === ':memory:' ? path.join(store.blobDir, 'inbox') : path.join(path.dirname(store.file), 'inbox'));

/** `identityFile`: the ministry's age identity, to open bundles encrypted for it. */
/** `line`: the intake's clock as the app knows it, and how long a download may stay silent (the delivery worker's). */
export async function pullBundles(store: Store, keys: SigningKeys, handlers: () => Handlers, identityFile?: string, line: { clock?: IntakeClock; stallMs?: number } = {}): Promise<PullItem[]> {
  const { target } = targetKey(store);
  // a connection that failed, or an answer not the intake's, reaches the caller with its reason coded and what to do
  return pullFrom(target.url, store, keys, handlers, identityFile, line).catch((e) => {
    throw e instanceof DeliveryError ? deliveryCallError(e, target.url) : e;
  });
}

async function pullFrom(url: string, store: Store, keys: SigningKeys, handlers: () => Handlers, identityFile: string | undefined, line: { clock?: IntakeClock; stallMs?: number }): Promise<PullItem[]> {
  const info = await keys.ensure();
  const device: DeviceSigner = { fingerprint: info.fingerprint, sign: async (b) => (await keys.sign(b)).signature, clock: line.clock };
  const inbox = inboxDir(store);
  fs.mkdirSync(inbox, { recursive: true });
  const out: PullItem[] = [];
  const take = (b: Listed) => takeOne(store, device, handlers(), url, inbox, b, identityFile, line.stallMs);
  // a bundle whose download was not the one listed was not kept: it is asked for again on every pull
  for (const b of mismatched(store)) {
    const item = await take(b);
    out.push(item);
    if (!isMismatch(item)) setMismatched(store, mismatched(store).filter((x) => x.seq !== b.seq));
  }
  for (;;) {
    const after = Number(store.getSetting('delivery.pullAfter') ?? '0');
    const r = await signedGet(device, `${url}${BUNDLES_PATH}?after=${after}`);
    if (r.status !== 200) {
      // (worded in the user's language where the answer has a reason the app knows: a device key not enrolled as receiver, revoked…)
      const why = classify(r.status, r.body, r.headers);
      throw new AppError('forbidden', `the intake refused to list bundles: ${why.message}`, why.ref ? coded(why.ref.messageKey, why.ref.messageParams, CLAUSE) : undefined);
    }
    const page = listing(r.body);
    if (!page.length) return out;
    for (const b of page) {
      const item = await take(b);
      out.push(item);
      store.tx(() => {
        if (isMismatch(item)) setMismatched(store, [...mismatched(store).filter((x) => x.seq !== b.seq), b]);
        store.setSetting('delivery.pullAfter', String(b.seq));
      });
    }
  }
}

/** Bundles listed past `delivery.pullAfter` whose downloaded bytes were not the ones listed (none was kept). */
const MISMATCHED = 'delivery.pullMismatched';
const mismatched = (store: Store): Listed[] => {
  try {
    const v = Listing.safeParse(JSON.parse(store.getSetting(MISMATCHED) ?? '[]'));
    return v.success ? v.data : [];
  } catch {
    return [];
  }
};
const setMismatched = (store: Store, list: Listed[]) => store.setSetting(MISMATCHED, JSON.stringify(list));
const isMismatch = (item: PullItem) => item.outcome === 'again';

/** Whether `file` is the bundle the intake listed: its size, then its SHA-256. */
async function holds(file: string, b: Listed): Promise<boolean> {
  return fs.statSync(file).size === b.size && (await fileSha256(file)) === b.sha256;
}

/** Why a bundle stays in the inbox, as a key of msg.pull.* (shared/i18n/messages.*.json). */
const why = (key: string, messageParams?: MessageRef['messageParams']): MessageRef => ({ messageKey: `pull.${key}`, ...(messageParams ? { messageParams } : {}) });

/** An error's own code when it has one (a bundle refusal: msg.bundle.*), else `fallback`. */
const codeOf = (e: unknown, fallback: MessageRef): MessageRef => (e instanceof AppError && messageRef(e.details)) || fallback;

const hasDraft = (store: Store, id: string | null | undefined) => !!id && !!store.sql('SELECT 1 FROM drafts WHERE id = ? AND deleted_at IS NULL').get(id);

async function takeOne(store: Store, device: DeviceSigner, h: Handlers, url: string, inbox: string, b: Listed, identityFile: string | undefined, stallMs?: number): Promise<PullItem> {
  const file = path.join(inbox, `${b.bundleId}.gcmr`);
  const item = (outcome: PullItem['outcome'], message: string, ref: MessageRef | null, draftId: string | null = null): PullItem => ({
    bundleId: b.bundleId,
    file,
    sha256: b.sha256,
    outcome,
    draftId,
    message,
    ...(ref ? { messageRef: ref } : {}),
  });
  const kept = (message: string, ref: MessageRef) => item('kept', message, ref);
  // a file already in the inbox (an earlier pull stopped before importing it, or put there by
  // hand) is taken only if it holds the bytes the intake lists; else it is fetched again
  if (fs.existsSync(file) && !(await holds(file, b))) fs.rmSync(file, { force: true });
  if (!fs.existsSync(file)) {
    const tmp = `${file}.partial-${process.pid}`;
    fs.rmSync(tmp, { force: true });
    const got = await signedDownload(device, `${url}${BUNDLES_PATH}/${b.bundleId}`, tmp, stallMs).catch((e) => {
      fs.rmSync(tmp, { force: true });
      throw e;
    });
    if (got.sha256 !== b.sha256 || got.size !== b.size) {
      fs.rmSync(tmp, { force: true });
      return item('again', `the bytes downloaded are not those the intake listed (SHA-256 or size differ); not imported, asked for again at the next pull`, why('bytesDiffer'));
    }
    fs.renameSync(tmp, file);
  }
  let report;
  try {
    report = await h.verifyBundle({ file, identityFile });
  } catch (e) {
    return kept(`does not verify: ${(e as Error).message}`, codeOf(e, why('notVerified', { file })));
  }
  if (report.otherImported) return item('other', otherBundleMessage(report.bundleId, report.importedAs), { messageKey: 'bundle.otherBundle' }, report.importedAs);
  if (report.alreadyImported) return item('already', 'already imported', { messageKey: 'bundle.alreadyImported' }, report.importedAs);
  if (report.trust.status !== 'trusted') {
    const { name, fingerprint } = report.signer;
    const status = report.trust.status;
    return kept(`signer ${name} (${fingerprint}) is ${status}: ${report.trust.reason}; add them to the trust register, then import the file`, why(`signer.${status}`, { name, fingerprint, file }));
  }
  try {
    if (report.kind === 'draft' && !hasDraft(store, report.draft?.id)) {
      const r = await h.importBundle({ file, identityFile });
      return { ...item('imported', `new draft “${report.draft?.title}”`, null, r.draftId), title: report.draft?.title ?? '' };
    }
    const into = report.draft?.id;
    if (!hasDraft(store, into)) return kept(`workshop contributions for a draft this installation does not have; import with: bundle import FILE --into DRAFT`, why('noDraft', { file }));
    const r = await h.importBundleInto({ file, draftId: into!, identityFile });
    return { ...item('merged', r.message, null, into!), ...(r.merged ? { merged: r.merged } : {}), ...(r.contributions ? { contributions: r.contributions } : {}) };
  } catch (e) {
    return kept(`not imported: ${(e as Error).message}`, codeOf(e, why('notImported', { file })));
  }
}

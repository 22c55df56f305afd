/** Contract handlers for delivery: the target, the queue, and receipts as proof of submission. */
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/contract/common';
import type { SigningKeys } from '../keys/signing-keys';
import type { Store } from '../store/store';
import { pullBundles } from './pull';
import { enqueue, getRow, listRows, toDelivery } from './queue';
import { getTarget, setTarget } from './target';
import { DeliveryWorker, type WorkerOptions } from './worker';

type DeliveryMethods = 'deliveryTarget' | 'deliveryConnect' | 'deliverySend' | 'listDeliveries' | 'deliveryReceipt' | 'deliveryPull';

/** `all`: every handler, for pull (which verifies and imports through them). */
export function deliveryServices(store: Store, keys: SigningKeys, all: () => Handlers, opts: WorkerOptions = {}) {
  const worker = new DeliveryWorker(store, keys, opts);
  const handlers: Pick<Handlers, DeliveryMethods> = {
    deliveryTarget: () => getTarget(store),
    deliveryConnect: ({ url, intakeKeyPem }) => {
      const before = getTarget(store);
      const t = setTarget(store, url, intakeKeyPem);
      if (before?.url !== t.url || before.intakeFingerprint !== t.intakeFingerprint) worker.clock.forget();
      return t;
    },
    deliverySend: async ({ bundleId }) => {
      await keys.ensure();
      const row = enqueue(store, bundleId);
      worker.kick();
      return toDelivery(row, worker.live.get(bundleId), worker.clock.offsetMs);
    },
    listDeliveries: () => listRows(store).map((r) => toDelivery(r, worker.live.get(r.bundle_id), worker.clock.offsetMs)),
    deliveryReceipt: ({ bundleId }) => {
      const r = getRow(store, bundleId);
      if (!r || r.state !== 'delivered' || !r.receipt || !r.receipt_signature) throw new AppError('not_found', `bundle ${bundleId} has no receipt (not delivered yet)`);
      const t = getTarget(store);
      return {
        bundleId,
        receipt: r.receipt,
        signatureBase64: r.receipt_signature,
        intakeKeyPem: t && t.intakeFingerprint === r.intake_fingerprint ? t.intakeKeyPem : '',
        fileName: `receipt-${bundleId}.json`,
      };
    },
    deliveryPull: ({ identityFile }) => pullBundles(store, keys, all, identityFile, { clock: worker.clock, stallMs: worker.stallMs }),
  };
  return { worker, handlers };
}

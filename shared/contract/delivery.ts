/** Later upload: the delivery target (intake URL and pinned key), the delivery queue and receipts. */
import { z } from 'zod';
import { Fingerprint, Sha256Hex } from '../bundle-format';
import { IsoTime, Nothing, ReasonRef, Uuid, call } from './common';
import { ContributionsSummary, MergeSummary } from './import-into';

export const DELIVERY_STATES = ['queued', 'sending', 'delivered', 'refused'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const PemText = z.string().min(1).max(4096);

/** A message the interface words in the user's language: a key of msg.* in shared/i18n and its parameters (shared/messages.ts). */

export const DeliveryTarget = z.object({ url: z.string(), intakeFingerprint: Fingerprint, intakeKeyPem: z.string() });
export type DeliveryTarget = z.infer<typeof DeliveryTarget>;

export const Delivery = z.object({
  bundleId: Uuid,
  file: z.string(),
  size: z.number().int(),
  sha256: Sha256Hex,
  targetUrl: z.string(),
  state: z.enum(DELIVERY_STATES),
  /** Bytes the intake has (acknowledged, or being sent now), 0-100. */
  percent: z.number().min(0).max(100),
  /**
   * Every byte is sent (handed to the line: on a slow line much of it may still be on its way)
   * and the intake's receipt is awaited: shown as such, not as "100 %" (issue 14).
   */
  awaitingReceipt: z.boolean(),
  attempts: z.number().int(),
  nextAttemptAt: IsoTime.nullable(),
  /** Why the last attempt failed, in English (logs, support). */
  lastError: z.string().nullable(),
  /** The same as a key of msg.* in shared/i18n and its parameters, to word in the user's language (null: only the English is known). */
  lastErrorRef: ReasonRef.nullable(),
  /** Why it was refused, in English: the intake's words, or the app's own. */
  refusedReason: z.string().nullable(),
  /** The app's own refusals (a bundle file gone…) as a key and parameters; null for the intake's words. */
  refusedReasonRef: ReasonRef.nullable(),
  /** When delivered: the time in the receipt (checked against the pinned intake key). */
  receivedAt: IsoTime.nullable(),
  queuedAt: IsoTime,
  /**
   * The intake's clock minus this computer's (ms), as the intake's answers showed it, when they
   * differ by more than a minute (else null): requests are signed with the intake's time, and the
   * user is told to set the clock right.
   */
  clockOffsetMs: z.number().int().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

/** What `delivery pull` did with one bundle the intake received (receivers only). */
export const PullItem = z.object({
  bundleId: Uuid,
  file: z.string(),
  sha256: Sha256Hex,
  /**
   * 'other': another bundle was imported under this one's id (other signed contents); this one stays in the inbox.
   * 'again': the download was not the bundle listed; nothing kept, asked for again at the next pull.
   */
  outcome: z.enum(['imported', 'merged', 'already', 'other', 'kept', 'again']),
  draftId: Uuid.nullable(),
  /** What was done or why the bundle stays in the inbox, in English (the CLI, logs). */
  message: z.string(),
  /** The same as a key of msg.* in shared/i18n and its parameters, for the interface to word (absent: only the English is known, or a summary below says it). */
  messageRef: ReasonRef.optional(),
  /** what a returned draft's merge or a workshop's contributions did, for the interface to say in its language */
  merged: MergeSummary.optional(),
  contributions: ContributionsSummary.optional(),
  /** the title of a draft imported as a new draft */
  title: z.string().optional(),
});
export type PullItem = z.infer<typeof PullItem>;

export const deliveryCalls = {
  deliveryTarget: call(Nothing, DeliveryTarget.nullable()),
  /** Sets the intake: https (or http to this machine only) and its public key, pinned from now on. */
  deliveryConnect: call(z.object({ url: z.string().min(1).max(2000), intakeKeyPem: PemText }).strict(), DeliveryTarget),
  /** Queues an exported bundle for delivery (again, if it was refused). */
  deliverySend: call(z.object({ bundleId: Uuid }).strict(), Delivery),
  listDeliveries: call(Nothing, z.array(Delivery)),
  /** The receipt of a delivered bundle as proof of submission: its exact text, the signature and the intake key to check it. */
  deliveryReceipt: call(
    z.object({ bundleId: Uuid }).strict(),
    z.object({ bundleId: Uuid, receipt: z.string(), signatureBase64: z.string(), intakeKeyPem: z.string(), fileName: z.string() }),
  ),
  /** For the ministry's own installation, enrolled at the intake as a receiver: downloads new bundles, verifies and imports them. */
  deliveryPull: call(z.object({ identityFile: z.string().min(1).max(4096).optional() }).strict().optional().default({}), z.array(PullItem)),
};

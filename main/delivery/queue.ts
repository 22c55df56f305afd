/** The delivery queue in the store (table `deliveries`, migration 009): rows and their transitions. */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/common';
import { coded, messageRef, storedText, type MessageRef } from '../../shared/messages';
import type { Delivery, DeliveryState } from '../../shared/contract/delivery';
import { nowIso, type Store } from '../store/store';
import { requireTarget } from './target';

export interface DeliveryRow {
  bundle_id: string;
  target_url: string;
  intake_fingerprint: string;
  file: string;
  sha256: string;
  size: number;
  state: DeliveryState;
  upload_url: string | null;
  acked_offset: number;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  refused_reason: string | null;
  receipt: string | null;
  receipt_signature: string | null;
  received_at: string | null;
  queued_at: string;
  updated_at: string;
}

/**
 * last_error and refused_reason hold why an attempt failed as JSON {text, messageKey,
 * messageParams} where the app has words for it: the English (logs, --json) and the key the outbox
 * and the CLI word in the user's language. The intake's own refusals, and rows written before,
 * hold the English alone (its fixed forms still have their key: storedText).
 */
const keepReason = (e: { message: string; ref: MessageRef | null }): string => (e.ref ? JSON.stringify({ text: e.message, ...e.ref }) : e.message);

function readReason(stored: string | null): { text: string | null; ref: MessageRef | null } {
  if (!stored) return { text: null, ref: null };
  if (stored.startsWith('{')) {
    try {
      const o = JSON.parse(stored) as { text?: unknown };
      if (typeof o.text === 'string') return { text: o.text, ref: messageRef(o) };
    } catch {
      /* English that happens to start with a brace */
    }
  }
  return { text: stored, ref: storedText(stored) };
}

export function toDelivery(r: DeliveryRow, liveOffset?: number, clockOffsetMs: number | null = null): Delivery {
  const reason = readReason(r.last_error);
  const refusal = readReason(r.refused_reason);
  const have = r.state === 'delivered' ? r.size : Math.max(r.acked_offset, liveOffset ?? 0);
  return {
    bundleId: r.bundle_id,
    file: r.file,
    size: r.size,
    sha256: r.sha256,
    targetUrl: r.target_url,
    state: r.state,
    percent: Math.min(100, Math.floor((have / r.size) * 1000) / 10),
    awaitingReceipt: r.state === 'sending' && have >= r.size,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'queued' || r.state === 'sending' ? r.next_attempt_at : null,
    lastError: reason.text,
    lastErrorRef: reason.ref,
    refusedReason: refusal.text,
    refusedReasonRef: refusal.ref,
    receivedAt: r.received_at,
    queuedAt: r.queued_at,
    clockOffsetMs,
  };
}

export function getRow(store: Store, bundleId: string): DeliveryRow | null {
  return (store.sql('SELECT * FROM deliveries WHERE bundle_id = ?').get(bundleId) as DeliveryRow | undefined) ?? null;
}

export function listRows(store: Store): DeliveryRow[] {
  return store.sql('SELECT * FROM deliveries ORDER BY queued_at DESC, bundle_id DESC').all() as DeliveryRow[];
}

/**
 * When a row is due: its next attempt's time, or now if the row was written later than now. That
 * row's times were set by a clock that has since been put back (a laptop's clock set right, by
 * hand or by the network): its next attempt, hours ahead by the corrected clock, is due now.
 */
const DUE = "CASE WHEN updated_at > :now THEN :now ELSE next_attempt_at END";

/** Rows the worker may take now: queued or sending (after a drop), due, oldest first. */
export function dueRows(store: Store, now = nowIso()): DeliveryRow[] {
  return store.sql(`SELECT * FROM deliveries WHERE state IN ('queued', 'sending') AND ${DUE} <= :now ORDER BY ${DUE}, queued_at`).all({ now }) as DeliveryRow[];
}

export function nextDue(store: Store, now = nowIso()): string | null {
  const r = store.sql(`SELECT MIN(${DUE}) AS t FROM deliveries WHERE state IN ('queued', 'sending')`).get({ now }) as { t: string | null };
  return r.t;
}

/**
 * The size of a bundle file in the outbox, checked when it is queued and before each attempt to
 * send it: a file gone (deleted or moved by hand) or changed since it was exported (its `recorded`
 * size) is refused, coded, as no retry can send it.
 */
export function outboxFileSize(file: string, recorded: number | undefined): number {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError('not_found', `the bundle file ${file} is missing from the outbox; export it again`, coded('target.bundleMissing', { file: path.basename(file) }));
  }
  if (recorded !== undefined && recorded !== size) throw new AppError('conflict', `the bundle file ${file} has changed since it was exported (${size} bytes, ${recorded} recorded); export it again`, coded('upload.changedSinceExport'));
  return size;
}

/** Queues an exported bundle (or queues it again after a refusal); a delivered one stays delivered. */
export function enqueue(store: Store, bundleId: string): DeliveryRow {
  const target = requireTarget(store);
  const b = store.sql("SELECT file_name, file_sha256, details FROM bundles WHERE id = ? AND direction = 'export'").get(bundleId) as { file_name: string; file_sha256: string; details: string } | undefined;
  if (!b) throw new AppError('not_found', `bundle ${bundleId} is not in the outbox`);
  const size = outboxFileSize(b.file_name, (JSON.parse(b.details) as { size?: number }).size);
  const existing = getRow(store, bundleId);
  if (existing && existing.state !== 'refused') return existing;
  const now = nowIso();
  store.tx(() => {
    if (existing) store.sql('DELETE FROM deliveries WHERE bundle_id = ?').run(bundleId);
    store
      .sql(
        `INSERT INTO deliveries (bundle_id, target_url, intake_fingerprint, file, sha256, size, state, next_attempt_at, queued_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(bundleId, target.url, target.intakeFingerprint, b.file_name, b.file_sha256, size, now, now, now);
    store.audit(null, 'delivery.queue', { target: bundleId, newValue: target.url, oldValue: existing ? `refused: ${readReason(existing.refused_reason).text}` : undefined });
  });
  return getRow(store, bundleId)!;
}

/**
 * A row's upload is under way, with its upload's URL once the intake gave it: that write is synced
 * (a restart, also after a power cut, resumes that upload instead of sending every byte again);
 * the state alone is bookkeeping (unsynced, below: a row still 'queued' is taken all the same).
 */
export function markSending(store: Store, bundleId: string, patch: { uploadUrl?: string }): void {
  const write = () =>
    store
      .sql("UPDATE deliveries SET state = 'sending', upload_url = COALESCE(?, upload_url), updated_at = ? WHERE bundle_id = ? AND state IN ('queued', 'sending')")
      .run(patch.uploadUrl ?? null, nowIso(), bundleId);
  if (patch.uploadUrl) write();
  else store.unsynced(write);
}

/*
 * The progress of an upload (the offset the intake acknowledged; an attempt that failed and when
 * the next comes) is bookkeeping the intake is asked again for, so it is committed without
 * waiting for the disk (Store.unsynced): a synced commit for each cut held the resumption for
 * one or two fsyncs of the app's store (5-50 ms each on a busy disk), in the main process.
 */

export function markAcked(store: Store, bundleId: string, offset: number): void {
  store.unsynced(() =>
    store.sql("UPDATE deliveries SET acked_offset = MAX(acked_offset, ?), updated_at = ? WHERE bundle_id = ? AND state IN ('queued', 'sending')").run(offset, nowIso(), bundleId),
  );
}

export function markRetry(store: Store, bundleId: string, error: { message: string; ref: MessageRef | null }, nextAt: string): void {
  store.unsynced(() =>
    store.sql("UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE bundle_id = ? AND state IN ('queued', 'sending')").run(keepReason(error), nextAt, nowIso(), bundleId),
  );
}

export function markDelivered(store: Store, bundleId: string, receipt: { text: string; signature: string; receivedAt: string }): void {
  store.tx(() => {
    store
      .sql("UPDATE deliveries SET state = 'delivered', acked_offset = size, receipt = ?, receipt_signature = ?, received_at = ?, last_error = NULL, updated_at = ? WHERE bundle_id = ? AND state IN ('queued', 'sending')")
      .run(receipt.text, receipt.signature, receipt.receivedAt, nowIso(), bundleId);
    store.audit(null, 'delivery.delivered', { target: bundleId, newValue: receipt.receivedAt });
  });
}

export function markRefused(store: Store, bundleId: string, reason: { message: string; ref: MessageRef | null }): void {
  store.tx(() => {
    store.sql("UPDATE deliveries SET state = 'refused', refused_reason = ?, attempts = attempts + 1, updated_at = ? WHERE bundle_id = ? AND state IN ('queued', 'sending')").run(keepReason(reason), nowIso(), bundleId);
    store.audit(null, 'delivery.refused', { target: bundleId, reason: reason.message });
  });
}

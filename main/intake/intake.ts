/**
 * The intake's logic, apart from HTTP: who may send (enrolled, unrevoked signers, checked on every
 * request), quotas, and what happens when an upload is complete: the bundle is verified (zip caps,
 * signature, SHA256SUMS, embedded key = manifest signer, enrolled signer, bundle id and SHA-256
 * equal to what the upload announced), claimed by bundle id in the index (exactly once: a bundle
 * id already received keeps its first copy and receipt), and answered with a signed receipt.
 * Bytes that fail are deleted and the refusal recorded.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/contract/common';
import { messageRef } from '../../shared/messages';
import { DEFAULT_LIMITS, type ArchiveLimits } from '../bundle/limits';
import { readArchive } from '../bundle/reader';
import { fingerprintOf, parsePublicKeyPem } from '../keys/fingerprint';
import type { IntakeIndex, ReceivedBundle, Signer, SignerRole } from './index-store';
import { DEFAULT_QUOTA_BYTES, MAX_UPLOADS_IN_PROGRESS } from './index-store';
import type { IntakeKey } from './intake-key';
import { isAgeFile } from '../bundle/age';
import { Arrivals, digestFile, type ArrivedDigest } from './arrival';
import { encryptedStatement, makeReceipt, UploadMeta, type SignedReceipt } from './protocol';
import { IntakeRefusal, readStoredRefusal, refusal, storedRefusal } from './reasons';
import type { BundleStorage } from './storage';

export { IntakeRefusal };

/**
 * Retry-After of a 429 (a device with the most uploads in progress the intake keeps): uploads in
 * progress end when completed, ended by their device, or swept after 14 days without a byte, none
 * of which the next few seconds are likely to bring.
 */
export const BUSY_RETRY_AFTER_S = 600;

/** How often a running intake sweeps expired uploads (it sweeps at start too). */
export const SWEEP_EVERY_MS = 3600 * 1000;

/**
 * An upload in the storage that no index row names is deleted only once its last write is at
 * least this old, however short the expiry a sweep is asked for: another intake process on the
 * same folder and index may be creating it right now (its row and its files are not written at
 * one instant). Far longer than any creation, far shorter than the expiry.
 */
export const ORPHAN_GRACE_MS = 3600 * 1000;

/** What becomes of an upload's bytes that could not be deleted where no row names it any more. */
const LEFT_FOR_SWEEP = 'left for the sweep to delete once expired';

/** The release of an upload's lock. */
export type ReleaseUpload = () => Promise<void>;

/** The server's locks on uploads (server.ts gives tus's), one request at a time on an upload. */
export interface UploadLocks {
  /** Takes the lock: a request still writing into the upload is ended first (keeping what arrived). */
  hold(uploadId: string): Promise<ReleaseUpload>;
  /** Takes the lock only if no request holds it now (none is ended); null if one does. */
  tryHold(uploadId: string): Promise<ReleaseUpload> | null;
}

export type FinalizeResult = { receipt: SignedReceipt; duplicate: boolean };

export interface IntakeOptions {
  index: IntakeIndex;
  storage: BundleStorage;
  key: IntakeKey;
  limits?: ArchiveLimits;
  log?: (line: string) => void;
  /**
   * Hash uploads as they arrive (arrival.ts). Only where this process is the only writer of its
   * uploads (not when several intake processes share one folder, where another could write an
   * upload between or beside this one's writes); then every upload is read again at completion.
   */
  hashOnArrival?: boolean;
}

/** An upload that is not there to finish (ended, superseded, swept): the sender starts again. */
const gone = (uploadId: string, bundleId: string) => new IntakeRefusal(404, 'not_found', `no upload ${uploadId} for bundle ${bundleId}`);

const toReceipt = (r: ReceivedBundle): SignedReceipt => ({ receipt: r.receipt, signature: r.receiptSignature });

export class Intake {
  readonly index: IntakeIndex;
  readonly storage: BundleStorage;
  readonly key: IntakeKey;
  private limits: ArchiveLimits;
  private log: (line: string) => void;
  private keys = new Map<string, KeyObject>();
  private finishing = new Map<string, Promise<FinalizeResult>>();
  /** Hashes of the uploads as their bytes arrive (arrival.ts), so completion need not read them again. */
  private arrivals = new Arrivals();
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(o: IntakeOptions) {
    this.index = o.index;
    this.storage = o.storage;
    this.key = o.key;
    this.limits = o.limits ?? DEFAULT_LIMITS;
    this.log = o.log ?? (() => {});
    if (o.hashOnArrival ?? true) this.storage.watchWrites?.(this.arrivals);
  }

  /** Ends what the intake runs besides its index (the hashing worker); the index is closed by its owner. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.sweeping;
    await this.arrivals.close();
  }

  async enrol(input: { publicKeyPem: string; name: string; organisation: string; role?: SignerRole; quotaBytes?: number }): Promise<Signer> {
    const key = parsePublicKeyPem(input.publicKeyPem, 'signer public key');
    if (!input.name.trim()) throw new AppError('invalid_input', 'a signer needs a name (--name)');
    return this.index.addSigner({
      fingerprint: fingerprintOf(key),
      publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
      name: input.name,
      organisation: input.organisation,
      role: input.role ?? 'device',
      quotaBytes: input.quotaBytes ?? DEFAULT_QUOTA_BYTES,
    });
  }

  /** The usable key of an enrolled signer, or why there is none. Revocation is read fresh each time. */
  async signerKey(fingerprint: string, role?: SignerRole): Promise<KeyObject | IntakeRefusal> {
    const e = await this.enrolled(fingerprint, role);
    return e instanceof IntakeRefusal ? e : (e.refusal ?? e.key);
  }

  /**
   * An enrolled signer's key, with why it may not act (revoked, another role) if so; or why there
   * is no key. A request is checked against the key before the refusal is told (protocol.ts): only
   * the key's holder learns its name, revocation and reason.
   */
  async enrolled(fingerprint: string, role?: SignerRole): Promise<{ key: KeyObject; refusal: IntakeRefusal | null } | IntakeRefusal> {
    const s = await this.index.getSigner(fingerprint);
    if (!s) return refusal('not_enrolled', { fingerprint });
    let key = this.keys.get(fingerprint);
    if (!key) this.keys.set(fingerprint, (key = parsePublicKeyPem(s.publicKeyPem)));
    if (s.revokedAt) return { key, refusal: refusal('revoked', { fingerprint, name: s.name, revokedAt: s.revokedAt, why: s.revokedReason ?? '' }) };
    if (role === 'device' && s.role !== role) return { key, refusal: refusal('receiver_cannot_send', { fingerprint, name: s.name }) };
    if (role && s.role !== role) return { key, refusal: refusal('wrong_role', { fingerprint, name: s.name, role: s.role, expected: role }) };
    return { key, refusal: null };
  }

  /** Before tus creates an upload: metadata, size, duplicates and the uploader's quota. */
  async beforeCreate(uploadId: string, uploader: string, size: number | undefined, metadata: Record<string, string | null> | undefined): Promise<UploadMeta> {
    if (size === undefined || !Number.isSafeInteger(size) || size <= 0) throw refusal('bad_request', { detail: 'an upload must announce its length (Upload-Length) and it must be positive' });
    const pick = (k: string) => metadata?.[k] ?? undefined;
    const meta = UploadMeta.safeParse({ bundleId: pick('bundleId'), sha256: pick('sha256'), filename: pick('filename'), signer: pick('signer'), detachedSig: pick('detachedSig') });
    if (!meta.success) throw refusal('bad_request', { detail: 'Upload-Metadata must carry the bundleId (UUID) and sha256 (hex) of the bundle (and for an encrypted bundle its signer and detached signature)' });
    const done = await this.index.received(meta.data.bundleId);
    if (done && (await this.mayHaveReceipt(done, uploader))) throw new IntakeRefusal(409, 'already_received', JSON.stringify(toReceipt(done)));
    // a bundle id alone does not earn another device its receipt (who sent it, when)
    if (done) throw refusal('already_received_elsewhere', { bundleId: meta.data.bundleId });
    const signer = (await this.index.getSigner(uploader))!;
    const reserve = () => this.index.reserveUpload({ uploadId, uploader, bundleId: meta.data.bundleId, size }, { quotaBytes: signer.quotaBytes, maxUploads: MAX_UPLOADS_IN_PROGRESS });
    let r = await reserve();
    // the device's expired uploads (tus already answers them 410) give their room back now, not at the next sweep
    if (!r.reserved && (await this.sweep(this.storage.expireAfterMs, uploader)) > 0) r = await reserve();
    if (!r.reserved && r.over === 'uploads') {
      const n = await this.index.uploadsInProgress(uploader);
      const days = Math.round(this.storage.expireAfterMs / 86_400_000);
      throw new IntakeRefusal(429, 'too_many_uploads', `${signer.name} has ${n} uploads in progress, the most this intake keeps for one device (${MAX_UPLOADS_IN_PROGRESS}); try again once some are complete (unfinished ones are deleted after ${days} days without a byte)`, BUSY_RETRY_AFTER_S);
    }
    if (!r.reserved) {
      const used = await this.index.usage(uploader);
      throw refusal('over_quota', { name: signer.name, used, size, quota: signer.quotaBytes });
    }
    // earlier uploads of this bundle by this device, which made room for this one: their bytes go
    for (const id of r.superseded) {
      if (this.finishing.has(id)) continue; // complete and being verified: it ends on its own, not accepted (index.claim)
      // (bytes that cannot be deleted now do not fail this creation: no row names them any more, so the sweep deletes them once expired)
      const deleted = await this.abandon(id);
      this.log(`upload ${id} (bundle ${meta.data.bundleId}) superseded by upload ${uploadId} from ${uploader}: its bytes ${deleted ? 'deleted' : 'left'}`);
    }
    return meta.data;
  }

  /**
   * The server's upload locks: abandoning an upload takes its lock, so bytes are not written on
   * into a file already deleted. Null where no server runs.
   */
  uploadLocks: UploadLocks | null = null;

  /**
   * An upload that will not be completed (ended by its device, refused at creation, superseded):
   * its bytes, hashes and quota reservation go. Bytes that cannot be deleted (logged) do not keep
   * its row: the upload is over all the same, and the sweep deletes them, rowless, once expired.
   * Whether its bytes were deleted.
   */
  async abandon(uploadId: string): Promise<boolean> {
    const release = await this.uploadLocks?.hold(uploadId).catch(() => null);
    try {
      const deleted = await this.deleteBytes(uploadId, LEFT_FOR_SWEEP);
      await this.index.releaseUpload(uploadId);
      return deleted;
    } finally {
      await release?.();
    }
  }

  /**
   * Deletes an upload's record and bytes, and forgets its hashes. Where they cannot be deleted
   * (EACCES, EROFS, EPERM, EBUSY…) that is logged, with what becomes of them (`then`), and false
   * returned: its caller answers as it would have (a refusal, a receipt), not with a fault.
   */
  private async deleteBytes(uploadId: string, then: string): Promise<boolean> {
    this.arrivals.forget(uploadId);
    return this.deleting(`upload ${uploadId}`, () => this.storage.discard(uploadId), then);
  }

  /** Runs a deletion; one that fails is logged once (`what` could not be deleted, and `then`), and false returned. */
  private async deleting(what: string, remove: () => Promise<void>, then: string): Promise<boolean> {
    try {
      await remove();
      return true;
    } catch (e) {
      this.log(`could not delete ${what} (${(e as NodeJS.ErrnoException).code ?? 'error'}: ${(e as Error).message}); ${then}`);
      return false;
    }
  }

  /**
   * Only the device that created an upload may continue, inspect or end it, and only while the
   * index has its row: an upload ended (superseded, refused, received) whose files could not be
   * deleted is gone all the same (404), never written on with bytes no quota counts.
   */
  async checkOwner(uploadId: string, fingerprint: string): Promise<void> {
    // an upload that cannot be read (unknown, or its record or bytes gone) is tus's 404 or 410, and nobody's to end
    const uploader = (await this.storage.datastore.getUpload(uploadId)).metadata?.uploader;
    if (uploader !== fingerprint) throw refusal('not_yours', {});
    if (!(await this.index.hasUpload(uploadId))) throw new IntakeRefusal(404, 'not_found', `no upload ${uploadId}`);
  }

  /**
   * An upload as the storage has it, or null where it is gone (tus's 404 or 410). A storage that
   * cannot say now (StorageUnreachable) throws: the upload is not taken for gone, and its sender
   * comes back (503) instead of starting again.
   */
  private uploadIfThere(uploadId: string) {
    return this.storage.datastore.getUpload(uploadId).catch((e: unknown) => {
      const status = (e as { status_code?: unknown } | null)?.status_code;
      if (status === 404 || status === 410) return null;
      throw e;
    });
  }

  /** Verifies and accepts a complete upload; safe to call again (and from several processes). */
  finalize(uploadId: string, bundleId: string): Promise<FinalizeResult> {
    let p = this.finishing.get(uploadId);
    if (!p) {
      p = this.doFinalize(uploadId, bundleId).finally(() => this.finishing.delete(uploadId));
      this.finishing.set(uploadId, p);
    }
    return p;
  }

  /**
   * Refuses a complete upload (422, whatever the reason's own status): its bytes go, the refusal is
   * recorded with its code. Bytes that cannot be deleted are refused all the same (logged; the
   * sweep deletes them, rowless, once expired).
   */
  private async refuse(uploadId: string, bundleId: string, uploader: string, why: IntakeRefusal): Promise<never> {
    await this.deleteBytes(uploadId, LEFT_FOR_SWEEP);
    await this.index.refuse({ uploadId, bundleId, uploader, reason: storedRefusal(why), at: new Date().toISOString() });
    await this.index.releaseUpload(uploadId);
    this.log(`refused upload ${uploadId} (bundle ${bundleId}): ${why.message}`);
    throw new IntakeRefusal(422, why.code, why.message, null, why.params);
  }

  private async doFinalize(uploadId: string, bundleId: string): Promise<FinalizeResult> {
    const upload = await this.uploadIfThere(uploadId);
    if (!upload) return this.afterOthers(uploadId, bundleId);
    const md = upload.metadata ?? {};
    const meta = UploadMeta.parse({ bundleId: md.bundleId, sha256: md.sha256, signer: md.signer ?? undefined, detachedSig: md.detachedSig ?? undefined });
    const uploader = upload.metadata?.uploader ?? '';
    if (upload.size === undefined || upload.offset !== upload.size) throw new IntakeRefusal(409, 'incomplete', `the upload has ${upload.offset} of ${upload.size ?? '?'} bytes`);
    const arrived = await this.arrivals.take(uploadId, upload.size);
    // its requests were each signed by an enrolled key; one revoked since (while its last PATCH
    // ran) has its upload refused like any other request of a revoked key
    const by = await this.signerKey(uploader);
    if (by instanceof IntakeRefusal) return this.refuse(uploadId, meta.bundleId, uploader, as('uploader', by));

    const first = await this.index.received(meta.bundleId);
    if (first) {
      // (its bytes not deleted: the sender still has the first receipt; the sweep deletes them, rowless, once expired)
      await this.deleteBytes(uploadId, LEFT_FOR_SWEEP);
      await this.index.releaseUpload(uploadId);
      return { receipt: toReceipt(first), duplicate: true };
    }

    const local = await this.storage.localFile(uploadId);
    if (!local) return this.afterOthers(uploadId, meta.bundleId);
    let checked: { signer: string } | IntakeRefusal;
    try {
      checked = await this.verifyFile(local.file, { bundleId: meta.bundleId, sha256: meta.sha256, size: upload.size, signer: meta.signer, detachedSig: meta.detachedSig }, arrived);
    } finally {
      await local.release();
    }
    if (checked instanceof IntakeRefusal) return this.refuse(uploadId, meta.bundleId, uploader, checked);
    const signer = checked.signer;

    const location = await this.storage.accept(uploadId, meta.bundleId);
    if (!location) return this.afterOthers(uploadId, meta.bundleId);
    // its record (a record that cannot be deleted does not stop the acceptance: the sweep deletes it, rowless, once expired)
    await this.deleteBytes(uploadId, LEFT_FOR_SWEEP);
    const receipt = makeReceipt({ intake: this.key.fingerprint, bundleId: meta.bundleId, sha256: meta.sha256, size: upload.size, signer, uploader, receivedAt: new Date().toISOString() }, this.key.sign);
    const claimed = await this.index.claim(uploadId, {
      bundleId: meta.bundleId,
      sha256: meta.sha256,
      size: upload.size,
      signer,
      uploader,
      receivedAt: JSON.parse(receipt.receipt).receivedAt,
      location,
      receipt: receipt.receipt,
      receiptSignature: receipt.signature,
    });
    // a copy not claimed (another took the bundle id, or this upload was superseded): where it
    // cannot be deleted, the answer is the same (logged; no row names it, so the sweep deletes it)
    if (!claimed?.won) await this.deleting(location, () => this.storage.removeAccepted(location), 'left for the sweep to delete in an hour');
    // superseded while it was verified (beforeCreate): its device created the bundle's upload
    // again, which took this one's reservation; that one carries the bundle
    if (!claimed) throw gone(uploadId, meta.bundleId);
    const { won, row } = claimed;
    this.log(`${won ? 'received' : 'duplicate of'} bundle ${meta.bundleId} (${upload.size} bytes) from ${uploader}; ${arrived ? 'hashed as it arrived' : 'hashed by reading it again'}`);
    return { receipt: toReceipt(row), duplicate: !won };
  }

  /**
   * What the intake checks before it accepts bytes: their size and SHA-256 as announced, the
   * archive (zip caps, signature, SHA256SUMS, embedded key = manifest signer), the bundle id, and
   * an enrolled, unrevoked signer. The bundle's signer, or why the bytes are refused. `arrived`:
   * the hashes taken as the bytes were written (the file is then not read again for them).
   */
  async verifyFile(
    file: string,
    expect: { bundleId: string; sha256: string; size: number; signer?: string; detachedSig?: string },
    arrived: ArrivedDigest | null = null,
  ): Promise<{ signer: string } | IntakeRefusal> {
    const encrypted = isAgeFile(file);
    // the file's hash (for the receipt) and its entries' (for the archive check): taken as the
    // bytes arrived, or else now, in one pass over the file
    const got = arrived ?? (await digestFile(file));
    if (got.size !== expect.size || got.sha256 !== expect.sha256) return refusal('bytes_differ', { bundleId: expect.bundleId });
    if (encrypted) {
      // Encrypted for the ministry: the intake cannot open it; its signer vouches for these exact bytes.
      if (!expect.signer || !expect.detachedSig) return refusal('encrypted_unsigned', {});
      const k = await this.bundleSignerKey(expect.signer);
      if (k instanceof IntakeRefusal) return k;
      if (!crypto.verify(null, encryptedStatement(expect.bundleId, got.sha256, got.size), k, Buffer.from(expect.detachedSig, 'base64'))) return refusal('encrypted_altered', {});
      return { signer: expect.signer };
    }
    let manifest;
    try {
      manifest = (await readArchive(file, { limits: this.limits, known: got.entries })).manifest;
    } catch (e) {
      return refusal(INVALID_BUNDLE[messageRef((e as AppError).details)?.messageKey ?? ''] ?? 'bundle_unreadable', { detail: (e as Error).message });
    }
    if (manifest.bundleId !== expect.bundleId) return refusal('bundle_id_mismatch', { inside: manifest.bundleId, announced: expect.bundleId });
    const k = await this.bundleSignerKey(manifest.signer.fingerprint);
    if (k instanceof IntakeRefusal) return k;
    return { signer: manifest.signer.fingerprint };
  }

  /**
   * The key of a bundle's signer, which must be an enrolled, unrevoked device: bundles travel to
   * the ministry, and one signed by a receiver (the ministry's own key: a draft it returned to a
   * department) is its own work coming back as it left, never a device's (any change a department
   * makes is signed with its own key at export). Or why it is not accepted.
   */
  private async bundleSignerKey(fingerprint: string): Promise<KeyObject | IntakeRefusal> {
    const k = await this.signerKey(fingerprint, 'device');
    return k instanceof IntakeRefusal ? as('signer', k) : k;
  }

  /** The upload is gone: another call or process accepted or refused it; wait for its outcome. */
  private async afterOthers(uploadId: string, bundleId: string): Promise<FinalizeResult> {
    for (let i = 0; i < 200; i++) {
      const refused = await this.index.refusal(uploadId);
      if (refused) throw readStoredRefusal(refused.reason);
      const accepted = await this.index.received(bundleId);
      if (accepted) return { receipt: toReceipt(accepted), duplicate: !accepted.location.includes(uploadId) };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw gone(uploadId, bundleId);
  }

  /**
   * Expired uploads (of `uploader`, or all): unfinished with no byte stored for `maxAgeMs` (the
   * storage's expiry, as tus's 410: storage.ts), counted from the last byte stored, or from the
   * reservation when no byte is here. Their bytes are deleted and their quota released (the sender
   * starts again if it still wants to). Never one being verified, nor one a request holds (a PATCH
   * writing: its bytes are arriving), here or, by its last byte's time, at another process.
   * The whole sweep (no `uploader`) also deletes orphans: uploads in the storage that no index row
   * names (an intake killed mid-creation, a row released while its file's deletion failed), by
   * the same expiry but never younger than ORPHAN_GRACE_MS (another process may be creating it);
   * and accepted copies no received row names (a duplicate's whose deletion failed, an intake
   * killed between a copy's move and its claim) once ORPHAN_GRACE_MS old (another process may be
   * claiming it). Bytes that cannot be deleted are logged and passed by, an upload's row kept for
   * the next sweep. Returns how many were deleted.
   */
  async sweep(maxAgeMs = this.storage.expireAfterMs, uploader?: string): Promise<number> {
    const now = Date.now();
    const before = now - maxAgeMs;
    // the storage's uploads listed before the index's rows: a row is reserved before its file is
    // created (beforeCreate), so a file listed has its row in the rows listed after, if it has one
    const stored = uploader ? [] : await this.storage.storedUploads();
    const rows = await this.index.unfinishedUploads(uploader);
    const named = new Set(rows.map((r) => r.uploadId));
    const orphanBefore = Math.min(before, now - ORPHAN_GRACE_MS);
    const candidates = [
      ...rows.map((r) => ({ uploadId: r.uploadId, since: Date.parse(r.createdAt), before })),
      ...stored.filter((u) => !named.has(u.uploadId)).map((u) => ({ uploadId: u.uploadId, since: u.lastStored, before: orphanBefore })),
    ];
    const expired = async (u: (typeof candidates)[number]) => !this.finishing.has(u.uploadId) && ((await this.storage.lastStored(u.uploadId)) ?? u.since) <= u.before;
    let swept = 0;
    let orphans = 0;
    for (const u of candidates) {
      if (!(await expired(u))) continue;
      const locks = this.uploadLocks;
      const release = locks ? locks.tryHold(u.uploadId) : Promise.resolve(async () => {});
      if (!release) continue; // a request is on it
      const unlock = await release;
      try {
        // (asked again under the lock: a byte may have come meanwhile, here or at another process)
        if (!(await expired(u))) continue;
        if (!(await this.deleteBytes(u.uploadId, 'kept for the next sweep'))) continue;
        await this.index.releaseUpload(u.uploadId);
        swept++;
        if (!named.has(u.uploadId)) orphans++;
      } finally {
        await unlock();
      }
    }
    if (swept) this.log(`swept ${swept} unfinished upload(s) with no byte for ${Math.round(maxAgeMs / 3600_000)} h${orphans ? ` (${orphans} of them no longer in the index)` : ''}`);
    const copies = uploader ? 0 : await this.sweepUnclaimedCopies(now - ORPHAN_GRACE_MS);
    return swept + copies;
  }

  /** Deletes accepted copies that no received row names, moved there before `before` (sweep). How many. */
  private async sweepUnclaimedCopies(before: number): Promise<number> {
    // (listed before the rows: a copy claimed meanwhile is in the rows)
    const old = (await this.storage.storedAccepted()).filter((c) => c.at <= before);
    if (!old.length) return 0;
    const named = await this.index.receivedLocations();
    let n = 0;
    for (const { location } of old) {
      if (named.has(location) || this.finishing.has(location.split('.')[1]!)) continue; // (`<bundle>.<upload>.gcmr`)
      if (await this.deleting(location, () => this.storage.removeAccepted(location), 'kept for the next sweep')) n++;
    }
    if (n) this.log(`swept ${n} accepted cop${n === 1 ? 'y' : 'ies'} no received bundle names`);
    return n;
  }

  /**
   * Sweeps now, then every `periodMs` until closed: an intake restarted more often than the period
   * (a crash loop, a nightly redeploy) still sweeps. Resolves with the first sweep's count.
   */
  sweepEvery(periodMs = SWEEP_EVERY_MS): Promise<number> {
    const run = (): Promise<number> => {
      // (one sweep at a time: a slow one is not run over by the next)
      this.sweeping ??= this.sweep()
        .catch((e) => {
          this.log(`sweep failed: ${(e as Error).message}`);
          return 0;
        })
        .finally(() => (this.sweeping = null));
      return this.sweeping;
    };
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = setInterval(() => void run(), periodMs);
    this.sweeper.unref();
    return run();
  }

  /** Whether `requester` may see a received bundle's receipt: its uploader, its signer, or a receiver. */
  private async mayHaveReceipt(r: ReceivedBundle, requester: string): Promise<boolean> {
    return r.uploader === requester || r.signer === requester || (await this.index.getSigner(requester))?.role === 'receiver';
  }

  /**
   * A receipt for a bundle id, or (given the upload that carried it) the outcome of that upload.
   * Only the device that uploaded it, the bundle's signer, or a receiver may have a receipt; an
   * upload's refusal, or its completion, only its device (to anyone else: as for an unknown one).
   */
  async receiptFor(bundleId: string, uploadId: string | null, requester: string): Promise<SignedReceipt> {
    const r = await this.index.received(bundleId);
    if (r && (await this.mayHaveReceipt(r, requester))) return toReceipt(r);
    if (uploadId) {
      // (its uploader's only: a refusal may carry the uploader's name and why its key was revoked)
      const refused = await this.index.refusal(uploadId);
      if (refused && refused.bundleId === bundleId && refused.uploader === requester) throw readStoredRefusal(refused.reason);
      const upload = await this.uploadIfThere(uploadId);
      if (upload && upload.metadata?.bundleId === bundleId && upload.metadata?.uploader === requester && upload.size !== undefined && upload.offset === upload.size) {
        return (await this.finalize(uploadId, bundleId)).receipt;
      }
    }
    throw new IntakeRefusal(404, 'not_received', `bundle ${bundleId} has not been received`);
  }
}

/** Why the desktop's reader refused a bundle (main/bundle/refusals.ts), as the intake's reason. */
const INVALID_BUNDLE: Record<string, 'bundle_unsafe' | 'bundle_altered' | 'bundle_newer_format'> = {
  'bundle.unsafe': 'bundle_unsafe',
  'bundle.altered': 'bundle_altered',
  'bundle.inconsistent': 'bundle_altered',
  'bundle.badSignature': 'bundle_altered',
  'bundle.newerFormat': 'bundle_newer_format',
};

/** A signer not accepted (not enrolled, revoked, a receiver), as the reason for the upload's device or for the bundle's signer. */
function as(who: 'uploader' | 'signer', r: IntakeRefusal): IntakeRefusal {
  const p = r.params as { fingerprint: string; name: string; revokedAt: string; why: string };
  // (its fingerprint only: the uploader holds a bundle this key signed, and learns no more of it)
  if (r.code === 'receiver_cannot_send') return refusal('signer_is_receiver', { fingerprint: p.fingerprint });
  if (r.code === 'revoked') return refusal(who === 'uploader' ? 'uploader_revoked' : 'signer_revoked', p);
  return refusal(who === 'uploader' ? 'uploader_not_enrolled' : 'signer_not_enrolled', { fingerprint: p.fingerprint });
}

export const randomUploadId = () => crypto.randomBytes(16).toString('hex');

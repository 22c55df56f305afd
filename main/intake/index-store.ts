/**
 * The intake's index: enrolled signers, uploads in progress (for quotas), bundles received with
 * their receipts, and refusals. One interface; SQLite (the default, one process) and PostgreSQL
 * (several intake processes sharing one index) implement it. Exactly once rests on `claim`: the
 * first bundle id recorded wins, every later claim gets the first one's row.
 */
export type SignerRole = 'device' | 'receiver';

export interface Signer {
  fingerprint: string;
  publicKeyPem: string;
  name: string;
  organisation: string;
  role: SignerRole;
  quotaBytes: number;
  addedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface ReceivedBundle {
  /** Order of arrival (for receivers pulling "everything after N"). */
  seq: number;
  bundleId: string;
  sha256: string;
  size: number;
  signer: string;
  uploader: string;
  receivedAt: string;
  /** Where the storage keeps the bytes (a key the storage understands). */
  location: string;
  receipt: string;
  receiptSignature: string;
}

export interface UploadReservation {
  uploadId: string;
  uploader: string;
  bundleId: string;
  size: number;
}

export interface UploadLimits {
  quotaBytes: number;
  /** Uploads in progress at once: each costs files and a row whatever its size, which bytes alone do not bound. */
  maxUploads: number;
}

export type Reservation = { reserved: true; superseded: string[] } | { reserved: false; over: 'bytes' | 'uploads'; superseded: [] };

export interface Refusal {
  uploadId: string;
  bundleId: string;
  uploader: string;
  reason: string;
  at: string;
}

export interface IntakeIndex {
  readonly kind: 'sqlite' | 'postgres';
  addSigner(s: Omit<Signer, 'addedAt' | 'revokedAt' | 'revokedReason'>): Promise<Signer>;
  getSigner(fingerprint: string): Promise<Signer | null>;
  listSigners(): Promise<Signer[]>;
  revokeSigner(fingerprint: string, reason: string | null): Promise<Signer>;
  /**
   * Records an upload about to be created if the uploader's bytes (received plus every upload in
   * progress) stay within its quota and its uploads in progress within `maxUploads`. Atomic across
   * processes. Where they would not, the device's earlier uploads of the same bundle (uploads it
   * gave up on, e.g. when the answer to its POST was lost), oldest first, make room: their
   * reservations are dropped here and they are returned as `superseded`, for the caller to delete
   * their bytes. Not reserved (nothing changed) when even that is not enough, saying which limit.
   */
  reserveUpload(u: UploadReservation, limits: UploadLimits): Promise<Reservation>;
  /** How many uploads the device has in progress (reserved, not yet received, refused or swept). */
  uploadsInProgress(fingerprint: string): Promise<number>;
  releaseUpload(uploadId: string): Promise<void>;
  /** Whether the upload is in progress (reserved, not yet received, refused, ended or swept). */
  hasUpload(uploadId: string): Promise<boolean>;
  /** Every upload in progress (reserved, not yet received, refused or swept), or `uploader`'s, with when it was reserved, for the sweep. */
  unfinishedUploads(uploader?: string): Promise<Array<UploadReservation & { createdAt: string }>>;
  usage(fingerprint: string): Promise<number>;
  /**
   * Inserts the bundle unless its id is there already, and ends the reservation of the upload
   * that carried it, in one transaction under its uploader's quota lock (reserveUpload's); returns
   * the row that holds the id and whether it is ours. Null, nothing inserted, when that upload's
   * reservation is gone (superseded while it was being verified): its bytes no longer count, so
   * accepting them would let the device hold more than its quota.
   */
  claim(uploadId: string, b: Omit<ReceivedBundle, 'seq'>): Promise<{ won: boolean; row: ReceivedBundle } | null>;
  received(bundleId: string): Promise<ReceivedBundle | null>;
  listReceived(afterSeq: number, limit: number): Promise<ReceivedBundle[]>;
  countReceived(): Promise<number>;
  /** Where the storage keeps every received bundle (their `location`s), for the sweep to tell the copies no row names. */
  receivedLocations(): Promise<Set<string>>;
  /**
   * Records a signed request's nonce for its signer until `untilMs` (ms since the epoch): true the
   * first time, false when it is there already (a replayed request). Atomic across processes;
   * nonces past their time are forgotten now and then.
   */
  firstUse(signer: string, nonce: string, untilMs: number): Promise<boolean>;
  refuse(r: Refusal): Promise<void>;
  refusal(uploadId: string): Promise<Refusal | null>;
  close(): Promise<void>;
}

export const DEFAULT_QUOTA_BYTES = 2 * 1024 ** 3;
/** Uploads one device may have in progress at once (the app runs two; abandoned ones wait for the sweep, or for their device's next creation once expired). */
export const MAX_UPLOADS_IN_PROGRESS = 100;

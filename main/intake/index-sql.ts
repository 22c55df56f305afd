/**
 * The intake's index over SQL, written once for both engines: a driver runs `?`-placeholder SQL
 * and transactions; SQLite (one file, the default) and PostgreSQL (shared by several intake
 * processes) each provide one (index-sqlite.ts, index-postgres.ts).
 */
import { AppError } from '../../shared/contract/common';
import type { IntakeIndex, ReceivedBundle, Refusal, Reservation, Signer, UploadLimits, UploadReservation } from './index-store';
import { rowToReceived, rowToSigner, type ReceivedRow, type SignerRow } from './index-rows';

export interface SqlRunner {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface SqlDriver extends SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction that no other writer interleaves with for the same `lockKey`. */
  tx<T>(lockKey: string, fn: (q: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const now = () => new Date().toISOString();
/** How often a process deletes the nonces past their time (they are refused by their date by then anyway). */
const NONCE_SWEEP_MS = 60_000;

export class SqlIndex implements IntakeIndex {
  constructor(private d: SqlDriver) {}

  get kind() {
    return this.d.kind;
  }

  async addSigner(s: Omit<Signer, 'addedAt' | 'revokedAt' | 'revokedReason'>): Promise<Signer> {
    const n = await this.d.run(
      'INSERT INTO signers (fingerprint, public_key_pem, name, organisation, role, quota_bytes, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING',
      [s.fingerprint, s.publicKeyPem, s.name, s.organisation, s.role, s.quotaBytes, now()],
    );
    const row = (await this.getSigner(s.fingerprint))!;
    if (n === 0) {
      throw new AppError('conflict', row.revokedAt ? `${s.fingerprint} was revoked on ${row.revokedAt}; a revoked key cannot be enrolled again` : `${s.fingerprint} is already enrolled (${row.name}, ${row.organisation})`);
    }
    return row;
  }

  async getSigner(fingerprint: string): Promise<Signer | null> {
    const [r] = await this.d.all<SignerRow>('SELECT * FROM signers WHERE fingerprint = ?', [fingerprint]);
    return r ? rowToSigner(r) : null;
  }

  async listSigners(): Promise<Signer[]> {
    return (await this.d.all<SignerRow>('SELECT * FROM signers ORDER BY added_at, fingerprint')).map(rowToSigner);
  }

  async revokeSigner(fingerprint: string, reason: string | null): Promise<Signer> {
    await this.d.run('UPDATE signers SET revoked_at = ?, revoked_reason = ? WHERE fingerprint = ? AND revoked_at IS NULL', [now(), reason, fingerprint]);
    const s = await this.getSigner(fingerprint);
    if (!s) throw new AppError('not_found', `${fingerprint} is not enrolled`);
    return s;
  }

  private async usageIn(q: SqlRunner, fingerprint: string): Promise<number> {
    const [r] = await q.all<{ n: number | string }>(
      'SELECT (SELECT COALESCE(SUM(size), 0) FROM received WHERE uploader = ?) + (SELECT COALESCE(SUM(size), 0) FROM uploads WHERE uploader = ?) AS n',
      [fingerprint, fingerprint],
    );
    return Number(r?.n ?? 0);
  }

  usage(fingerprint: string): Promise<number> {
    return this.usageIn(this.d, fingerprint);
  }

  reserveUpload(u: UploadReservation, limits: UploadLimits): Promise<Reservation> {
    return this.d.tx(`quota:${u.uploader}`, async (q) => {
      let used = await this.usageIn(q, u.uploader);
      const [c] = await q.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM uploads WHERE uploader = ?', [u.uploader]);
      let count = Number(c?.n ?? 0);
      const fits = () => used + u.size <= limits.quotaBytes && count < limits.maxUploads;
      const superseded: string[] = [];
      if (!fits()) {
        const earlier = await q.all<{ upload_id: string; size: number | string }>('SELECT upload_id, size FROM uploads WHERE uploader = ? AND bundle_id = ? ORDER BY created_at, upload_id', [u.uploader, u.bundleId]);
        for (const e of earlier) {
          if (fits()) break;
          superseded.push(e.upload_id);
          used -= Number(e.size);
          count--;
        }
        if (!fits()) return { reserved: false, over: used + u.size > limits.quotaBytes ? 'bytes' : 'uploads', superseded: [] };
        for (const id of superseded) await q.run('DELETE FROM uploads WHERE upload_id = ?', [id]);
      }
      await q.run('INSERT INTO uploads (upload_id, uploader, bundle_id, size, created_at) VALUES (?, ?, ?, ?, ?)', [u.uploadId, u.uploader, u.bundleId, u.size, now()]);
      return { reserved: true, superseded };
    });
  }

  async uploadsInProgress(fingerprint: string): Promise<number> {
    const [r] = await this.d.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM uploads WHERE uploader = ?', [fingerprint]);
    return Number(r?.n ?? 0);
  }

  async releaseUpload(uploadId: string): Promise<void> {
    await this.d.run('DELETE FROM uploads WHERE upload_id = ?', [uploadId]);
  }

  async hasUpload(uploadId: string): Promise<boolean> {
    return (await this.d.all('SELECT 1 AS x FROM uploads WHERE upload_id = ?', [uploadId])).length > 0;
  }

  async unfinishedUploads(uploader?: string): Promise<Array<UploadReservation & { createdAt: string }>> {
    const rows = await this.d.all<{ upload_id: string; uploader: string; bundle_id: string; size: number | string; created_at: string }>(
      `SELECT upload_id, uploader, bundle_id, size, created_at FROM uploads${uploader ? ' WHERE uploader = ?' : ''} ORDER BY created_at`,
      uploader ? [uploader] : [],
    );
    return rows.map((r) => ({ uploadId: r.upload_id, uploader: r.uploader, bundleId: r.bundle_id, size: Number(r.size), createdAt: r.created_at }));
  }

  claim(uploadId: string, b: Omit<ReceivedBundle, 'seq'>): Promise<{ won: boolean; row: ReceivedBundle } | null> {
    return this.d.tx(`quota:${b.uploader}`, async (q) => {
      if ((await q.run('DELETE FROM uploads WHERE upload_id = ?', [uploadId])) === 0) return null;
      const n = await q.run(
        `INSERT INTO received (bundle_id, sha256, size, signer, uploader, received_at, location, receipt, receipt_signature)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bundle_id) DO NOTHING`,
        [b.bundleId, b.sha256, b.size, b.signer, b.uploader, b.receivedAt, b.location, b.receipt, b.receiptSignature],
      );
      const [r] = await q.all<ReceivedRow>('SELECT * FROM received WHERE bundle_id = ?', [b.bundleId]);
      return { won: n === 1, row: rowToReceived(r!) };
    });
  }

  async received(bundleId: string): Promise<ReceivedBundle | null> {
    const [r] = await this.d.all<ReceivedRow>('SELECT * FROM received WHERE bundle_id = ?', [bundleId]);
    return r ? rowToReceived(r) : null;
  }

  async listReceived(afterSeq: number, limit: number): Promise<ReceivedBundle[]> {
    return (await this.d.all<ReceivedRow>('SELECT * FROM received WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit])).map(rowToReceived);
  }

  async countReceived(): Promise<number> {
    const [r] = await this.d.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM received');
    return Number(r?.n ?? 0);
  }

  async receivedLocations(): Promise<Set<string>> {
    return new Set((await this.d.all<{ location: string }>('SELECT location FROM received')).map((r) => r.location));
  }

  /** When nonces past their time were last deleted (by this process; others do their own). */
  private noncesSweptAt = 0;

  async firstUse(signer: string, nonce: string, untilMs: number): Promise<boolean> {
    const at = Date.now();
    if (at - this.noncesSweptAt > NONCE_SWEEP_MS) {
      this.noncesSweptAt = at;
      await this.d.run('DELETE FROM request_nonces WHERE expires_ms < ?', [at]);
    }
    return (await this.d.run('INSERT INTO request_nonces (signer, nonce, expires_ms) VALUES (?, ?, ?) ON CONFLICT (signer, nonce) DO NOTHING', [signer, nonce, untilMs])) === 1;
  }

  async refuse(r: Refusal): Promise<void> {
    await this.d.run('INSERT INTO refusals (upload_id, bundle_id, uploader, reason, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (upload_id) DO NOTHING', [r.uploadId, r.bundleId, r.uploader, r.reason, r.at]);
  }

  async refusal(uploadId: string): Promise<Refusal | null> {
    const [r] = await this.d.all<{ upload_id: string; bundle_id: string; uploader: string; reason: string; at: string }>('SELECT * FROM refusals WHERE upload_id = ?', [uploadId]);
    return r ? { uploadId: r.upload_id, bundleId: r.bundle_id, uploader: r.uploader, reason: r.reason, at: r.at } : null;
  }

  close(): Promise<void> {
    return this.d.close();
  }
}

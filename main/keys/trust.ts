/**
 * The trust register: the public keys this installation accepts bundles from, each bound to a
 * person and organisation, with validity dates and revocation. Trust comes only from here (or
 * from this installation's own key), never from the key a bundle carries.
 */
import { AppError } from '../../shared/contract/common';
import type { SignerTrust, TrustEntry } from '../../shared/contract/trust';
import { coded } from '../../shared/messages';
import { nowIso, type Store } from '../store/store';
import { fingerprintOf, parsePublicKeyPem, publicKeyPem } from './fingerprint';

interface TrustRow {
  fingerprint: string;
  public_key_pem: string;
  name: string;
  organisation: string;
  valid_from: string | null;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  added_at: string;
}

/** A register row with the decision it gives at `now` (`trust`: TrustRegister.decide's, the one rule every screen shows). */
function toEntry(r: TrustRow, now = nowIso()): TrustEntry {
  const e = {
    fingerprint: r.fingerprint,
    publicKeyPem: r.public_key_pem,
    name: r.name,
    organisation: r.organisation,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
    addedAt: r.added_at,
  };
  return { ...e, trust: entryDecision(e, now) };
}

/** A register entry's decision at `now`: revoked, outside its validity, or trusted. */
function entryDecision(e: Omit<TrustEntry, 'trust'>, now: string): TrustDecision {
  const knownAs = { name: e.name, organisation: e.organisation };
  if (e.revokedAt) return { status: 'revoked', knownAs, ...revokedReason(e.revokedAt, e.revokedReason) };
  if (outsideValidity(now, e.validFrom, e.validUntil)) return { status: 'expired', knownAs, ...validityReason(e.validFrom, e.validUntil) };
  return { status: 'trusted', knownAs, reason: 'in the trust register', reasonRef: coded('trust.trusted') };
}

/**
 * Whether `now` falls outside a key's validity. A bound given as a day (YYYY-MM-DD, as `trust add
 * --valid-until 2026-12-31` takes it) covers that whole day (UTC): the key is still valid on its
 * last day, and from the first moment of its first; a bound with a time is compared as a time
 * (an offset included), not as text.
 */
export function outsideValidity(now: string, validFrom: string | null, validUntil: string | null): boolean {
  const t = Date.parse(now);
  const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  const start = (v: string) => Date.parse(isDay(v) ? `${v}T00:00:00Z` : v);
  const end = (v: string) => (isDay(v) ? Date.parse(`${v}T00:00:00Z`) + 24 * 3600 * 1000 - 1 : Date.parse(v));
  return (validFrom !== null && t < start(validFrom)) || (validUntil !== null && t > end(validUntil));
}

/** How far a bundle's signer is trusted (the contract's SignerTrust: status, knownAs, the English reason, the coded reasonRef). */
export type TrustDecision = SignerTrust;

export class TrustRegister {
  constructor(private store: Store) {}

  add(input: { publicKeyPem: string; name: string; organisation: string; validFrom?: string | null; validUntil?: string | null }): TrustEntry {
    const key = parsePublicKeyPem(input.publicKeyPem);
    const fingerprint = fingerprintOf(key);
    const existing = this.get(fingerprint);
    if (existing) {
      throw new AppError('conflict', existing.revokedAt ? `${fingerprint} was revoked on ${existing.revokedAt}; a revoked key cannot be trusted again` : `${fingerprint} is already in the trust register (${existing.name}, ${existing.organisation})`);
    }
    if (input.validFrom && input.validUntil && input.validFrom > input.validUntil) throw new AppError('invalid_input', 'valid-from is after valid-until');
    const a = this.store.author();
    this.store.tx(() => {
      this.store
        .sql(
          `INSERT INTO trust_register (fingerprint, public_key_pem, name, organisation, valid_from, valid_until, added_at, added_by_name, added_by_org)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(fingerprint, publicKeyPem(key), input.name, input.organisation, input.validFrom ?? null, input.validUntil ?? null, nowIso(), a.name, a.organisation);
      this.store.audit(null, 'trust.add', { target: fingerprint, newValue: `${input.name} (${input.organisation})` });
    });
    return this.get(fingerprint)!;
  }

  /** The register's entry for `fingerprint`, with the decision it gives at `now`. */
  get(fingerprint: string, now = nowIso()): TrustEntry | null {
    const r = this.store.sql('SELECT * FROM trust_register WHERE fingerprint = ?').get(fingerprint) as TrustRow | undefined;
    return r ? toEntry(r, now) : null;
  }

  list(): TrustEntry[] {
    const now = nowIso();
    return (this.store.sql('SELECT * FROM trust_register ORDER BY added_at, fingerprint').all() as TrustRow[]).map((r) => toEntry(r, now));
  }

  revoke(fingerprint: string, reason: string | null = null): TrustEntry {
    const e = this.get(fingerprint);
    if (!e) throw new AppError('not_found', `${fingerprint} is not in the trust register`);
    if (e.revokedAt) return e;
    this.store.tx(() => {
      this.store.sql('UPDATE trust_register SET revoked_at = ?, revoked_reason = ? WHERE fingerprint = ?').run(nowIso(), reason, fingerprint);
      this.store.audit(null, 'trust.revoke', { target: fingerprint, reason: reason ?? undefined });
    });
    return this.get(fingerprint)!;
  }

  /** How far a bundle signed by `fingerprint` can be trusted now. */
  decide(fingerprint: string, now = nowIso()): TrustDecision {
    const e = this.get(fingerprint, now);
    if (e) return e.trust;
    const own = this.store.sql('SELECT name, organisation FROM signing_keys WHERE fingerprint = ?').get(fingerprint) as { name: string; organisation: string } | undefined;
    if (own) return { status: 'trusted', knownAs: own, reason: "this installation's own key", reasonRef: coded('trust.own') };
    return { status: 'unknown', knownAs: null, reason: 'the signer is not in the trust register', reasonRef: coded('trust.unknown') };
  }
}

/** A time or a day as the day it falls on (YYYY-MM-DD, UTC): the interface words it as its language writes a day. */
const dayOf = (iso: string) => iso.slice(0, 10);

/** Why a revoked key is not trusted: the English (CLI, logs) and the coded message (the revocation's note a user's words). */
export function revokedReason(revokedAt: string, note: string | null): Pick<TrustDecision, 'reason' | 'reasonRef'> {
  return {
    reason: `the signer's key was revoked on ${revokedAt}${note ? ` (${note})` : ''}`,
    reasonRef: note ? coded('trust.revoked', { revokedAt: dayOf(revokedAt), why: note }) : coded('trust.revokedBare', { revokedAt: dayOf(revokedAt) }),
  };
}

/** Why a key outside its validity dates is not trusted: either bound may be open. */
export function validityReason(validFrom: string | null, validUntil: string | null): Pick<TrustDecision, 'reason' | 'reasonRef'> {
  const reason = `the signer's key is valid only ${validFrom ?? '…'} to ${validUntil ?? '…'}`;
  if (validFrom && validUntil) return { reason, reasonRef: coded('trust.expired', { validFrom: dayOf(validFrom), validUntil: dayOf(validUntil) }) };
  if (validUntil) return { reason, reasonRef: coded('trust.expiredUntil', { validUntil: dayOf(validUntil) }) };
  return { reason, reasonRef: coded('trust.notYetValid', { validFrom: dayOf(validFrom ?? '') }) };
}

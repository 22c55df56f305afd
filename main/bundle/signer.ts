/**
 * Who an imported bundle is recorded as coming from: the name the trust register (or this
 * installation) knows its key by, never only the name the sender wrote into bundle.json (a trusted
 * key could otherwise sign as anyone in the audit log and in contributions' provenance). The name
 * the bundle claims is kept beside it when it differs.
 */
import type { TrustDecision } from '../keys/trust';

export interface RecordedSigner {
  name: string;
  organisation: string;
  fingerprint: string;
  /** What bundle.json said, when the register knows the key under another name. */
  claimed: { name: string; organisation: string } | null;
}

export function recordedSigner(claimed: { name: string; organisation: string; fingerprint: string }, trust: Pick<TrustDecision, 'knownAs'>): RecordedSigner {
  const known = trust.knownAs;
  if (!known) return { ...claimed, claimed: null };
  const same = known.name === claimed.name && known.organisation === claimed.organisation;
  return { name: known.name, organisation: known.organisation, fingerprint: claimed.fingerprint, claimed: same ? null : { name: claimed.name, organisation: claimed.organisation } };
}

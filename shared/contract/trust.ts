import { z } from 'zod';
import { Fingerprint } from '../bundle-format';
import { IsoTime, Nothing, call } from './common';
import { SignerTrust } from './signer-trust';

export { SignerTrust, TRUST_STATUSES, TrustStatus } from './signer-trust';

export const TrustEntry = z.object({
  fingerprint: Fingerprint,
  publicKeyPem: z.string(),
  name: z.string(),
  organisation: z.string(),
  validFrom: IsoTime.nullable(),
  validUntil: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
  revokedReason: z.string().nullable(),
  addedAt: IsoTime,
  /** the decision this entry gives a bundle's signer now (main/keys/trust.ts: the one rule the import and every screen use) */
  trust: SignerTrust,
});
export type TrustEntry = z.infer<typeof TrustEntry>;

export const SigningKeyInfo = z.object({
  fingerprint: Fingerprint,
  publicKeyPem: z.string(),
  name: z.string(),
  organisation: z.string(),
  createdAt: IsoTime,
  vaultKind: z.string(),
});

const Date_ = z.iso.datetime({ offset: true }).or(z.iso.date());

export const trustCalls = {
  /** This installation's signing key, made now if there is none (needs an identity). */
  ensureSigningKey: call(Nothing, SigningKeyInfo),
  trustAdd: call(
    z
      .object({
        publicKeyPem: z.string().max(4096),
        name: z.string().trim().min(1, 'name is required').max(200),
        organisation: z.string().trim().min(1, 'organisation is required').max(300),
        validFrom: Date_.optional(),
        validUntil: Date_.optional(),
      })
      .strict(),
    TrustEntry,
  ),
  trustList: call(Nothing, z.array(TrustEntry)),
  trustRevoke: call(z.object({ fingerprint: Fingerprint, reason: z.string().max(500).optional() }).strict(), TrustEntry),
};

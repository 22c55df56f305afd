/** A bundle signer's trust: a module of its own so that contributions' provenance can carry it (no import cycle through bundle-format). */
import { z } from 'zod';
import { ReasonRef } from './common';

export const TRUST_STATUSES = ['trusted', 'unknown', 'revoked', 'expired'] as const;
export const TrustStatus = z.enum(TRUST_STATUSES);
export type TrustStatus = z.infer<typeof TrustStatus>;

/**
 * How far a bundle's signer is trusted now: the one decision (main/keys/trust.ts TrustRegister.decide)
 * that the import, the CLI and every screen showing a signer use. reason: the English (CLI, logs);
 * reasonRef: the same as a coded message the interface words in its language (msg.trust.*).
 */
export const SignerTrust = z.object({ status: TrustStatus, knownAs: z.object({ name: z.string(), organisation: z.string() }).nullable(), reason: z.string(), reasonRef: ReasonRef });
export type SignerTrust = z.infer<typeof SignerTrust>;

/**
 * The delivery target: the intake's URL and its public key, pinned when it is set. Plain http is
 * refused except to this machine (loopback); receipts are checked against the pinned key whatever
 * the transport.
 */
import type { KeyObject } from 'node:crypto';
import { AppError } from '../../shared/contract/common';
import type { DeliveryTarget } from '../../shared/contract/delivery';
import { fingerprintOf, parsePublicKeyPem, publicKeyPem } from '../keys/fingerprint';
import type { Store } from '../store/store';
import { coded } from '../../shared/messages';
import type { KeptOffset } from './intake-clock';

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The intake's base URL, normalised, or a clear refusal. */
export function checkIntakeUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError('invalid_input', `not a URL: ${raw}`, coded('target.notUrl'));
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AppError('invalid_input', `the intake URL must be https:// (got ${u.protocol})`, coded('target.notHttps'));
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) throw new AppError('invalid_input', 'plain http is allowed only to this machine (127.0.0.1, localhost); use https:// for an intake elsewhere', coded('target.httpLoopbackOnly'));
  if (u.username || u.password) throw new AppError('invalid_input', 'the intake URL must not carry a user name or password', coded('target.credentials'));
  if (u.search || u.hash) throw new AppError('invalid_input', 'the intake URL must not have a query or fragment', coded('target.queryFragment'));
  return u.toString().replace(/\/+$/, '');
}

export function setTarget(store: Store, url: string, intakeKeyPem: string): DeliveryTarget {
  const clean = checkIntakeUrl(url);
  const key = parsePublicKeyPem(intakeKeyPem, 'intake public key');
  const pem = publicKeyPem(key);
  const before = getTarget(store);
  store.tx(() => {
    store.setSetting('delivery.url', clean);
    store.setSetting('delivery.intakeKey', pem);
    store.audit(null, 'delivery.connect', { target: fingerprintOf(key), oldValue: before ? `${before.url} ${before.intakeFingerprint}` : undefined, newValue: `${clean} ${fingerprintOf(key)}` });
  });
  return getTarget(store)!;
}

export function getTarget(store: Store): DeliveryTarget | null {
  const url = store.getSetting('delivery.url');
  const pem = store.getSetting('delivery.intakeKey');
  if (!url || !pem) return null;
  return { url, intakeKeyPem: pem, intakeFingerprint: fingerprintOf(parsePublicKeyPem(pem)) };
}

export function targetKey(store: Store): { target: DeliveryTarget; key: KeyObject } {
  const t = requireTarget(store);
  return { target: t, key: parsePublicKeyPem(t.intakeKeyPem) };
}

/** The delivery target, or the refusal that names how to set one. */
export function requireTarget(store: Store): DeliveryTarget {
  const t = getTarget(store);
  if (!t) throw new AppError('conflict', 'no delivery target yet: set the intake URL and its public key first (`delivery connect URL --key PEM`)', coded('target.none'));
  return t;
}

const CLOCK_OFFSET = 'delivery.clockOffsetMs';

/**
 * The intake's clock minus this computer's as its answers last showed it (intake-clock.ts), kept
 * with the delivery target: read at start, written when it changes, 0 for a new target.
 */
export function keptClockOffset(store: Store): KeptOffset {
  const v = Number(store.getSetting(CLOCK_OFFSET) ?? '0');
  return {
    offsetMs: Number.isSafeInteger(v) ? v : 0,
    save: (ms) => {
      if (store.db.open) store.setSetting(CLOCK_OFFSET, String(ms));
    },
  };
}

/**
 * The intake's lock on an upload (main/intake/upload-lock.ts, in place of @tus/server's
 * MemoryLocker): one holder at a time; a request that finds it held asks the holder to let go and
 * waits for the release (asleep: it asks once, not on every turn of the event loop), or gives up
 * after the timeout or when its own request is stopped.
 */
import { ERRORS, MemoryLocker } from '@tus/server';
import type { Locker } from '@tus/utils';
import { describe, expect, it } from 'vitest';
import { UploadLocker } from '../main/intake/upload-lock';

/** Resolves after `n` turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}
const never = () => new AbortController().signal;

/** A holder keeps the lock for 200 turns of the event loop, asked to let go by a second request: how often it was asked. */
async function askedWhileHeld(locker: Locker): Promise<number> {
  const first = locker.newLock('u1');
  let asked = 0;
  await first.lock(never(), () => void asked++);
  const second = locker.newLock('u1');
  const taken = second.lock(never(), () => {});
  await turns(200);
  await first.unlock();
  await taken;
  await second.unlock();
  return asked;
}

describe("the intake's upload lock", () => {
  it('asks the holder to let go once and waits asleep for the release (MemoryLocker asks on every turn)', async () => {
    expect(await askedWhileHeld(new UploadLocker())).toBe(1);
    expect(await askedWhileHeld(new MemoryLocker())).toBeGreaterThan(50);
  });

  it('gives the lock to one request at a time, in turn', async () => {
    const locker = new UploadLocker();
    const order: string[] = [];
    const a = locker.newLock('u1');
    await a.lock(never(), () => {});
    const b = locker.newLock('u1');
    const bTaken = b.lock(never(), () => {}).then(() => order.push('b'));
    const other = locker.newLock('u2');
    await other.lock(never(), () => {}); // another upload's lock is free
    await turns(5);
    expect(order).toEqual([]);
    order.push('a releases');
    await a.unlock();
    await bTaken;
    expect(order).toEqual(['a releases', 'b']);
    await b.unlock();
    await other.unlock();
    await expect(b.unlock()).rejects.toThrow(/unlocked/);
  });

  it('gives up after its timeout, or when its request is stopped, and the holder keeps the lock', async () => {
    const hurried = new UploadLocker(50);
    const held = hurried.newLock('u1');
    await held.lock(never(), () => {});
    await expect(hurried.newLock('u1').lock(never(), () => {})).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(hurried.held.has('u1')).toBe(true);
    await held.unlock();

    const patient = new UploadLocker(); // 30 s: only the stop ends this wait
    const holder = patient.newLock('u1');
    await holder.lock(never(), () => {});
    const stop = new AbortController();
    const waiting = patient.newLock('u1').lock(stop.signal, () => {});
    stop.abort(); // (at once, while the holder is being asked)
    await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(patient.held.has('u1')).toBe(true);
    await holder.unlock();
    const next = patient.newLock('u1');
    await next.lock(never(), () => {});
    await next.unlock();
  });
});

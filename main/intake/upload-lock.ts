/**
 * tus's lock on an upload (one request at a time on it) within this process, in place of
 * @tus/server's MemoryLocker, with the same rules: a request that finds the upload locked asks the
 * holder to let go (tus then ends the holder's write where its bytes end), waits for the release
 * and takes the lock, or gives up after the timeout (ERR_LOCK_TIMEOUT) or when its own request is
 * stopped. The difference is how it waits: MemoryLocker asks again on every turn of the event
 * loop (setImmediate), so the loop never sleeps while a cut upload's last bytes are still being
 * written and the sender's HEAD waits for them; here the waiter sleeps until the holder releases.
 * Measured on a 200 MB upload cut 10 times (bench delivery's cut case): README, delivery.
 */
import { ERRORS } from '@tus/server';
import type { Lock, Locker, RequestRelease } from '@tus/utils';

interface Held {
  requestRelease: RequestRelease;
  /** Resolved when this holder releases. */
  released: Promise<void>;
  release(): void;
}

export class UploadLocker implements Locker {
  readonly held = new Map<string, Held>();

  constructor(readonly timeoutMs = 30_000) {}

  newLock(id: string): Lock {
    return new UploadLock(id, this);
  }
}

class UploadLock implements Lock {
  private mine: Held | null = null;

  constructor(
    private id: string,
    private locker: UploadLocker,
  ) {}

  async lock(stop: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), this.locker.timeoutMs);
    const onStop = () => giveUp.abort();
    stop.addEventListener('abort', onStop);
    try {
      for (;;) {
        if (giveUp.signal.aborted || stop.aborted) throw ERRORS.ERR_LOCK_TIMEOUT;
        const holder = this.locker.held.get(this.id);
        if (!holder) {
          let release!: () => void;
          const released = new Promise<void>((r) => (release = r));
          this.mine = { requestRelease, released, release };
          this.locker.held.set(this.id, this.mine);
          return;
        }
        await holder.requestRelease();
        // (another waiter may take it first when it is released: then this one asks that holder in turn)
        await new Promise<void>((resolve) => {
          const done = () => {
            giveUp.signal.removeEventListener('abort', done);
            resolve();
          };
          if (giveUp.signal.aborted) return done(); // (stopped while the holder was asked)
          giveUp.signal.addEventListener('abort', done);
          void holder.released.then(done);
        });
      }
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
  }

  async unlock(): Promise<void> {
    const mine = this.mine;
    if (!mine || this.locker.held.get(this.id) !== mine) throw new Error('Releasing an unlocked lock!');
    this.mine = null;
    this.locker.held.delete(this.id);
    mine.release();
  }
}

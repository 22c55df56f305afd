/**
 * The contract's calls while the store may still be upgrading (issue 13), shared by the browser-mode
 * host and the desktop app's IPC: until the services are open, `storeStatus` says how far the
 * upgrade is and every other call is refused with the code `store_upgrading` (never a hang).
 */
import { STORE_READY, type StoreStatus } from '../shared/contract/startup';
import type { Handlers } from '../shared/contract';
import { dispatch, type DispatchResult } from './dispatch';
import type { UpgradeStep } from './store/migrations';

export class StoreGate {
  private handlers: Handlers | null = null;
  private current: StoreStatus = { state: 'upgrading', step: null, done: 0, total: 0, percent: null, message: null };

  /** A gate already open (a store that needed no upgrade). */
  static open(handlers: Handlers): StoreGate {
    const g = new StoreGate();
    g.open(handlers);
    return g;
  }

  get status(): StoreStatus {
    return this.handlers ? STORE_READY : this.current;
  }

  /** Takes one upgrade step (the listener given to upgradeOnWorker). */
  readonly progress = (p: UpgradeStep): void => {
    if (this.handlers || this.current.state === 'failed') return;
    const counted = p.step === 'migrate' && p.total > 0;
    this.current = {
      state: 'upgrading',
      step: p.step,
      done: counted ? p.done : 0,
      total: counted ? p.total : 0,
      // over every long migration of this upgrade (013 then 016 for a store from before 013)
      percent: counted ? Math.min(100, Math.floor((((p.pass ?? 0) + p.done / p.total) / (p.passes ?? 1)) * 100)) : null,
      message: null,
    };
  };

  fail(message: string): void {
    this.current = { ...this.current, state: 'failed', message };
  }

  open(handlers: Handlers): void {
    this.handlers = handlers;
  }

  dispatch(method: string, payload: unknown): Promise<DispatchResult> {
    if (this.handlers) return dispatch(this.handlers, method, payload);
    const s = this.current;
    if (method === 'storeStatus') return Promise.resolve({ ok: true, value: s });
    const how = s.state === 'failed' ? `the store could not be upgraded: ${s.message}` : `the store is being upgraded${s.percent !== null ? ` (${s.percent} %)` : ''}; try again when it is done`;
    return Promise.resolve({ ok: false, error: { code: 'store_upgrading', message: how, details: { key: s.state === 'failed' ? 'startup.failed' : 'startup.refused', params: { percent: s.percent ?? 0 } } } });
  }
}

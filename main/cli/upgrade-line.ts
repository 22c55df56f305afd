/**
 * The CLI's progress while opening a store that needs upgrading (a store from before migration 013
 * takes minutes at a million revisions): one line on stderr, nothing on stdout (scripts read it),
 * shown once the upgrade has taken UPGRADE_QUIET_MS, so a quick one says nothing. On a terminal
 * the line is rewritten in place; into a file or a pipe a new line is written when the step
 * changes or every LOG_EVERY_MS. English, as every CLI message is.
 */
import type { UpgradeListener, UpgradeStep } from '../store/migrations';

export const UPGRADE_QUIET_MS = 1000;
const TTY_EVERY_MS = 100;
const LOG_EVERY_MS = 5000;

export function upgradeText(p: UpgradeStep): string {
  const n = (x: number) => x.toLocaleString('en');
  switch (p.step) {
    case 'check':
      return 'Upgrading the store (checking it first)…';
    case 'backup':
      return 'Upgrading the store (keeping a copy of it first)…';
    case 'migrate':
      return p.total > 0 ? `Upgrading the store (${p.unit ?? `step ${p.version}:`} ${n(p.done)} of ${n(p.total)})…` : `Upgrading the store (step ${p.version})…`;
    case 'vacuum':
      return 'Upgrading the store (rewriting the file to give the space back)…';
    case 'done':
      return 'The store is upgraded.';
  }
}

export function upgradeLine(write: (s: string) => void, isTTY: boolean, now: () => number = Date.now): UpgradeListener {
  let start: number | null = null;
  let shown = false;
  let counted = false;
  let lastAt = 0;
  let lastStep = '';
  return (p) => {
    const t = now();
    start ??= t;
    if (p.step === 'migrate' && p.total > 0) counted = true;
    if (p.step === 'done') {
      if (shown) write(isTTY ? `\r\x1b[K${upgradeText(p)}\n` : `${upgradeText(p)}\n`);
      return;
    }
    // the long steps announce themselves; a short upgrade stays silent
    if (!shown && t - start < UPGRADE_QUIET_MS && !(p.step === 'vacuum' && counted)) return;
    const changed = p.step !== lastStep;
    if (shown && !changed && t - lastAt < (isTTY ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    write(isTTY ? `\r\x1b[K${upgradeText(p)}` : `${upgradeText(p)}\n`);
    shown = true;
    lastAt = t;
    lastStep = p.step;
  };
}

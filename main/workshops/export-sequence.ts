/**
 * The number each export of a workshop carries (bundle.json exportSequence), by which the receiver
 * tells a replay from a newer export without trusting the exporter's clock (import-guards.ts).
 *
 * Strictly increasing in this store, whatever the clock says: one above both the counter kept in
 * `settings` and the highest number this store's export records hold (either may be behind the
 * other in a store put together by hand). Reserved in its own transaction before the bundle is
 * written, so two exports at once never share a number; an export that fails leaves a gap, which
 * the receiver does not mind. The clock is only a floor: a store restored from a backup has lost
 * the numbers it sent since, and starting again from the time (in milliseconds) keeps it above
 * them unless the clock is now behind the time those exports were made; a far-future or far-past
 * clock never makes a number go back.
 */
import type { Store } from '../store/store';

const counterKey = (workshopId: string) => `workshops.exportSequence.${workshopId}`;

export function reserveExportSequence(store: Store, workshopId: string): number {
  return store.tx(() => {
    const counter = Number(store.getSetting(counterKey(workshopId)) ?? 0) || 0;
    const recorded =
      (store
        .sql(`SELECT max(json_extract(details, '$.exportSequence')) FROM bundles WHERE direction = 'export' AND kind = 'contributions' AND json_extract(details, '$.workshopId') = ?`)
        .pluck()
        .get(workshopId) as number | null) ?? 0;
    const next = Math.max(Math.max(counter, recorded) + 1, Date.now());
    store.setSetting(counterKey(workshopId), String(next));
    return next;
  });
}

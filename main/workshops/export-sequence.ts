/**
 * The number each export of a workshop carries, by which the receiver tells a replay from a newer
 * export without trusting the exporter's clock (import-guards.ts). It travels as the time field of
 * the bundle's id (a UUID version 7 made at that "time": uuid7At), so an app of any version reads
 * the bundle as before (a field of its own in bundle.json made older apps refuse it: their
 * manifest schema is strict), and a bundle made before the number existed is read the same way:
 * its id's time is the time of its export by its exporter's clock.
 *
 * Strictly increasing in this store, whatever the clock says: one above both the counter kept in
 * `settings` and the highest number in this store's export records (their ids); reserved in its own
 * transaction before the bundle is written, so two exports at once never share a number; an export
 * that fails leaves a gap, which the receiver does not mind. The clock (in milliseconds) is only a
 * floor: a store restored from a backup has lost the numbers it sent since, and starting again
 * from the time keeps it above them unless the clock is now behind the time those exports were
 * made; a far-future or far-past clock never makes a number go back. A clock past what the id's
 * 48 bits carry (the year 10889) is no floor at all: the number is then one above the last.
 */
import type { Store } from '../store/store';
import { UUID7_TIME_LIMIT, uuid7Time } from '../store/uuid7';

const counterKey = (workshopId: string) => `workshops.exportSequence.${workshopId}`;

export function reserveExportSequence(store: Store, workshopId: string): number {
  return store.tx(() => {
    const counter = Number(store.getSetting(counterKey(workshopId)) ?? 0) || 0;
    const ids = store.sql(`SELECT id FROM bundles WHERE direction = 'export' AND kind = 'contributions' AND json_extract(details, '$.workshopId') = ?`).pluck().all(workshopId) as string[];
    const recorded = Math.max(0, ...ids.map((id) => uuid7Time(id) ?? 0));
    const now = Date.now();
    const next = Math.max(Math.max(counter, recorded) + 1, now < UUID7_TIME_LIMIT ? now : 0);
    store.setSetting(counterKey(workshopId), String(next));
    return next;
  });
}

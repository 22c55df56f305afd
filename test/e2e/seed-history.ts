/**
 * Seeds a long history for e2e tests, through the store as the app writes it:
 *   node --import tsx test/e2e/seed-history.ts STORE DRAFT FIELD SAVES PER_SESSION
 * writes SAVES saves of FIELD in sessions of PER_SESSION saves (30 s apart, sessions a day apart).
 */
import { createServices } from '../../main/services';
import { writeRevision } from '../../main/services/fields';
import { setRevisionTime } from '../../main/store/revisions';
import { textToDoc } from '../../shared/plaintext';

const [db, draftId, field, savesArg, perArg] = process.argv.slice(2);
const saves = Number(savesArg);
const per = Number(perArg);
const s = createServices(db!);
try {
  const t0 = Date.parse('2021-01-01T08:00:00.000Z');
  s.store.tx(() => {
    let parent = (s.store.db.prepare('SELECT revision_id FROM answers WHERE draft_id = ? AND field = ?').get(draftId, field) as { revision_id: string } | undefined)?.revision_id ?? null;
    for (let i = 0; i < saves; i++) {
      const text = `Session ${Math.floor(i / per)}: ${'word '.repeat(i % per)}end.`;
      const r = writeRevision(s.store, { draftId: draftId!, field: field!, value: { kind: 'answer', doc: textToDoc(text) }, parentId: parent });
      setRevisionTime(s.store, r.revisionId, new Date(t0 + Math.floor(i / per) * 86_400_000 + (i % per) * 30_000).toISOString());
      parent = r.revisionId;
    }
  });
} finally {
  s.close();
}

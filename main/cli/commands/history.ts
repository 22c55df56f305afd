/** CLI: a field's history as editing sessions; named versions of a draft (create, list, diff). */
import { previewText } from '../../../shared/change-summary';
import type { Services } from '../../services';
import type { CliIo, CommandTable } from '../types';
import { invoke, json } from '../util';

/** `answer history DRAFT QUESTION --sessions`: one line per session, newest first (all pages). */
export async function printSessions(s: Services, io: CliIo, draftId: string, field: string, asJson: boolean): Promise<void> {
  const all = [];
  let before: { createdAt: string; id: string } | undefined;
  do {
    const r = await invoke(s.handlers, 'fieldSessions', { draftId, field, before, limit: 200 });
    all.push(...r.sessions);
    before = r.next ?? undefined;
  } while (before);
  if (asJson) return io.out(json(all));
  for (const x of all) {
    const who = `${x.authorName}${x.authorOrganisation ? ` (${x.authorOrganisation})` : ''}`;
    const span = x.start === x.end ? x.start : `${x.start}..${x.end}`;
    const what = x.note ?? previewText(x.preview);
    io.out(`${x.lastRevisionId}\t${span}\t${who}\t${x.saves} save${x.saves === 1 ? '' : 's'}\t+${x.wordsAdded}/-${x.wordsRemoved} words\t${x.size} chars\t${what}`);
  }
}

export const historyCommands: CommandTable = {};

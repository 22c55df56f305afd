/**
 * The history panel's first opening made as fast as the later ones (issue 13: "panel visible
 * < 300 ms", the very first opening after the app starts included). Two pieces of work done ahead,
 * when the browser is idle, neither of which shows anything:
 *   - warmHistoryPanel: once per page, the panel is rendered and laid out out of sight with a
 *     made-up page of sessions, then removed, in one task (nothing else can see it: no other task
 *     runs in between). Its code then runs for the first time there, not after the click: React
 *     and the virtual list's paths, i18next's lookups and plural rules, the date formatters, the
 *     rows' styles and fonts.
 *   - warmFieldHistory: when a question opens, the host is asked for its first page of sessions
 *     (the answer is dropped): the host works out and keeps the summaries of sessions it has not
 *     summarised yet (an imported or upgraded draft), so the click's own call only reads them.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { FieldSession } from '../../../shared/contract';
import { getApi } from '../api';
import { HistoryPanel, PAGE, type FieldSessionsPage } from './HistoryPanel';

let warmed = false;

export function warmHistoryPanel(): void {
  if (warmed) return;
  warmed = true;
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  host.style.cssText = 'position:fixed;inset-block-start:0;inset-inline-start:0;inline-size:min(48rem,100vw);block-size:40rem;visibility:hidden;pointer-events:none;contain:strict;overflow:hidden';
  document.body.append(host);
  const root = createRoot(host);
  try {
    flushSync(() => root.render(<HistoryPanel draftId="" field="" version={null} current={() => ({ type: 'doc', content: [] })} onRestore={async () => {}} initial={samplePage()} />));
    host.getBoundingClientRect();
    performance.mark('gcm:history-warmed');
  } catch {
    // a warm-up that fails costs nothing but its time: the real panel reports its own errors
  } finally {
    root.unmount();
    host.remove();
  }
}

const asked = new Set<string>();

export function warmFieldHistory(draftId: string, field: string): void {
  const key = `${draftId}/${field}`;
  if (asked.has(key)) return;
  asked.add(key);
  getApi()
    .fieldSessions({ draftId, field, limit: PAGE })
    .catch(() => asked.delete(key));
}

/** Sessions as the panel gets them: today's and older (both time formats), one merge, one note; few, so the warm-up is short. */
function samplePage(): FieldSessionsPage {
  const now = Date.now();
  const sessions: FieldSession[] = Array.from({ length: 3 }, (_x, i) => {
    const end = new Date(now - i * 86_400_000).toISOString();
    return {
      id: `warm-${i}`,
      field: 'I.a',
      authorName: 'A',
      authorOrganisation: 'B',
      installationId: '',
      start: new Date(Date.parse(end) - 600_000).toISOString(),
      end,
      saves: 1 + i * 3,
      firstRevisionId: `warm-${i}-first`,
      lastRevisionId: `warm-${i}-last`,
      baseRevisionId: i < 2 ? `warm-${i + 1}-last` : null,
      size: 1000 + i,
      note: i === 2 ? 'note' : null,
      kind: i === 1 ? 'merge' : 'edit',
      current: i === 0,
      wordsAdded: i,
      wordsRemoved: i % 3,
      preview: [
        { op: 'equal', text: 'national strategy ' },
        { op: 'insert', text: 'integration ' },
        { op: 'delete', text: 'housing' },
      ],
    };
  });
  return { sessions, next: null };
}

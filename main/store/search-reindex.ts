import type Database from 'better-sqlite3';
import { SEARCH_WORDS_VERSION } from './search-text';

const KEY = 'search.wordsVersion';

/**
 * The search index is derived from the answers by the rule of search-text.ts. A store indexed by
 * an older rule (or by none: a store from before this setting) gets every answer logged in
 * `search_pending`, so the usual catch-up indexes it again (in the background in the app, the rest
 * before the first search), and the rule's version recorded: nothing is rebuilt here at open.
 */
export function reindexIfWordsChanged(db: Database.Database): void {
  const at = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (at === String(SEARCH_WORDS_VERSION)) return;
  db.transaction(() => {
    db.exec('INSERT OR IGNORE INTO search_pending (answer_rowid) SELECT rowid FROM answers');
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, String(SEARCH_WORDS_VERSION));
  })();
}

/** The index's SQLite driver: one file in the intake's data folder (the default, one process). */
import Database from 'better-sqlite3';
import { INDEX_SCHEMA } from './index-rows';
import { SqlIndex, type SqlDriver, type SqlRunner } from './index-sql';

export function sqliteIndex(file: string): SqlIndex {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(INDEX_SCHEMA.replaceAll('BIGSERIAL PRIMARY KEY', 'INTEGER PRIMARY KEY AUTOINCREMENT'));
  const runner: SqlRunner = {
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => db.prepare(sql).run(...params).changes,
  };
  // One connection: transactions take turns (a second BEGIN on it would fail); other processes
  // wait on SQLite's own lock (BEGIN IMMEDIATE, busy_timeout).
  let turn: Promise<unknown> = Promise.resolve();
  const tx = <T>(_key: string, fn: (q: SqlRunner) => Promise<T>): Promise<T> => {
    const mine = turn.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(runner);
        db.exec('COMMIT');
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
    });
    turn = mine.catch(() => {});
    return mine;
  };
  const driver: SqlDriver = {
    kind: 'sqlite',
    ...runner,
    tx,
    close: async () => {
      if (db.open) db.close();
    },
  };
  return new SqlIndex(driver);
}

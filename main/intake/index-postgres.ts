/**
 * The index's PostgreSQL driver: several intake processes share one index. The schema is made
 * under an advisory lock (two intakes starting together); a quota check and its reservation run
 * in one transaction holding a per-uploader advisory lock; `claim` relies on the UNIQUE bundle id.
 */
import pg from 'pg';
import { INDEX_SCHEMA } from './index-rows';
import { SqlIndex, type SqlDriver, type SqlRunner } from './index-sql';

const SCHEMA_LOCK = 0x67636d72; // "gcmr"

/** `?` placeholders to PostgreSQL's `$1, $2…` (our SQL has no `?` inside literals). */
const numbered = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

const runnerOf = (c: pg.Pool | pg.PoolClient): SqlRunner => ({
  all: async <T>(sql: string, params: unknown[] = []) => (await c.query(numbered(sql), params)).rows as T[],
  run: async (sql, params = []) => (await c.query(numbered(sql), params)).rowCount ?? 0,
});

export async function postgresIndex(url: string): Promise<SqlIndex> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // an idle client's broken connection is replaced on next use
  const tx = async <T>(lockKey: string, fn: (q: SqlRunner) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
      const out = await fn(runnerOf(c));
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  };
  try {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await c.query(INDEX_SCHEMA);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  } catch (e) {
    await pool.end();
    throw new Error(`cannot open the PostgreSQL index: ${(e as Error).message}`);
  }
  const driver: SqlDriver = { kind: 'postgres', ...runnerOf(pool), tx, close: () => pool.end() };
  return new SqlIndex(driver);
}

/** Which database a Kysely instance talks to: search is built differently on each (docs/decisions/0016). */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Runs `read` with PostgreSQL's sequential scans off when `indexed` says the search's own index must be used: the
 * planner cannot estimate pg_trgm's `<%` and may read every product computing word similarity (1.5 s at 100,000
 * products) where the trigram indexes answer in tens of milliseconds (docs/decisions/0010, 2026-11-29 h20b). Its
 * own transaction, so the setting (`set local`) ends with the read.
 */
export async function readIndexed<DB, T>(
  db: Kysely<DB>,
  indexed: boolean | undefined,
  read: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (!indexed) return read(db);
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return read(trx);
  });
}

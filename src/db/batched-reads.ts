/**
 * Hot SQLite reads (a shown cart's versions) run together: those asked for while the event loop polls, each
 * request's handler running until its first wait, are run once it has polled (setImmediate), in one read
 * transaction on the connection. Starting a read transaction costs SQLite a few system calls (the WAL's locks, a
 * check of the file), about as much as a read by primary key itself; and the answers of a batch go out one after the
 * other in the same turn, so a client that sleeps between answers is woken once for several (ADR 0005). A read is
 * never older than when it was asked for: its snapshot is taken later, when the batch runs.
 *
 * While a Kysely transaction is open on the connection (it awaits between its statements), a statement run directly
 * would join it (src/db/direct-sqlite.ts): the batch's reads then go through Kysely instead (`fallback`), which waits
 * for that transaction to end.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { directSqlite } from './direct-sqlite.js';
import type { Database } from './schema.js';

interface Asked {
  read: (connection: SQLite.Database) => unknown;
  fallback: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The reads waiting for the end of this turn's polling, per database. */
const waiting = new WeakMap<Kysely<Database>, Asked[]>();

/** BEGIN and COMMIT prepared once per connection. */
const bounds = new WeakMap<SQLite.Database, { begin: SQLite.Statement; commit: SQLite.Statement }>();
const boundsOf = (connection: SQLite.Database) => {
  let found = bounds.get(connection);
  if (!found)
    bounds.set(connection, (found = { begin: connection.prepare('BEGIN'), commit: connection.prepare('COMMIT') }));
  return found;
};

/**
 * `read` run on `db`'s SQLite connection with the other reads asked for in this turn of the event loop; `fallback`
 * (the same read through Kysely) when that connection cannot be used directly then. PostgreSQL: `fallback` at once.
 */
export function readInBatch<T>(
  db: Kysely<Database>,
  read: (connection: SQLite.Database) => T,
  fallback: () => Promise<T>,
): Promise<T> {
  if (!directSqlite(db)) return fallback();
  return new Promise<T>((resolve, reject) => {
    let batch = waiting.get(db);
    if (!batch) {
      waiting.set(db, (batch = []));
      setImmediate(runBatch, db, batch);
    }
    batch.push({ read, fallback, resolve: resolve as (value: unknown) => void, reject });
  });
}

function runBatch(db: Kysely<Database>, batch: Asked[]): void {
  waiting.delete(db);
  const connection = directSqlite(db);
  if (!connection) {
    for (const asked of batch) asked.fallback().then(asked.resolve, asked.reject);
    return;
  }
  const together = batch.length > 1 ? boundsOf(connection) : undefined;
  try {
    together?.begin.run();
  } catch (error) {
    for (const asked of batch) asked.reject(error);
    return;
  }
  for (const asked of batch) {
    try {
      asked.resolve(asked.read(connection));
    } catch (error) {
      asked.reject(error);
    }
  }
  if (!together) return;
  try {
    together.commit.run();
  } catch {
    // A read transaction has nothing to commit; it must not stay open (later statements would join it).
    try {
      if (connection.inTransaction) connection.exec('ROLLBACK');
    } catch {
      // Nothing more can be done here; the connection's next statement reports what is wrong with it.
    }
  }
}

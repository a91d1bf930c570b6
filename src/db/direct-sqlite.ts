/**
 * The better-sqlite3 connection behind a Kysely instance, for statements run on it directly (src/db/prepared.ts,
 * src/db/transaction.ts). Kysely's SQLite driver puts every statement behind a lock and a promise; better-sqlite3 is
 * synchronous, so a statement, or a whole transaction, run without a pause in between cannot interleave with anything
 * else on the connection. The one thing that can be open meanwhile is a transaction Kysely runs (it awaits between its
 * statements): while one is, a direct statement would join it, so directSqlite answers undefined and callers go
 * through Kysely, which waits for that transaction to end.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

const connections = new WeakMap<Kysely<Database>, SQLite.Database>();

/** Called by openDatabase: `db` runs on `connection` alone. */
export function runsOn(db: Kysely<Database>, connection: SQLite.Database): void {
  connections.set(db, connection);
}

/**
 * The connection to run on directly now, or undefined: PostgreSQL, a Kysely transaction (`db` is one), or a Kysely
 * transaction open on the connection.
 */
export function directSqlite(db: Kysely<Database>): SQLite.Database | undefined {
  const connection = connections.get(db);
  return connection && !connection.inTransaction ? connection : undefined;
}

/**
 * The pg pool behind a Kysely instance, for hot statements run on it directly (src/db/prepared.ts,
 * src/db/transaction.ts). Run so, a prepared query is a named pg statement: each connection parses and plans it once
 * and then only binds values, where Kysely's driver sends the SQL text each time (PostgreSQL parses and plans it again).
 * A Kysely transaction (`db` is one) is not registered: its statements go through Kysely, on its connection.
 */
import type { Kysely, QueryResult } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** Called by openDatabase: `db` runs on `pool`. */
export function runsOnPool(db: Kysely<Database>, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** The pool to run on directly, or undefined: SQLite, or a Kysely transaction. */
export function directPostgres(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db);
}

/** A named statement's result as Kysely gives it (rows, and the count of rows a write touched). */
export async function runNamed<R>(
  client: pg.Pool | pg.PoolClient,
  name: string,
  text: string,
  values: unknown[],
): Promise<QueryResult<R>> {
  const result = await client.query<R & pg.QueryResultRow>({ name, text, values });
  const writes = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(result.command);
  return writes
    ? { rows: result.rows ?? [], numAffectedRows: BigInt(result.rowCount ?? 0) }
    : { rows: result.rows ?? [] };
}

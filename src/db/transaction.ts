/**
 * Transactions written once for every dialect, as generators of statements: a step yields a prepared query and its
 * arguments and gets its result back. On SQLite the whole transaction runs synchronously on the connection
 * (better-sqlite3's own transaction: BEGIN, the steps, COMMIT, or ROLLBACK when a step throws), with no pause in
 * which anything else could run; elsewhere each step is awaited inside a Kysely transaction. Either way the
 * transaction has committed before the returned promise settles, and a throw rolls all of it back.
 */
import type { Kysely, QueryResult } from 'kysely';
import { directSqlite } from './direct-sqlite.js';
import type { Arg, PreparedQuery } from './prepared.js';
import type { Database } from './schema.js';

interface Step {
  query: PreparedQuery<Arg[], unknown>;
  args: Arg[];
}

/** A transaction's body: yields statements (with `exec`, `rows`, `row`), returns the transaction's answer. */
export type Steps<T> = Generator<Step, T, QueryResult<unknown>>;

/** One statement of a transaction; its result. */
export function* exec<A extends Arg[], R>(
  query: PreparedQuery<A, R>,
  ...args: A
): Generator<Step, QueryResult<R>, QueryResult<unknown>> {
  return (yield { query: query as unknown as PreparedQuery<Arg[], unknown>, args }) as QueryResult<R>;
}

/** One statement of a transaction; its rows. */
export function* rows<A extends Arg[], R>(
  query: PreparedQuery<A, R>,
  ...args: A
): Generator<Step, R[], QueryResult<unknown>> {
  return (yield* exec(query, ...args)).rows;
}

/** One statement of a transaction; its first row. */
export function* row<A extends Arg[], R>(
  query: PreparedQuery<A, R>,
  ...args: A
): Generator<Step, R | undefined, QueryResult<unknown>> {
  return (yield* exec(query, ...args)).rows[0];
}

/** Runs `steps()` as one transaction on `db` (see the header). */
export async function transaction<T>(db: Kysely<Database>, steps: () => Steps<T>): Promise<T> {
  const connection = directSqlite(db);
  if (connection) {
    return connection.transaction(() => {
      const body = steps();
      let next = body.next();
      while (!next.done) next = body.next(next.value.query.runOn(connection, db, next.value.args));
      return next.value;
    })();
  }
  return db.transaction().execute(async (trx) => {
    const body = steps();
    let next = body.next();
    while (!next.done) next = body.next(await next.value.query.run(trx, ...next.value.args));
    return next.value;
  });
}

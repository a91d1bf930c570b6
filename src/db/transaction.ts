/**
 * Transactions written once for every dialect, as generators of statements: a step yields a prepared query and its
 * arguments and gets its result back. Either way the transaction has committed before the returned promise settles
 * (an answer never goes out before its change is in the database), and a throw rolls all of it back.
 *
 * On PostgreSQL each step is awaited, as a named statement, on a connection of the pool between BEGIN and COMMIT
 * (inside a Kysely transaction when `db` is one; on SQLite too while a Kysely transaction is open).
 * On SQLite the steps run synchronously on the connection, and the transactions asked for in one turn of the event
 * loop share one commit (group commit): each runs in a savepoint of its own, so a throw rolls back only its own
 * steps, and all of them are answered once the shared COMMIT is done. A commit's cost is mostly fixed (locks, the WAL
 * frames of pages the changes share), so sharing it is what makes many small cart changes cheap (ADR 0015).
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, QueryResult } from 'kysely';
import type pg from 'pg';
import { directPostgres } from './direct-postgres.js';
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

interface Waiting {
  db: Kysely<Database>;
  steps: () => Steps<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The transactions waiting for the next shared commit, per connection. */
const waiting = new Map<SQLite.Database, Waiting[]>();

/** Runs `steps()` as one transaction on `db` (see the header). */
export function transaction<T>(db: Kysely<Database>, steps: () => Steps<T>): Promise<T> {
  const connection = directSqlite(db);
  if (!connection) {
    const pool = directPostgres(db);
    return pool ? onPostgres(pool, db, steps) : inKyselyTransaction(db, steps);
  }
  return new Promise<T>((resolve, reject) => {
    let queue = waiting.get(connection);
    if (!queue) {
      waiting.set(connection, (queue = []));
      // After this turn's I/O: every request read in it has queued its change by then.
      setImmediate(() => commitTogether(connection));
    }
    queue.push({ db, steps, resolve: resolve as (value: unknown) => void, reject });
  });
}

function inKyselyTransaction<T>(db: Kysely<Database>, steps: () => Steps<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const body = steps();
    let next = body.next();
    while (!next.done) next = body.next(await next.value.query.run(trx, ...next.value.args));
    return next.value;
  });
}

async function onPostgres<T>(pool: pg.Pool, db: Kysely<Database>, steps: () => Steps<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      await client.query('BEGIN');
      const body = steps();
      let next = body.next();
      while (!next.done) next = body.next(await next.value.query.runOnPostgres(client, db, next.value.args));
      await client.query('COMMIT');
      return next.value;
    } catch (error) {
      // A connection that cannot even roll back is dropped, not given to the next request.
      await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

function runSteps<T>(connection: SQLite.Database, db: Kysely<Database>, steps: () => Steps<T>): T {
  const body = steps();
  let next = body.next();
  while (!next.done) next = body.next(next.value.query.runOn(connection, db, next.value.args));
  return next.value;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Runners {
  /** BEGIN IMMEDIATE, the queue, COMMIT. */
  all(queue: Waiting[], outcomes: Outcome[]): void;
  /** One queued transaction inside it: in a savepoint (better-sqlite3 nests transactions so). */
  one(item: Waiting): unknown;
}

/** better-sqlite3 builds a transaction's wrapper functions on every call: built once per connection instead. */
const runners = new WeakMap<SQLite.Database, Runners>();

function runnersOf(connection: SQLite.Database): Runners {
  let found = runners.get(connection);
  if (found) return found;
  const one = connection.transaction((item: Waiting) => runSteps(connection, item.db, item.steps));
  const all = connection.transaction((queue: Waiting[], outcomes: Outcome[]) => {
    // A lone transaction needs no savepoint: its throw rolls back everything there is.
    if (queue.length === 1)
      return void outcomes.push({ ok: true, value: runSteps(connection, queue[0]!.db, queue[0]!.steps) });
    for (const item of queue) {
      try {
        outcomes.push({ ok: true, value: one(item) });
      } catch (error) {
        // SQLite itself rolled the whole transaction back (a full disk, an I/O error): nothing of it stands.
        if (!connection.inTransaction) throw error;
        outcomes.push({ ok: false, error });
      }
    }
  });
  // The write lock first: another process's commit cannot slip in between (WORKERS=2).
  found = { all: (queue, outcomes) => all.immediate(queue, outcomes), one };
  runners.set(connection, found);
  return found;
}

/** One BEGIN ... COMMIT for every transaction queued on `connection`, each in a savepoint (see the header). */
function commitTogether(connection: SQLite.Database): void {
  const queue = waiting.get(connection)!;
  waiting.delete(connection);
  if (connection.inTransaction || !connection.open) {
    // A Kysely transaction is open (it awaits between statements): each waits for it through Kysely instead.
    for (const item of queue) inKyselyTransaction(item.db, item.steps).then(item.resolve, item.reject);
    return;
  }
  const outcomes: Outcome[] = [];
  try {
    runnersOf(connection).all(queue, outcomes);
  } catch (error) {
    for (const item of queue) item.reject(error);
    return;
  }
  queue.forEach((item, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}

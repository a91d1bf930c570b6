/**
 * Hot statements built and compiled once. Building a Kysely query and compiling it to SQL costs 20-50 us, more than
 * running it on SQLite; the statements a cart request runs are the same every time, only their values change. A
 * prepared query is built once with stand-ins for its arguments, compiled, and then run with the real values put in
 * the stand-ins' places. Works on every dialect, in and out of transactions, as the same typed Kysely query it was
 * built from.
 *
 * On SQLite it also skips Kysely's driver (its connection lock, a promise per statement): the better-sqlite3
 * statement is prepared once and run directly (src/db/direct-sqlite.ts says when that is safe).
 *
 * On PostgreSQL, run on the database itself or in a transaction of src/db/transaction.ts, it is a named pg statement
 * (src/db/direct-postgres.ts): each connection parses and plans it once, not on every run.
 *
 * An argument may be a list (for `in (...)`): the query is compiled once per list length.
 */
import type SQLite from 'better-sqlite3';
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type pg from 'pg';
import { directPostgres, runNamed } from './direct-postgres.js';
import { directSqlite } from './direct-sqlite.js';
import type { Database } from './schema.js';

export type Arg = string | number | readonly (string | number)[];

/** Where a compiled parameter comes from: an argument, an item of a list argument, or a constant of the query. */
type Source = { arg: number; item?: number } | { value: unknown };

interface Compiled {
  query: CompiledQuery;
  /** Its pg statement name: one per prepared query and shape, so one name never stands for two texts. */
  name: string;
  sources: Source[];
  /** The better-sqlite3 statement of the last SQLite connection it ran on. */
  statement?: { connection: SQLite.Database; statement: SQLite.Statement };
}

const STAND_IN = '\u0000kago-arg:';

function standIn(arg: Arg, index: number): Arg {
  return Array.isArray(arg) ? arg.map((_, item) => `${STAND_IN}${index}:${item}`) : `${STAND_IN}${index}:`;
}

function sourceOf(parameter: unknown): Source {
  if (typeof parameter !== 'string' || !parameter.startsWith(STAND_IN)) return { value: parameter };
  const [arg, item] = parameter.slice(STAND_IN.length).split(':');
  return item === '' ? { arg: Number(arg) } : { arg: Number(arg), item: Number(item) };
}

export interface PreparedQuery<A extends Arg[], R> {
  /** Runs the query with these arguments on `db` (a Kysely instance or a transaction). */
  run(db: Kysely<Database>, ...args: A): Promise<QueryResult<R>>;
  /** The rows. */
  all(db: Kysely<Database>, ...args: A): Promise<R[]>;
  /** The first row, or undefined. */
  first(db: Kysely<Database>, ...args: A): Promise<R | undefined>;
  /**
   * Runs it now on a SQLite connection, in whatever transaction that connection is in (src/db/transaction.ts runs a
   * whole transaction this way). `db` picks the compiled form (the dialect).
   */
  runOn(connection: SQLite.Database, db: Kysely<Database>, args: A): QueryResult<R>;
  /**
   * Reads now on a SQLite connection as runOn does, each row an array of its columns in the order selected: no
   * object with named keys per row (a hot read's rows cost about a third less so).
   */
  rawOn(connection: SQLite.Database, db: Kysely<Database>, args: A): unknown[][];
  /** Runs it as a named statement on a pg client (a transaction's connection) or pool; `db` picks the compiled form. */
  runOnPostgres(client: pg.Pool | pg.PoolClient, db: Kysely<Database>, args: A): Promise<QueryResult<R>>;
}

/** Numbers the prepared queries, for their pg statement names. */
let prepared = 0;

/**
 * `build` must use its arguments only as values (never to decide the query's shape: that is decided once) and
 * gets stand-ins for them. Compiled once per dialect (tests run SQLite and PostgreSQL in one process) and list length.
 */
export function prepare<A extends Arg[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): PreparedQuery<A, R> {
  const byDialect = new Map<unknown, Map<string, Compiled>>();
  const id = ++prepared;
  const compiledFor = (db: Kysely<Database>, args: A): Compiled => {
    const adapter = db.getExecutor().adapter.constructor;
    let byShape = byDialect.get(adapter);
    if (!byShape) byDialect.set(adapter, (byShape = new Map()));
    const shape = args.map((arg) => (Array.isArray(arg) ? arg.length : '')).join(',');
    let compiled = byShape.get(shape);
    if (!compiled) {
      const query = build(db, ...(args.map(standIn) as A)).compile();
      compiled = { query, name: `kago_${id}_${shape}`, sources: query.parameters.map(sourceOf) };
      byShape.set(shape, compiled);
    }
    return compiled;
  };
  const parametersOf = (sources: readonly Source[], args: A): unknown[] =>
    sources.map((source) => {
      if ('value' in source) return source.value;
      const arg = args[source.arg]!;
      return source.item === undefined ? arg : (arg as readonly unknown[])[source.item];
    });
  const statementOn = (connection: SQLite.Database, compiled: Compiled): SQLite.Statement => {
    if (compiled.statement?.connection !== connection)
      compiled.statement = { connection, statement: connection.prepare(compiled.query.sql) };
    return compiled.statement.statement;
  };
  const runOn = (connection: SQLite.Database, db: Kysely<Database>, args: A): QueryResult<R> => {
    const compiled = compiledFor(db, args);
    const statement = statementOn(connection, compiled);
    const parameters = parametersOf(compiled.sources, args);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes) };
  };
  const rawOn = (connection: SQLite.Database, db: Kysely<Database>, args: A): unknown[][] => {
    const compiled = compiledFor(db, args);
    // The connection keeps one statement per SQL text (src/db/connect.ts), shared with Kysely's driver: raw for this
    // one synchronous read only.
    const statement = statementOn(connection, compiled).raw(true);
    try {
      return statement.all(parametersOf(compiled.sources, args)) as unknown[][];
    } finally {
      statement.raw(false);
    }
  };
  const run = (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> => {
    const connection = directSqlite(db);
    if (connection) {
      try {
        return Promise.resolve(runOn(connection, db, args));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const pool = directPostgres(db);
    if (pool) return runOnPostgres(pool, db, args);
    const { query, sources } = compiledFor(db, args);
    return db.executeQuery<R>({ ...query, parameters: parametersOf(sources, args) });
  };
  const runOnPostgres = (client: pg.Pool | pg.PoolClient, db: Kysely<Database>, args: A) => {
    const { query, name, sources } = compiledFor(db, args);
    return runNamed<R>(client, name, query.sql, parametersOf(sources, args));
  };
  return {
    run,
    all: async (db, ...args) => (await run(db, ...args)).rows,
    first: async (db, ...args) => (await run(db, ...args)).rows[0],
    runOn,
    rawOn,
    runOnPostgres,
  };
}

/**
 * Hot statements built and compiled once. Building a Kysely query and compiling it to SQL costs 20-50 us, more than
 * running it on SQLite; the statements a cart request runs are the same every time, only their values change. A
 * prepared query is built once with stand-ins for its arguments, compiled, and then run with the real values put in
 * the stand-ins' places (SQLite then also finds the statement compiled: src/db/connect.ts). Works on every dialect,
 * in and out of transactions, as the same typed Kysely query it was built from.
 *
 * An argument may be a list (for `in (...)`): the query is compiled once per list length.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

type Arg = string | number | readonly (string | number)[];

/** Where a compiled parameter comes from: an argument, an item of a list argument, or a constant of the query. */
type Source = { arg: number; item?: number } | { value: unknown };

interface Compiled {
  query: CompiledQuery;
  sources: Source[];
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
}

/**
 * `build` must use its arguments only as values (never to decide the query's shape: that is decided once) and
 * gets stand-ins for them. Compiled once per dialect (tests run SQLite and PostgreSQL in one process) and list length.
 */
export function prepare<A extends Arg[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): PreparedQuery<A, R> {
  const byDialect = new Map<unknown, Map<string, Compiled>>();
  const compiledFor = (db: Kysely<Database>, args: A): Compiled => {
    const adapter = db.getExecutor().adapter.constructor;
    let byShape = byDialect.get(adapter);
    if (!byShape) byDialect.set(adapter, (byShape = new Map()));
    const shape = args.map((arg) => (Array.isArray(arg) ? arg.length : '')).join(',');
    let compiled = byShape.get(shape);
    if (!compiled) {
      const query = build(db, ...(args.map(standIn) as A)).compile();
      compiled = { query, sources: query.parameters.map(sourceOf) };
      byShape.set(shape, compiled);
    }
    return compiled;
  };
  const run = (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> => {
    const { query, sources } = compiledFor(db, args);
    const parameters = sources.map((source) => {
      if ('value' in source) return source.value;
      const arg = args[source.arg]!;
      return source.item === undefined ? arg : (arg as readonly unknown[])[source.item];
    });
    return db.executeQuery<R>({ ...query, parameters });
  };
  return {
    run,
    all: async (db, ...args) => (await run(db, ...args)).rows,
    first: async (db, ...args) => (await run(db, ...args)).rows[0],
  };
}

/**
 * One Kysely instance per dialect: better-sqlite3 (embedded, WAL) or a pg pool.
 * Callers get the same typed query builder and never branch on the driver.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { checkpointInBackground, type Checkpointer } from './checkpoints.js';
import { runsOnPool } from './direct-postgres.js';
import { runsOn } from './direct-sqlite.js';
import type { Database } from './schema.js';

export type Dialect = DatabaseConfig['dialect'];

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Closes the connection or pool; the handle is unusable after. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite: checkpoint in a worker thread (src/db/checkpoints.ts). The server's processes do; one-off commands need not. */
  backgroundCheckpoints?: boolean;
}

/**
 * Opens the database the config names. For SQLite the file's directory is created when missing. `onPoolError`
 * hears about PostgreSQL connections that fail, idle or in use (a restart); the process keeps running either way.
 */
export function openDatabase(
  config: DatabaseConfig,
  onPoolError: (error: Error) => void = () => {},
  options: OpenOptions = {},
): DatabaseHandle {
  if (config.dialect === 'postgres') {
    const pool = postgresPool(config.url, onPoolError);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    runsOnPool(db, pool); // hot statements are named pg statements (src/db/direct-postgres.ts)
    return { db, dialect: config.dialect, close: () => db.destroy() };
  }
  const connection = sqliteConnection(config.file);
  const checkpointer: Checkpointer | undefined =
    options.backgroundCheckpoints && config.file !== ':memory:'
      ? checkpointInBackground(connection, config.file)
      : undefined;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  runsOn(db, connection); // hot statements skip Kysely's driver (src/db/direct-sqlite.ts)
  return {
    db,
    dialect: config.dialect,
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

function sqliteConnection(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode; fsyncs at checkpoints
  connection.pragma('busy_timeout = 5000'); // a second process (the import CLI) waits for the writer instead of failing
  connection.pragma('foreign_keys = ON');
  return cachingPrepare(connection);
}

/** Statements the connection keeps compiled; past this many distinct statements the cache starts over. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query it runs; compiling the same SQL again is a measurable share of a request's CPU.
 * better-sqlite3 statements are reusable (and re-prepare themselves after a schema change), and this connection
 * runs one statement at a time (nothing here streams), so the same SQL gets the same compiled statement.
 */
function cachingPrepare(connection: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof connection.prepare;
  return connection;
}

/**
 * The pg driver, loaded when a PostgreSQL database is opened rather than with this module: a shop on SQLite never
 * loads it. It is CommonJS, so it loads synchronously and openDatabase stays synchronous.
 */
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg') as typeof pg;

/** int8 (bigint, COUNT(*)) as a JS number: every amount and count here is a safe integer. */
const INT8_OID = 20;
const postgresTypes = (driver: typeof pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : driver.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
});

function postgresPool(url: string, onPoolError: (error: Error) => void): pg.Pool {
  const driver = loadPg();
  // A down server fails requests within seconds (503) instead of holding them; the pool reconnects by itself.
  // JIT off (unless the URL sets options): it compiled a search's read of every match (its estimate is over
  // jit_above_cost) for 80-140 ms, several times the query itself; kago's queries are short (docs/decisions/0010).
  const options = /[?&]options=/.test(url) ? undefined : '-c jit=off';
  const pool = new driver.Pool({
    connectionString: url,
    max: 10,
    types: postgresTypes(driver),
    connectionTimeoutMillis: 3000,
    ...(options && { options }),
  });
  listenForConnectionErrors(pool, onPoolError);
  return pool;
}

/**
 * An 'error' event with no listener ends the process. pg-pool listens on a client only while it is idle in the pool
 * and removes that listener while the client is checked out (Kysely holds one for a whole transaction), so a server
 * restart (57P01) or a cut socket during a query would end the process. Every client gets a listener of its own for
 * its whole life; the query it was running fails by itself (503), and the pool drops the broken client on release.
 */
export function listenForConnectionErrors(pool: pg.Pool, onError: (error: Error) => void): void {
  pool.on('connect', (client) => client.on('error', onError));
  // The pool re-emits errors of idle clients; the client's own listener above has already reported them.
  pool.on('error', () => {});
}

/**
 * A database to try changes on that writes nothing to the shop's: what `kago import --dry-run` runs on. SQLite gets
 * an in-memory copy of the shop's file (an empty one when there is no file yet), migrated in memory; the file is not
 * created, opened for writing or migrated. PostgreSQL is used as it is (the caller rolls its changes back) when it
 * needs no migration, and a new database with none applied yet is stood in for by an empty in-memory one.
 */
import { existsSync, readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from './connect.js';
import { appliedMigrations, migrateToLatest, pendingMigrations } from './migrate.js';
import type { Database } from './schema.js';

/** The database has migrations to apply, which a scratch copy cannot do without writing to it. */
export class ScratchUnavailableError extends Error {
  override name = 'ScratchUnavailableError';
}

export async function openScratchDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.dialect === 'sqlite') return inMemory(sqliteSnapshot(config.file));
  const database = openDatabase(config);
  let pending: string[];
  let applied: string[];
  try {
    pending = await pendingMigrations(database.db);
    applied = pending.length === 0 ? [] : await appliedMigrations(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  if (pending.length === 0) return database;
  await database.close();
  if (applied.length === 0) return inMemory(undefined);
  throw new ScratchUnavailableError(
    `the database needs ${pending.length} migration${pending.length === 1 ? '' : 's'} first (${pending.join(', ')}); ` +
      'a dry run writes nothing, so run `kago migrate`, then the dry run',
  );
}

/** The committed content of a SQLite file, or undefined when there is none yet. */
function sqliteSnapshot(file: string): Buffer | undefined {
  if (file === ':memory:' || !existsSync(file)) return undefined;
  let bytes: Buffer;
  if (existsSync(`${file}-wal`)) {
    // A server has it open (or stopped without a checkpoint): read through SQLite to include the log's pages.
    // Its -wal and -shm files exist already, so a read-only connection adds none.
    const reader = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      bytes = reader.serialize();
    } finally {
      reader.close();
    }
  } else {
    // No log: the file holds everything, and reading it with SQLite would leave -wal and -shm files behind.
    bytes = readFileSync(file);
  }
  if (bytes.length === 0) return undefined;
  // Header bytes 18-19 say WAL (2); an in-memory database has no log file, so mark it a rollback-journal one (1).
  bytes[18] = 1;
  bytes[19] = 1;
  return bytes;
}

async function inMemory(snapshot: Buffer | undefined): Promise<DatabaseHandle> {
  const connection = snapshot ? new SQLite(snapshot) : new SQLite(':memory:');
  connection.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  await migrateToLatest(db);
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Runs a suite against every database kago supports: SQLite (in a temp file) and PostgreSQL (a fresh database
 * on a throwaway server). Each `open()` gives an empty, migrated database of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { skipUnlessAvailable } from './extras.js';
import { postgresUnavailableReason, startPostgres, type PostgresServer } from './postgres.js';

export interface TestDatabase extends DatabaseHandle {
  /** The config that opens this same database again (for a second handle, a server or a CLI run). */
  config: DatabaseConfig;
}

export interface DatabaseTarget {
  name: 'sqlite' | 'postgres';
  /** The node:test `skip` option: a reason when this database cannot run here (never in CI). */
  skip: string | undefined;
  /** A new empty database with every migration applied. */
  open(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

let sharedServer: Promise<PostgresServer> | undefined;

/** The test runner shares one server through KAGO_TEST_POSTGRES_URL; a file run alone starts its own. */
async function postgresAdminUrl(): Promise<string> {
  if (process.env.KAGO_TEST_POSTGRES_URL) return process.env.KAGO_TEST_POSTGRES_URL;
  sharedServer ??= startPostgres().then((server) => {
    process.on('exit', () => server.stop());
    return server;
  });
  return (await sharedServer).url;
}

async function openSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-sqlite-'));
  const config: DatabaseConfig = { dialect: 'sqlite', file: path.join(dir, 'kago.db') };
  const handle = openDatabase(config);
  return {
    ...handle,
    config,
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<TestDatabase> {
  const adminUrl = await postgresAdminUrl();
  const name = `kago_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { dialect: 'postgres', url: url.href };
  const handle = openDatabase(config);
  return {
    ...handle,
    config,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

function target(name: DatabaseTarget['name'], skip: string | undefined, opener: () => Promise<TestDatabase>): DatabaseTarget {
  return {
    name,
    skip,
    async open({ migrate = true } = {}) {
      const database = await opener();
      if (migrate) await migrateToLatest(database.db);
      return database;
    },
  };
}

/** SQLite always; PostgreSQL when its binaries are installed (and always in CI). */
export function databaseTargets(): DatabaseTarget[] {
  return [
    target('sqlite', undefined, openSqlite),
    target('postgres', skipUnlessAvailable(postgresUnavailableReason()), openPostgres),
  ];
}

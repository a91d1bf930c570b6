/**
 * Runs a suite against every database kago supports: SQLite (in a temp file) and PostgreSQL (a fresh database
 * on a throwaway server). Each `open()` gives an empty, migrated database of its own.
 *
 * Migrating is most of the cost of a fresh database (0.2-1 s on the 2-core machine, and hundreds of tests open one),
 * so each test process migrates once into a template and every migrated `open()` is a copy of it: a file copy for
 * SQLite, `CREATE DATABASE ... TEMPLATE` for PostgreSQL. The template is built by the same migrateToLatest, so a copy
 * is the database a migration run gives.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
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

let sqliteTemplate: Promise<string> | undefined;

/** A migrated SQLite file for this process to copy, closed (so checkpointed: the copy needs no WAL file). */
function migratedSqliteFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kago-sqlite-template-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'kago.db');
    const handle = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(handle.db);
    await handle.close();
    return file;
  })();
  return sqliteTemplate;
}

async function openSqlite(migrated: boolean): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-sqlite-'));
  const config: DatabaseConfig = { dialect: 'sqlite', file: path.join(dir, 'kago.db') };
  if (migrated) copyFileSync(await migratedSqliteFile(), config.file);
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

async function createPostgresDatabase(
  adminUrl: string,
  template?: string,
): Promise<DatabaseConfig & { dialect: 'postgres' }> {
  const name = `kago_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { dialect: 'postgres', url: url.href };
}

let postgresTemplate: Promise<string> | undefined;

/**
 * A migrated database for this process to copy, with no connection left open (PostgreSQL copies only a template
 * nobody is connected to). It lives as long as the throwaway server.
 */
function migratedPostgresTemplate(adminUrl: string): Promise<string> {
  postgresTemplate ??= (async () => {
    const config = await createPostgresDatabase(adminUrl);
    const handle = openDatabase(config);
    await migrateToLatest(handle.db);
    await handle.close();
    return new URL(config.url).pathname.slice(1);
  })();
  return postgresTemplate;
}

async function openPostgres(migrated: boolean): Promise<TestDatabase> {
  const adminUrl = await postgresAdminUrl();
  const config = await createPostgresDatabase(
    adminUrl,
    migrated ? await migratedPostgresTemplate(adminUrl) : undefined,
  );
  const name = new URL(config.url).pathname.slice(1);
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

function target(
  name: DatabaseTarget['name'],
  skip: string | undefined,
  opener: (migrated: boolean) => Promise<TestDatabase>,
): DatabaseTarget {
  return { name, skip, open: ({ migrate = true } = {}) => opener(migrate) };
}

/** SQLite always; PostgreSQL when its binaries are installed (and always in CI). */
export function databaseTargets(): DatabaseTarget[] {
  return [
    target('sqlite', undefined, openSqlite),
    target('postgres', skipUnlessAvailable(postgresUnavailableReason()), openPostgres),
  ];
}

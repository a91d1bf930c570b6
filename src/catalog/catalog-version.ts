/**
 * The catalog's version as this process last saw it: read once at start, then every second off the request path.
 * Caches of catalog pages key on it, so an import (from the CLI, in any process) shows within a second.
 */
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

export const CATALOG_VERSION_POLL_MS = 1000;

export interface CatalogVersion {
  current(): number;
  stop(): void;
}

/** Marks every cached catalog page stale: imports call it, and stock changes the storefront shows (src/stock/). */
export async function bumpCatalogVersion(db: QueryExecutorProvider): Promise<void> {
  await sql`update catalog_state set version = version + 1 where id = 1`.execute(db);
}

/** Compiled once (src/db/prepared.ts): a shown cart read from Redis reads it beside the cart. */
const versionQuery = prepare((db) => db.selectFrom('catalog_state').select('version').where('id', '=', 1));

/** The catalog's version as the database has it now. */
export async function readCatalogVersion(db: Kysely<Database>): Promise<number> {
  const row = await versionQuery.first(db);
  return Number(row?.version ?? 0);
}

const readVersion = readCatalogVersion;

/** The version before the first successful read (the database was down at start): no catalog has it. */
const UNKNOWN_VERSION = -1;

export async function watchCatalogVersion(
  db: Kysely<Database>,
  onError: (error: unknown) => void,
  everyMs = CATALOG_VERSION_POLL_MS,
): Promise<CatalogVersion> {
  // A process started while the database is down (a worker replaced during an outage) still starts: it answers 503
  // until the database is back, and the poll below learns the version then.
  let version = await readVersion(db).catch((error: unknown) => {
    onError(error);
    return UNKNOWN_VERSION;
  });
  const timer = setInterval(() => {
    readVersion(db).then((latest) => (version = latest), onError);
  }, everyMs);
  timer.unref();
  return { current: () => version, stop: () => clearInterval(timer) };
}

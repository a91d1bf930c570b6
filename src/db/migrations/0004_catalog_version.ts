/**
 * One number that every catalog import bumps, so running servers (any process) can tell their cached catalog
 * pages are stale without comparing the catalog itself.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalog_state')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('version', 'bigint', (col) => col.notNull())
    .execute();
  await (db as Kysely<{ catalog_state: { id: number; version: number } }>)
    .insertInto('catalog_state')
    .values({ id: 1, version: 0 })
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('catalog_state').execute();
}

/**
 * The catalog kept from Stripe (`kago sync`, product and price webhooks, the background sync): a counter that orders
 * every read of Stripe, the read each catalog object was last written from, and a lease so that one process at a
 * time runs the background sync (docs/decisions/0013-catalog-event-ordering.md).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_sync_state')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    /** Taken before every read of Stripe: a larger ticket read Stripe later. */
    .addColumn('ticket', 'bigint', (col) => col.notNull())
    /** The ticket of the last full sync applied: every object was written from a read at least that late. */
    .addColumn('synced_ticket', 'bigint', (col) => col.notNull())
    /** When the background sync is due next (epoch ms); null: as soon as a process looks. */
    .addColumn('next_sync_at', 'bigint')
    .execute();
  await db
    .insertInto('catalog_sync_state')
    .values({ id: 1, ticket: 0, synced_ticket: 0, next_sync_at: null })
    .execute();
  await db.schema
    .createTable('stripe_catalog_objects')
    .addColumn('id', 'text', (col) => col.primaryKey())
    /** The ticket of the read a webhook last wrote this product or price from. */
    .addColumn('ticket', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('job_locks')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_locks').execute();
  await db.schema.dropTable('stripe_catalog_objects').execute();
  await db.schema.dropTable('catalog_sync_state').execute();
}

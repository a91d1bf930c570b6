/**
 * Idempotency keys of cart changes: a key is recorded in the transaction of the change it came with, so a change
 * that was applied but whose answer was lost is applied once however often the client retries it. Scoped to the
 * session (its cart), deleted with it, and purged by housekeeping once past `expires_at`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cart_idempotency_keys')
    .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('key', 'text', (col) => col.notNull())
    /** Hash of the request the key first came with: the same key with another request is refused. */
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    /** The cart version that change produced. */
    .addColumn('cart_version', 'integer', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('cart_idempotency_keys_pk', ['session_id', 'key'])
    .execute();
  // Housekeeping deletes expired keys by range.
  await db.schema
    .createIndex('cart_idempotency_keys_expires_at')
    .on('cart_idempotency_keys')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cart_idempotency_keys').execute();
}

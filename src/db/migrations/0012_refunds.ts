/**
 * Refunds of paid orders: one row per refund asked for in the console or made in the Stripe Dashboard. The
 * one-time key of the console's form is unique (a resubmitted form finds its refund instead of making another), and
 * so is Stripe's refund id (a webhook finds the refund the console started instead of recording it twice).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('order_id', 'text', (col) => col.notNull().references('orders.id'))
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    // pending -> succeeded | failed | canceled (Stripe may still fail a succeeded refund).
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('failure_reason', 'text')
    // 1: the order's items go back in stock once the refund succeeds.
    .addColumn('restock', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('provider_refund_id', 'text', (col) => col.unique())
    // Who asked (an owner account); null for refunds made in the Stripe Dashboard.
    .addColumn('requested_by', 'integer')
    .addColumn('requested_by_email', 'text')
    .addColumn('idempotency_key', 'text', (col) => col.unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('refunds_order_id').on('refunds').column('order_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refunds').execute();
}

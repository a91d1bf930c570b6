/**
 * Orders and what makes them exactly-once: a pending order per cart snapshot (unique `pending_key`), one row in
 * `order_fulfilments` per paid order (its primary key is the once-only gate), payment events recorded by id, and
 * the demo provider's checkout sessions.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('session_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('total_amount', 'bigint', (col) => col.notNull())
    .addColumn('cart_fingerprint', 'text', (col) => col.notNull())
    // session id + fingerprint while pending, null after: one pending order per unchanged cart, even under races.
    .addColumn('pending_key', 'text', (col) => col.unique())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('provider_session_id', 'text', (col) => col.unique())
    .addColumn('checkout_url', 'text')
    .addColumn('checkout_expires_at', 'bigint', (col) => col.notNull())
    .addColumn('amount_paid', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('paid_at', 'bigint')
    .execute();
  await db.schema.createIndex('orders_session_id').on('orders').column('session_id').execute();
  await db.schema
    .createIndex('orders_status_expires')
    .on('orders')
    .columns(['status', 'checkout_expires_at'])
    .execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('order_id', 'text', (col) => col.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    /** The cart line it came from, to take exactly this out of the cart once paid. */
    .addColumn('cart_line_key', 'text', (col) => col.notNull())
    .addColumn('price_id', 'text', (col) => col.notNull())
    .addColumn('product_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('unit_amount', 'bigint', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addColumn('line_total', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'position'])
    .execute();

  await db.schema
    .createTable('order_fulfilments')
    .addColumn('order_id', 'text', (col) => col.primaryKey().references('orders.id'))
    .addColumn('provider_session_id', 'text', (col) => col.notNull())
    .addColumn('amount_paid', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    // 1 once what the order bought has been taken out of the cart: claimed before, released if that fails.
    .addColumn('cart_cleared', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text')
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('demo_checkout_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('order_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('payment_status', 'text', (col) => col.notNull())
    .addColumn('amount_total', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('success_url', 'text', (col) => col.notNull())
    .addColumn('cancel_url', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['demo_checkout_sessions', 'payment_events', 'order_fulfilments', 'order_lines', 'orders']) {
    await db.schema.dropTable(table).execute();
  }
}

/**
 * Stock reservations: what each order holds of the stock while its shopper pays. `orders.stock_state` is the
 * once-only gate of each step (reserve, release, consume); orders from before are `untracked`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('stock_state', 'text', (col) => col.notNull().defaultTo('untracked'))
    .execute();
  await db.schema
    .createTable('stock_reservations')
    .addColumn('order_id', 'text', (col) => col.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('stock_reservations_pk', ['order_id', 'product_id'])
    .execute();
  // Housekeeping finds the reservations of closed orders still held.
  await db.schema.createIndex('orders_stock_state').on('orders').columns(['stock_state', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_stock_state').execute();
  await db.schema.dropTable('stock_reservations').execute();
  await db.schema.alterTable('orders').dropColumn('stock_state').execute();
}

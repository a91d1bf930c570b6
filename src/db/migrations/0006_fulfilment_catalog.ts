/**
 * What fulfilment needs from the catalog: each price's tax behaviour (shown as the export says), whether a product
 * is shipped, and stock levels for the products whose export counts them (see ADR 0006).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('prices')
    .addColumn('tax_behavior', 'text', (col) => col.notNull().defaultTo('unspecified'))
    .execute();
  // 0/1 like every boolean (ADR 0001): a product is physical unless its export says otherwise.
  await db.schema
    .alterTable('products')
    .addColumn('shippable', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('stock_levels')
    .addColumn('product_id', 'text', (col) => col.primaryKey().references('products.id'))
    .addColumn('on_hand', 'integer', (col) => col.notNull())
    .addColumn('reserved', 'integer', (col) => col.notNull().defaultTo(0))
    /** The number the last import that counted this product gave: a re-import of the same number keeps sales since. */
    .addColumn('imported', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stock_levels').execute();
  await db.schema.alterTable('products').dropColumn('shippable').execute();
  await db.schema.alterTable('prices').dropColumn('tax_behavior').execute();
}

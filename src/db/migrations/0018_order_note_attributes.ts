/**
 * The cart's note and attributes (Shopify's `note` and `attributes`) carried to the order at checkout, as Shopify
 * does: the shopper's note and the theme's attributes (gift wrap, a delivery date) reach the shop with the order.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** The cart's note when checkout started; null for none (and for orders made before this migration). */
  await db.schema.alterTable('orders').addColumn('note', 'text').execute();
  /** The cart's attributes when checkout started, as JSON, names in order; '{}' for none. */
  await db.schema
    .alterTable('orders')
    .addColumn('attributes', 'text', (col) => col.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('attributes').execute();
  await db.schema.alterTable('orders').dropColumn('note').execute();
}

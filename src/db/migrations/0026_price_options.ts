/**
 * Several prices per product, sold as options (src/catalog/options/): each price keeps its metadata, and the
 * catalog's refresh records which prices are sold, in what order and under what label; the shop's configured
 * currency (SHOP_CURRENCY) is kept with the catalog's state so every refresh, from any path, sells the same prices.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** JSON object of the price's `<key> (metadata)` columns (`option`, `position`); '{}' for none. */
  await db.schema
    .alterTable('prices')
    .addColumn('metadata', 'text', (col) => col.notNull().defaultTo('{}'))
    .execute();
  /** What a shopper chooses it by: `option (metadata)`, else its nickname; '' for neither. */
  await db.schema
    .alterTable('prices')
    .addColumn('option_label', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  /** `position (metadata)` as a whole number (what orders the options first); null when none. */
  await db.schema.alterTable('prices').addColumn('option_rank', 'integer').execute();
  /** 1..n among its product's sold prices (the order a shopper sees them); null when not sold in the cart. */
  await db.schema.alterTable('prices').addColumn('option_position', 'integer').execute();
  /** How many prices the product is sold at (its options); 0 when not sold. */
  await db.schema
    .alterTable('products')
    .addColumn('option_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  /** SHOP_CURRENCY as last applied: an ISO code, or 'auto' (the commonest); null until the shop first applies it. */
  await db.schema.alterTable('catalog_state').addColumn('currency_setting', 'text').execute();
  // Existing catalogs: the selling price becomes the one option, until the next refresh orders them all.
  await sql`update prices set option_position = 1 where id in (select default_price_id from products where default_price_id is not null)`.execute(
    db,
  );
  await db.updateTable('products').set({ option_count: 1 }).where('default_price_id', 'is not', null).execute();
  await db.schema
    .createIndex('prices_product_options')
    .on('prices')
    .columns(['product_id', 'option_position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('prices_product_options').execute();
  await db.schema.alterTable('catalog_state').dropColumn('currency_setting').execute();
  await db.schema.alterTable('products').dropColumn('option_count').execute();
  await db.schema.alterTable('prices').dropColumn('option_position').execute();
  await db.schema.alterTable('prices').dropColumn('option_rank').execute();
  await db.schema.alterTable('prices').dropColumn('option_label').execute();
  await db.schema.alterTable('prices').dropColumn('metadata').execute();
}

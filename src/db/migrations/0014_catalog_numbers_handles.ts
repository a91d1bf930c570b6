/**
 * Shopify-style references for every product and price (issue 15): a stable integer (`num_id`, one sequence shared
 * by products and prices, so an integer names one of them only) and each product's handle (`/products/<handle>`).
 * `catalog_state.currency` is the shop's currency (what most listed products sell in), for carts that are still empty.
 * Rows that exist already get theirs here, with the import's own code, so old and new rows follow one rule.
 */
import { sql, type Kysely } from 'kysely';
import { assignCatalogRefs } from '../../catalog/import/catalog-refs.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('products').addColumn('num_id', 'bigint').execute();
  await db.schema.alterTable('products').addColumn('handle', 'text').execute();
  await db.schema.alterTable('prices').addColumn('num_id', 'bigint').execute();
  await db.schema.createIndex('products_num_id').on('products').column('num_id').unique().execute();
  await db.schema.createIndex('products_handle').on('products').column('handle').unique().execute();
  await db.schema.createIndex('prices_num_id').on('prices').column('num_id').unique().execute();
  await db.schema.alterTable('catalog_state').addColumn('currency', 'text').execute();
  await assignCatalogRefs(db as Kysely<any>);
  // As the import chose it then (SHOP_CURRENCY and options, 0026, came later).
  await sql`update catalog_state set currency = (
      select prices.currency from products join prices on prices.id = products.default_price_id
      where products.listing_position is not null
      group by prices.currency order by count(*) desc, min(products.listing_position) limit 1)
    where id = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('catalog_state').dropColumn('currency').execute();
  await db.schema.dropIndex('prices_num_id').execute();
  await db.schema.dropIndex('products_handle').execute();
  await db.schema.dropIndex('products_num_id').execute();
  await db.schema.alterTable('prices').dropColumn('num_id').execute();
  await db.schema.alterTable('products').dropColumn('handle').execute();
  await db.schema.alterTable('products').dropColumn('num_id').execute();
}

/**
 * A search reads every match's sort keys once per query (src/search/match-cache.ts): an index from the product's
 * integer id (the search index's key) holding them answers that without reading each product's whole row.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('products_search_keys')
    .on('products')
    .columns(['num_id', 'listing_position', 'list_price', 'name', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('products_search_keys').execute();
}

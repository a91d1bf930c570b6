/**
 * A collection's sorted pages walk an index of their own: each membership in `collection_products` carries its
 * product's sort keys (listed price, name, listing position), copied by the import (search/find-index.ts). Without
 * them a collection sorted by price walked the whole catalog's price index and probed membership row by row.
 */
import type { Kysely } from 'kysely';
import { refreshCollectionSortKeys } from '../../search/find-index.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_products').addColumn('list_price', 'bigint').execute();
  await db.schema.alterTable('collection_products').addColumn('name', 'text').execute();
  await db.schema.alterTable('collection_products').addColumn('listing_position', 'integer').execute();
  const index = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('collection_products').columns(columns).execute();
  await index('collection_products_position', ['collection_handle', 'listing_position']);
  await index('collection_products_price', ['collection_handle', 'list_price', 'listing_position']);
  await index('collection_products_name', ['collection_handle', 'name', 'listing_position']);
  await refreshCollectionSortKeys(db as Kysely<any>);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['collection_products_name', 'collection_products_price', 'collection_products_position'])
    await db.schema.dropIndex(name).execute();
  for (const column of ['listing_position', 'name', 'list_price'])
    await db.schema.alterTable('collection_products').dropColumn(column).execute();
}

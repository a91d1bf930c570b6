/**
 * Finding products (issue 20): the search index (SQLite FTS5 with the trigram tokenizer; PostgreSQL pg_trgm GIN
 * indexes: docs/decisions/0010-search-per-database.md), collection memberships from `collection (metadata)`, and
 * `products.list_price` with indexes for price and name sorting. Existing products are indexed here with the
 * import's own code.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../search/dialect.js';
import { refreshFindIndex } from '../../search/find-index.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('products').addColumn('list_price', 'bigint').execute();
  // Sorted pages walk these in order and stop after a page: no sort of the whole catalog per request.
  await db.schema
    .createIndex('products_list_price')
    .on('products')
    .columns(['list_price', 'listing_position'])
    .execute();
  await db.schema.createIndex('products_name_listing').on('products').columns(['name', 'listing_position']).execute();
  await db.schema
    .createTable('collection_products')
    .addColumn('collection_handle', 'text', (col) => col.notNull())
    .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('collection_products_pk', ['collection_handle', 'product_id'])
    .execute();
  await db.schema.createIndex('collection_products_product').on('collection_products').column('product_id').execute();
  if (isPostgres(db)) {
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it without being superuser.
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create table product_search (num_id bigint primary key, name text not null, body text not null)`.execute(
      db,
    );
    await sql`create index product_search_name_trgm on product_search using gin (name gin_trgm_ops)`.execute(db);
    await sql`create index product_search_body_trgm on product_search using gin (body gin_trgm_ops)`.execute(db);
  } else {
    // rowid = products.num_id. remove_diacritics: `cafe` finds `café`.
    await sql`create virtual table product_search using fts5(name, body, tokenize = 'trigram remove_diacritics 1')`.execute(
      db,
    );
  }
  // The selling price's amount, as the import set it then (options, 0026, came later and refresh it again).
  await sql`update products set list_price = (select unit_amount from prices where prices.id = products.default_price_id)
    where listing_position is not null`.execute(db);
  // The bigram index (0031) and the words (0035) do not exist yet: those migrations fill them.
  await refreshFindIndex(db as Kysely<any>, undefined, { grams: false, words: false });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table product_search`.execute(db);
  await db.schema.dropTable('collection_products').execute();
  await db.schema.dropIndex('products_name_listing').execute();
  await db.schema.dropIndex('products_list_price').execute();
  await db.schema.alterTable('products').dropColumn('list_price').execute();
}

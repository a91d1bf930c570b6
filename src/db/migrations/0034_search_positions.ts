/**
 * PostgreSQL's search table gets a copy of each product's listing position (null while unlisted), so a common
 * word's first read ranks its matches from `product_search` alone and reads `products` for the top of the ranking
 * only: ranked through `products`, every match cost a probe for its position (4,166 probes, ~35 of ~50 ms, for
 * `mug` at 100,000 products), and every match of a whole word ties but for that position. The import keeps the
 * copy as it keeps `collection_products`' (src/search/find-index.ts; docs/decisions/0010). SQLite: nothing (its
 * search table is FTS5's, and its first read ranks in memory).
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../search/dialect.js';
import { refreshSearchPositions } from '../../search/find-index.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table product_search add column listing_position integer`.execute(db);
  await refreshSearchPositions(db as Kysely<any>);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await sql`alter table product_search drop column listing_position`.execute(db);
}

/** Collections as the shop lists them: those with at least one listed product, by name, with their counts. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Collection {
  handle: string;
  title: string;
  productCount: number;
}

export async function listCollections(db: Kysely<Database>): Promise<Collection[]> {
  const { rows } = await sql<{ handle: string; title: string; n: number | string }>`
    select c.collection_handle as handle, min(c.title) as title, count(*) as n
    from collection_products c join products p on p.id = c.product_id
    where p.listing_position is not null
    group by c.collection_handle order by min(c.title), c.collection_handle`.execute(db);
  return rows.map((row) => ({ handle: row.handle, title: row.title, productCount: Number(row.n) }));
}

/** Listed products for the sitemap, in a stable order (by integer id): handle and last change. */
export async function listedProductPage(
  db: Kysely<Database>,
  offset: number,
  limit: number,
): Promise<Array<{ handle: string; updatedAt: number }>> {
  const rows = await db
    .selectFrom('products')
    .select(['handle', 'updated_at'])
    .where('listing_position', 'is not', null)
    .orderBy('num_id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({ handle: row.handle!, updatedAt: Number(row.updated_at) }));
}

export async function listedProductCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select((eb) => eb.fn.max('listing_position').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/**
 * Keeps what finds products in step with the catalog, inside the import's transaction: the search index
 * (`product_search`, keyed by the product's integer id: an FTS5 trigram table on SQLite, a table with pg_trgm GIN
 * indexes on PostgreSQL), its one- and two-character pieces for short words (`product_grams` on SQLite, the
 * `grams` column on PostgreSQL; migration 0031) and collection memberships (`collection_products`). Only products
 * changed since `since`
 * are rewritten (a merge stamps every row it writes with updated_at = now), so re-importing an unchanged export
 * rewrites nothing. On PostgreSQL also the catalog's words (`search_words`, migration 0035; src/search/search-words.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres } from './dialect.js';
import { collectionsOf, searchDocument, searchGrams } from './search-text.js';
import { addSearchWords, pruneSearchWords, textWords } from './search-words.js';

const BATCH = 400;

/** One FTS5 document of the bigram table (its `ascii` tokenizer splits at spaces only, for these). */
const gramText = (grams: string[]) => grams.join(' ');

/**
 * `grams: false, words: false` for migration 0016, which indexes products before the bigram index and the words exist
 * (0031 and 0035 fill them).
 */
export async function refreshFindIndex(
  db: Kysely<Database>,
  since?: number,
  { grams = true, words = true }: { grams?: boolean; words?: boolean } = {},
): Promise<void> {
  const postgres = isPostgres(db);
  // Words a rewritten product held and no longer holds: dropped at the end if no product holds them.
  const gone: string[] = [];
  // Read a page of products at a time (by num_id), never the whole catalog: a first import of 100,000 products
  // held every name, description and metadata at once here (~35 MB of heap, the import's peak).
  let after: number | undefined;
  for (;;) {
    let query = db
      .selectFrom('products')
      .select(['id', 'num_id', 'name', 'description', 'metadata'])
      .orderBy('num_id')
      .limit(BATCH);
    if (since !== undefined) query = query.where('updated_at', '>=', since);
    if (after !== undefined) query = query.where('num_id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) break;
    const batch = rows.map((row) => ({
      ...row,
      num_id: Number(row.num_id),
      metadata: JSON.parse(row.metadata) as Record<string, string>,
    }));
    after = batch[batch.length - 1]!.num_id;
    const numbers = sql.join(batch.map((row) => row.num_id));
    const docs = batch.map((row) => ({ row, doc: searchDocument(row) }));
    if (postgres) {
      const { rows: old } = await sql<{
        num_id: number | string;
        name: string;
        body: string;
      }>`delete from product_search
        where num_id in (${numbers}) returning num_id, name, body`.execute(db);
      await sql`insert into product_search (num_id, name, body) values ${sql.join(docs.map(({ row, doc }) => sql`(${row.num_id}, ${doc.name}, ${doc.body})`))}`.execute(
        db,
      );
      if (words) {
        const held = new Map(docs.map(({ row, doc }) => [row.num_id, new Set(textWords(doc.name, doc.body))]));
        await addSearchWords(db, [...new Set([...held.values()].flatMap((set) => [...set]))]);
        for (const row of old) {
          const now = held.get(Number(row.num_id));
          for (const word of textWords(row.name, row.body)) if (!now?.has(word)) gone.push(word);
        }
      }
      if (grams)
        await writeGrams(
          db,
          docs.map(({ row, doc }) => ({ numId: row.num_id, grams: searchGrams(doc) })),
        );
    } else {
      await sql`delete from product_search where rowid in (${numbers})`.execute(db);
      await sql`insert into product_search (rowid, name, body) values ${sql.join(docs.map(({ row, doc }) => sql`(${row.num_id}, ${doc.name}, ${doc.body})`))}`.execute(
        db,
      );
      if (grams) {
        await sql`delete from product_grams where rowid in (${numbers})`.execute(db);
        await writeGrams(
          db,
          docs.map(({ row, doc }) => ({ numId: row.num_id, grams: searchGrams(doc) })),
        );
      }
    }
    await db
      .deleteFrom('collection_products')
      .where(
        'product_id',
        'in',
        batch.map((row) => row.id),
      )
      .execute();
    const members = batch.flatMap((row) =>
      collectionsOf(row.metadata).map(({ handle, title }) => ({
        collection_handle: handle,
        product_id: row.id,
        title,
      })),
    );
    if (members.length > 0) await db.insertInto('collection_products').values(members).execute();
  }
  if (postgres && words) await pruneSearchWords(db, gone);
}

/**
 * Writes the bigram index of indexed products (their rows of `product_search` exist; on SQLite their old
 * `product_grams` rows are gone).
 */
export async function writeGrams(db: Kysely<any>, docs: Array<{ numId: number; grams: string[] }>): Promise<void> {
  if (docs.length === 0) return;
  if (isPostgres(db)) {
    // One array literal per product (pieces are letters, digits and marks; quoted all the same): a JS array per
    // parameter made the pg client build hundreds of MB of garbage over a 100,000-product import.
    const literal = (grams: string[]) => `{${grams.map((gram) => `"${gram.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
    const values = sql.join(docs.map(({ numId, grams }) => sql`(${numId}::bigint, ${literal(grams)}::text[])`));
    await sql`update product_search s set grams = v.grams from (values ${values}) as v (num_id, grams)
      where s.num_id = v.num_id`.execute(db);
  } else {
    const values = sql.join(docs.map(({ numId, grams }) => sql`(${numId}, ${gramText(grams)})`));
    await sql`insert into product_grams (rowid, grams) values ${values}`.execute(db);
  }
}

/** `products.list_price` follows the lowest option of listed products (after the listing is recomputed). */
export async function refreshListPrices(db: Kysely<Database>): Promise<void> {
  const lowest = sql`(select min(unit_amount) from prices where prices.product_id = products.id and prices.option_position is not null)`;
  await sql`update products set list_price = ${lowest}
    where listing_position is not null and list_price is distinct from ${lowest}`.execute(db);
  await sql`update products set list_price = null where listing_position is null and list_price is not null`.execute(
    db,
  );
}

/**
 * Copies each product's sort keys (listed price, name, listing position) onto its collection memberships, after the
 * listing and list prices are recomputed. Only rows whose keys differ are written: a new product moves every
 * listing position, an unchanged re-import writes nothing.
 */
export async function refreshCollectionSortKeys(db: Kysely<Database>): Promise<void> {
  await sql`update collection_products set
      list_price = (select p.list_price from products p where p.id = collection_products.product_id),
      name = (select p.name from products p where p.id = collection_products.product_id),
      listing_position = (select p.listing_position from products p where p.id = collection_products.product_id)
    where exists (select 1 from products p where p.id = collection_products.product_id
      and (p.list_price is distinct from collection_products.list_price or p.name is distinct from collection_products.name
        or p.listing_position is distinct from collection_products.listing_position))`.execute(db);
}

/** Takes products out of the search index and their collections (before the products themselves are deleted). */
export async function dropFromFindIndex(
  db: Kysely<Database>,
  products: { id: string; num_id: number | null }[],
): Promise<void> {
  const gone: string[] = [];
  for (let start = 0; start < products.length; start += BATCH) {
    const batch = products.slice(start, start + BATCH);
    const numbers = batch.flatMap((row) => (row.num_id === null ? [] : [Number(row.num_id)]));
    if (numbers.length > 0 && isPostgres(db)) {
      const { rows } = await sql<{ name: string; body: string }>`delete from product_search
        where num_id in (${sql.join(numbers)}) returning name, body`.execute(db);
      gone.push(...rows.flatMap((row) => textWords(row.name, row.body)));
    } else if (numbers.length > 0) {
      await sql`delete from product_search where rowid in (${sql.join(numbers)})`.execute(db);
      await sql`delete from product_grams where rowid in (${sql.join(numbers)})`.execute(db);
    }
    await db
      .deleteFrom('collection_products')
      .where(
        'product_id',
        'in',
        batch.map((row) => row.id),
      )
      .execute();
  }
  if (isPostgres(db)) await pruneSearchWords(db, gone);
}

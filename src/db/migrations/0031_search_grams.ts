/**
 * Words of one and two characters (two-character Japanese words are common, and predictive search asks such prefixes
 * as a shopper types) get an index of their own: the trigram indexes of 0016 cannot answer them, so they scanned
 * every product. SQLite: an FTS5 table `product_grams` (rowid = products.num_id) holding each product's one- and
 * two-character pieces as tokens, contentless and without positions (only "which products" is asked). PostgreSQL:
 * a `grams text[]` column of `product_search` with a GIN index. Indexed products get theirs here from the search
 * index's own (folded) text (docs/decisions/0010-search-per-database.md).
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../search/dialect.js';
import { writeGrams } from '../../search/find-index.js';
import { searchGrams } from '../../search/search-text.js';

const BATCH = 400;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  if (postgres) {
    await sql`alter table product_search add column grams text[] not null default '{}'`.execute(db);
    await sql`create index product_search_grams on product_search using gin (grams)`.execute(db);
  } else {
    // `ascii`: spaces separate the pieces and every non-ASCII character is part of one.
    await sql`create virtual table product_grams using fts5(grams, tokenize = 'ascii', content = '',
      contentless_delete = 1, detail = none)`.execute(db);
  }
  const key = postgres ? sql.ref('num_id') : sql.ref('rowid');
  for (let after = -1; ;) {
    const { rows } = await sql<{ num_id: number | string; name: string; body: string }>`
      select ${key} as num_id, name, body from product_search where ${key} > ${after} order by ${key} limit ${BATCH}`.execute(
      db,
    );
    if (rows.length === 0) break;
    await writeGrams(
      db,
      rows.map((row) => ({ numId: Number(row.num_id), grams: searchGrams(row) })),
    );
    after = Number(rows.at(-1)!.num_id);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await sql`alter table product_search drop column grams`.execute(db);
  else await sql`drop table product_grams`.execute(db);
}

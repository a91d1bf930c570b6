/**
 * A shopper's typo on PostgreSQL is looked up through a function that plans its read with sequential scans off: the
 * planner cannot estimate pg_trgm's `<%` and scanned every product computing word similarity (1.5 s at 100,000
 * products) where the trigram indexes answer in tens of milliseconds. The function's own `set` clause does in one
 * statement what a transaction with `set local enable_seqscan = off` did in four round trips, and it returns each
 * match's score, so the read does not look the match up again to rank it (docs/decisions/0010). SQLite: nothing.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../search/dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  // `rows 100`: the planner then joins the few near matches to products one by one rather than scanning products.
  await sql`create function product_search_near(query text) returns table (num_id bigint, score double precision)
    language sql stable rows 100 set enable_seqscan = off
    as $$ select s.num_id, greatest(word_similarity(query, s.name), word_similarity(query, s.body) * 0.8)
      from product_search s where query <% s.name or query <% s.body $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await sql`drop function product_search_near(text)`.execute(db);
}

/**
 * A shopper's one-word typo on PostgreSQL is matched against the catalog's distinct words, not against every
 * product's whole text: `search_words` holds each space-separated word of the search index's names and texts once,
 * with a pg_trgm GIN index, and `product_search_near(query)` now finds the words within pg_trgm's word similarity
 * threshold, then reads only the products holding one of them (through the trigram indexes) and scores each by its
 * best word: the name's, or the text's times 0.8, as before. word_similarity over a whole text (the read this
 * replaces) rechecked `<%` and computed it again on every candidate's name and text, several times the cost of the
 * products' read itself. A query of several words, or one whose words find no product, is read as before (a
 * reading spanning two of a product's words, such as `mugteapot` for `mug teapot`, is only found that way).
 * docs/decisions/0010. SQLite: nothing (its typos are FTS5 trigram reads).
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../search/dialect.js';

/** The read of migration 0033: every product whose whole name or text is within the threshold. */
const WHOLE_TEXT = sql`select s.num_id, greatest(word_similarity(query, s.name), word_similarity(query, s.body) * 0.8)
  from product_search s where (query <% s.name or query <% s.body)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table search_words (word text primary key)`.execute(db);
  await sql`insert into search_words (word) select distinct t
    from product_search s, unnest(string_to_array(s.name || ' ' || s.body, ' ')) t where t <> ''`.execute(db);
  await sql`create index search_words_trgm on search_words using gin (word gin_trgm_ops)`.execute(db);
  // Words within the threshold (`<%`: word similarity, as the whole-text read), then products holding one as a word:
  // LIKE through the trigram indexes, the word itself between spaces checked by strpos (which also scores it).
  // `enable_seqscan = off`, as in 0033: the planner has no estimate for `<%` or a LIKE of words it has not seen.
  await sql`create or replace function product_search_near(query text) returns table (num_id bigint, score double precision)
    language sql stable rows 100 set enable_seqscan = off
    as $$
      with near as materialized (
        select ' ' || w.word || ' ' as spaced, word_similarity(query, w.word) as similarity,
          '%' || replace(replace(replace(w.word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' as pattern
        from search_words w where strpos(query, ' ') = 0 and query <% w.word),
      found as materialized (
        select m.num_id, m.score from (
          select s.num_id, greatest(
              coalesce((select max(n.similarity) from near n where strpos(' ' || s.name || ' ', n.spaced) > 0), 0),
              coalesce((select max(n.similarity) from near n where strpos(' ' || s.body || ' ', n.spaced) > 0), 0) * 0.8
            ) as score
          from product_search s
          where s.name like any (array(select pattern from near)) or s.body like any (array(select pattern from near))
        ) m
        where m.score > 0)
      select f.num_id, f.score from found f
      union all
      ${WHOLE_TEXT} and not exists (select 1 from found)
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function product_search_near(query text) returns table (num_id bigint, score double precision)
    language sql stable rows 100 set enable_seqscan = off
    as $$ ${WHOLE_TEXT} $$`.execute(db);
  await sql`drop table search_words`.execute(db);
}

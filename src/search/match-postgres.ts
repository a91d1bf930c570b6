/**
 * Search on PostgreSQL: `product_search` with pg_trgm GIN indexes on name and body. Each word is a LIKE on either
 * (any substring; pg_trgm's index answers LIKE for words of three or more characters it can split into trigrams);
 * ranking by word_similarity with the name (a query of only one- and two-character words: names holding it first,
 * then newest, as on SQLite, so its top walks the listing order). Near matches (typos) use pg_trgm's `<%` (word similarity above
 * pg_trgm.word_similarity_threshold, 0.6 by default), read by `product_search_near` (migration 0033; since 0035 a
 * one-word typo is matched against the catalog's distinct words, `search_words`, and only products holding a near
 * word are read; docs/decisions/0010). Words
 * of one or two characters, which have no trigram, are looked up in `grams` (every one- and two-character piece of
 * a product's words, GIN-indexed: migration 0031).
 */
import { sql, type RawBuilder } from 'kysely';
import type { SearchMatch } from './browse-queries.js';
import { MAX_CACHED_MATCHES } from './match-cache.js';
import { GRAM_TERM } from './search-text.js';

const FROM = sql`product_search s join products p on p.num_id = s.num_id`;

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function exact(terms: string[]): SearchMatch {
  const short = terms.filter((term) => Array.from(term).length < 3 && GRAM_TERM.test(term));
  const parts: RawBuilder<unknown>[] = terms
    .filter((term) => !short.includes(term))
    .map((term) => sql`(s.name like ${likePattern(term)} or s.body like ${likePattern(term)})`);
  const grams = sql`s.grams @> ${short}::text[]`;
  if (short.length > 0) parts.push(grams);
  const whole = terms.join(' ');
  if (parts.length > 1 || short.length === 0) {
    const where = sql.join(parts, sql` and `);
    return {
      from: FROM,
      where,
      relevance: sql`(strpos(s.name, ${whole}) = 0), word_similarity(${whole}, s.name) desc`,
      keyed: {
        from: sql`product_search s`,
        where,
        id: sql`s.num_id`,
        tier: sql`(case when strpos(s.name, ${whole}) = 0 then 1 else 0 end)`,
        score: sql`word_similarity(${whole}, s.name)`,
      },
    };
  }
  // Only words of one or two characters (what predictive search asks as a shopper starts typing; `te` is in 38% of
  // 100,000 products, `ch` in all): names holding the query first, then newest, as on SQLite (word_similarity
  // of two letters says little). The bigram index counts the matches; over the bound the top of this ranking walks
  // the listing order and stops (src/search/match-cache.ts) instead of ranking every match.
  // Per listed product, its row of the index (scalar subqueries: as `in (...)` PostgreSQL joined every match first
  // and sorted them, 240 ms for `te`, where walking the listing index and stopping at the limit takes ~6 ms).
  const indexed = (what: RawBuilder<unknown>) => sql`(select ${what} from product_search s where s.num_id = p.num_id)`;
  return {
    from: FROM,
    where: grams,
    relevance: sql`(strpos(s.name, ${whole}) = 0)`,
    // Counting stops past the bound (`ch` is in every generated product: counting them all read the whole table).
    keyed: {
      from: sql`product_search s`,
      where: grams,
      id: sql`s.num_id`,
      tier: sql`(case when strpos(s.name, ${whole}) = 0 then 1 else 0 end)`,
      score: sql`0`,
    },
    atMost: sql`select count(*) as n from (select 1 from product_search s where ${grams} limit ${MAX_CACHED_MATCHES + 1}) as m`,
    walk: {
      where: indexed(grams),
      first: sql`strpos(${indexed(sql`s.name`)}, ${whole}) > 0`,
      rest: sql`strpos(${indexed(sql`s.name`)}, ${whole}) = 0`,
    },
  };
}

function near(terms: string[]): SearchMatch | undefined {
  const whole = terms.join(' ');
  if (Array.from(whole).length < 3) return undefined;
  // Products whose name or text holds the query within pg_trgm's threshold, each with its score, in one statement:
  // the function reads them through the trigram indexes (migration 0033: the planner, left to itself, took `<%` to
  // match a tenth of the table and scanned it all, 1.5 s at 100,000 products); a one-word query through the words
  // near it (migration 0035).
  return {
    from: sql`product_search_near(${whole}) n join products p on p.num_id = n.num_id`,
    where: sql`true`,
    relevance: sql`n.score desc`,
    keyed: {
      from: sql`product_search_near(${whole}) n`,
      where: sql`true`,
      id: sql`n.num_id`,
      tier: sql`0`,
      score: sql`n.score`,
    },
  };
}

export const postgresMatch = { exact, near };

/**
 * Search on PostgreSQL: `product_search` with pg_trgm GIN indexes on name and body. Each word is a LIKE on either
 * (any substring; pg_trgm's index answers LIKE for words of three or more characters it can split into trigrams);
 * ranking by word_similarity with the name. Near matches (typos) use pg_trgm's `<%` (word similarity above
 * pg_trgm.word_similarity_threshold, 0.6 by default), which the same indexes answer (docs/decisions/0016). Words
 * of one or two characters, which have no trigram, are looked up in `grams` (every one- and two-character piece of
 * a product's words, GIN-indexed: migration 0031).
 */
import { sql, type RawBuilder } from 'kysely';
import type { SearchMatch } from './browse-queries.js';
import { GRAM_TERM } from './search-text.js';

const FROM = sql`product_search s join products p on p.num_id = s.num_id`;

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function exact(terms: string[]): SearchMatch {
  const short = terms.filter((term) => Array.from(term).length < 3 && GRAM_TERM.test(term));
  const parts: RawBuilder<unknown>[] = terms
    .filter((term) => !short.includes(term))
    .map((term) => sql`(s.name like ${likePattern(term)} or s.body like ${likePattern(term)})`);
  if (short.length > 0) parts.push(sql`s.grams @> ${short}::text[]`);
  const whole = terms.join(' ');
  return {
    from: FROM,
    where: sql.join(parts, sql` and `),
    relevance: sql`(strpos(s.name, ${whole}) = 0), word_similarity(${whole}, s.name) desc`,
  };
}

function near(terms: string[]): SearchMatch | undefined {
  const whole = terms.join(' ');
  if (Array.from(whole).length < 3) return undefined;
  return {
    from: FROM,
    where: sql`(${whole} <% s.name or ${whole} <% s.body)`,
    relevance: sql`greatest(word_similarity(${whole}, s.name), word_similarity(${whole}, s.body) * 0.8) desc`,
  };
}

export const postgresMatch = { exact, near };

/**
 * Search on SQLite: the FTS5 trigram index `product_search` (rowid = products.num_id). A word of three characters
 * or more is a phrase MATCH (any substring, so `ぬぐい` finds `手ぬぐい` and `tow` finds `towel`); shorter words
 * (two-character Japanese words are common) are MATCHes of the bigram table `product_grams` (migration 0031), which
 * holds every one- and two-character piece of a product's words (docs/decisions/0010). Ranking: bm25 with the name
 * weighted over the description.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SearchMatch } from './browse-queries.js';
import { GRAM_TERM } from './search-text.js';

const FROM = sql`product_search join products p on p.num_id = product_search.rowid`;
const GRAMS_FROM = sql`product_grams join products p on p.num_id = product_grams.rowid`;

const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
const chars = (term: string) => Array.from(term).length;

/** Every trigram of a word (the units the index holds). */
export function trigrams(term: string): string[] {
  const letters = Array.from(term);
  const found = new Set<string>();
  for (let i = 0; i + 3 <= letters.length; i++) found.add(letters.slice(i, i + 3).join(''));
  return [...found];
}

function exact(terms: string[]): SearchMatch {
  const long = terms.filter((term) => chars(term) >= 3);
  const grams = terms.filter((term) => chars(term) < 3 && GRAM_TERM.test(term));
  // Never made by queryTerms today (it splits at what is not a letter, digit or mark); kept correct all the same.
  const scanned = terms.filter((term) => chars(term) < 3 && !GRAM_TERM.test(term));
  const gramMatch = grams.map(phrase).join(' AND ');
  const whole = terms.join(' ');
  const parts: RawBuilder<unknown>[] = [];
  // Without a longer word the bigram table leads (and the search table is read only to rank by name, in SQL).
  const byGrams = long.length === 0 && grams.length > 0;
  if (long.length > 0) parts.push(sql`product_search match ${long.map(phrase).join(' AND ')}`);
  // `+`: the trigram MATCH leads, and the bigram matches are a set it is checked against (without it SQLite asks
  // the trigram index once per bigram match).
  if (long.length > 0 && grams.length > 0)
    parts.push(sql`+product_search.rowid in (select rowid from product_grams where product_grams match ${gramMatch})`);
  const gramPart = sql`product_grams match ${gramMatch}`;
  if (byGrams) parts.push(gramPart);
  for (const term of scanned) {
    const like = sql`(product_search.name like ${likePattern(term)} escape '\\' or product_search.body like ${likePattern(term)} escape '\\')`;
    parts.push(byGrams ? sql`p.num_id in (select rowid from product_search where ${like})` : like);
  }
  // Names that hold the query as typed first, then bm25 (which needs a MATCH) over name (x10) and description.
  // Led by the bigram table, the indexed name is read from the FTS5 table's own content table (`c0` = name): a plain
  // rowid lookup, where a lookup through the FTS5 table costs several times more per match.
  const name = byGrams
    ? sql`(select c.c0 from product_search_content c where c.id = p.num_id)`
    : sql`product_search.name`;
  const tier = sql`(instr(${name}, ${whole}) = 0)`;
  // The bigram matches as a set the listing order is checked against (`+`: walk the listing index, not the set).
  const walkParts = parts.map((part) =>
    part === gramPart
      ? sql`+p.num_id in (select rowid from product_grams where product_grams match ${gramMatch})`
      : part,
  );
  const score = long.length > 0 ? sql`bm25(product_search, 10.0, 1.0)` : sql`0.0`;
  const relevance = long.length > 0 ? sql`${tier}, ${score}` : tier;
  return {
    from: byGrams ? GRAMS_FROM : FROM,
    where: sql.join(parts, sql` and `),
    relevance,
    rank: { nameHolds: whole, score },
    walk: byGrams
      ? {
          where: sql.join(walkParts, sql` and `),
          first: sql`instr(${name}, ${whole}) > 0`,
          rest: sql`instr(${name}, ${whole}) = 0`,
        }
      : undefined,
    // The index's own count (unlisted products included), without reading a product row.
    atMost:
      long.length > 0
        ? sql`select count(*) as n from product_search where product_search match ${long.map(phrase).join(' AND ')}`
        : byGrams
          ? sql`select count(*) as n from product_grams where product_grams match ${gramMatch}`
          : undefined,
  };
}

/**
 * Near matches for words with a typo: products holding at least half of the query's trigrams. The index finds
 * those holding any (an OR MATCH); the count of trigrams held decides, and ranks.
 */
function near(terms: string[]): SearchMatch | undefined {
  const grams = [...new Set(terms.flatMap(trigrams))].slice(0, 32);
  if (grams.length < 2) return undefined;
  const held = sql.join(
    grams.map((gram) => sql`(instr(product_search.name || ' ' || product_search.body, ${gram}) > 0)`),
    sql` + `,
  );
  const needed = Math.ceil(grams.length / 2);
  return {
    from: FROM,
    where: sql`product_search match ${grams.map(phrase).join(' OR ')} and (${held}) >= ${needed}`,
    relevance: sql`(${held}) desc, bm25(product_search, 10.0, 1.0)`,
  };
}

export const sqliteMatch = { exact, near };

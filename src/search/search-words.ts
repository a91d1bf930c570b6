/**
 * PostgreSQL's catalog of words (`search_words`, migration 0035): every space-separated word of the search index's
 * names and texts, once, with a pg_trgm GIN index. A shopper's one-word typo is matched against these words (a few
 * thousand to a few hundred thousand short rows) instead of against every product's whole text, and only the
 * products holding a word found are read (docs/decisions/0010). Kept inside the import's transaction: words of
 * rewritten products are added, and words a product no longer holds are dropped when no product holds them.
 */
import { sql, type Kysely } from 'kysely';

/** The distinct words of an indexed text (folded by foldText: words are separated by single spaces). */
export function textWords(...texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) for (const word of text.split(' ')) if (word !== '') words.add(word);
  return [...words];
}

/** Adds words (already there: nothing). */
export async function addSearchWords(db: Kysely<any>, words: string[]): Promise<void> {
  if (words.length === 0) return;
  await sql`insert into search_words (word) select unnest(${words}::text[]) on conflict do nothing`.execute(db);
}

/**
 * Drops those of `gone` (words rewritten or removed products held) that no indexed product holds any more. One pass
 * over every indexed text, so it runs once per import, and only when some product lost a word.
 */
export async function pruneSearchWords(db: Kysely<any>, gone: Iterable<string>): Promise<void> {
  const words = [...new Set(gone)];
  if (words.length === 0) return;
  await sql`delete from search_words where word in (select unnest(${words}::text[])
    except select t from product_search s, unnest(string_to_array(s.name || ' ' || s.body, ' ')) t)`.execute(db);
}

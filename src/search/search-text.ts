/**
 * What search reads from a product, and how a shopper's query is read: both folded the same way (NFKC, lower case),
 * so full-width `ＴＥＡ`, `Tea` and `tea` meet, and half-width katakana meets full-width. Collections come from
 * `collection (metadata)`, several per product, comma-separated (`、` too). Pure.
 */
import { handleFrom } from '../catalog/handles.js';

/** Longest query read, in characters; the rest is ignored (a search box, not a document). */
export const MAX_QUERY_LENGTH = 100;

/** Metadata that is plumbing, not words a shopper would search for. */
const UNSEARCHED_KEYS = new Set(['image', 'handle', 'stock', 'shippable']);

export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface SearchDocument {
  name: string;
  /** Description and metadata values. */
  body: string;
}

export function searchDocument(product: {
  name: string;
  description: string;
  metadata: Record<string, string>;
}): SearchDocument {
  const values = Object.entries(product.metadata)
    .filter(([key]) => !UNSEARCHED_KEYS.has(key.toLowerCase()))
    .map(([, value]) => value);
  return { name: foldText(product.name), body: foldText([product.description, ...values].join(' ')) };
}

/** What a query's words are made of: queryTerms splits at every other character (spaces, punctuation, symbols). */
const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;
/** A word the bigram index answers: one or two letters, digits or marks (shorter than the trigram index's units). */
export const GRAM_TERM = /^[\p{L}\p{N}\p{M}]{1,2}$/u;

/**
 * Every one- and two-character piece of a document's words (docs/decisions/0010): a word of one or two characters
 * is in a document exactly when it is among these, as `LIKE '%word%'` would find it, since such a word never holds
 * the characters that separate runs.
 */
export function searchGrams(doc: SearchDocument): string[] {
  const grams = new Set<string>();
  for (const text of [doc.name, doc.body]) {
    for (const [run] of text.matchAll(WORD_RUN)) {
      const chars = Array.from(run);
      for (let i = 0; i < chars.length; i++) {
        grams.add(chars[i]!);
        if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
      }
    }
  }
  return [...grams];
}

/** The words of a query (at most 8), folded; empty when it has none. */
export function queryTerms(query: string): string[] {
  const words = foldText(Array.from(query).slice(0, MAX_QUERY_LENGTH).join('')).split(/[\s\p{P}\p{S}]+/u);
  return [...new Set(words.filter(Boolean))].slice(0, 8);
}

export interface CollectionRef {
  handle: string;
  title: string;
}

/** The collections `collection (metadata)` names (any letter case of the key), each once, in the order given. */
export function collectionsOf(metadata: Record<string, string>): CollectionRef[] {
  const value = Object.entries(metadata).find(([key]) => key.toLowerCase() === 'collection')?.[1] ?? '';
  const seen = new Map<string, CollectionRef>();
  for (const part of value.split(/[,、，]/)) {
    const title = part.trim().replace(/\s+/g, ' ');
    const handle = handleFrom(title);
    // `all` is every product (/collections/all): a collection of that name would be unreachable.
    if (handle && handle !== 'all' && !seen.has(handle)) seen.set(handle, { handle, title });
  }
  return [...seen.values()];
}

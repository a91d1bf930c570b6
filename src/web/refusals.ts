/**
 * Refusals from the catalogue (src/refusals/catalogue.ts) as HTTP errors: the status and words of a code, for the
 * pages or for the JSON cart API, which answers some as Shopify's Ajax API does (another status or title).
 */
import type { CartError } from '../cart/errors.js';
import { refusalEntry, type RefusalCode } from '../refusals/catalogue.js';
import { wordsOf, type RefusalValues } from '../refusals/words.js';
import { HttpError } from './errors.js';

/**
 * The refusal `code` with its English words filled from `values` (and `variant`, the message other than the code's
 * description that says it); the answer words it again in the shopper's language.
 */
export function refusal(code: RefusalCode, values: RefusalValues = {}, variant?: string): HttpError {
  const words = { values, ...(variant !== undefined && { variant }) };
  const { title, description } = wordsOf(code, words);
  return new HttpError(refusalEntry(code).status, code, title, description, words);
}

/** A refused cart command: for a page, or (`json`) for the JSON cart API. */
export function cartRefusal(error: CartError, json: boolean): HttpError {
  const entry = refusalEntry(error.code);
  const shopify = json ? entry.json : undefined;
  return new HttpError(
    shopify?.status ?? entry.status,
    error.code,
    shopify?.title ?? error.message,
    error.description,
    error.words,
  );
}

/**
 * Refusals from the catalogue (src/refusals/catalogue.ts) as HTTP errors: the status and words of a code, for the
 * pages or for the JSON cart API, which answers some as Shopify's Ajax API does (another status or title).
 */
import type { CartError } from '../cart/errors.js';
import { refusalEntry, type RefusalCode } from '../refusals/catalogue.js';
import { refusalWords, type RefusalValues } from '../refusals/words.js';
import { HttpError } from './errors.js';

/** The refusal `code` with its words filled from `values`. */
export function refusal(code: RefusalCode, values: RefusalValues = {}): HttpError {
  const { title, description } = refusalWords(code, values);
  return new HttpError(refusalEntry(code).status, code, title, description);
}

/** A refused cart command: for a page, or (`json`) for the JSON cart API. */
export function cartRefusal(error: CartError, json: boolean): HttpError {
  const entry = refusalEntry(error.code);
  const shopify = json ? entry.json : undefined;
  return new HttpError(shopify?.status ?? entry.status, error.code, shopify?.title ?? error.message, error.description);
}

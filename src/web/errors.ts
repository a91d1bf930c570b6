/**
 * Every error a shopper can cause has one home here: a stable machine code, an HTTP status and words for people.
 * Pages render them as a friendly page; JSON endpoints answer Shopify's Ajax Cart shape plus `code`:
 * `{ status, message, description, code }`.
 */

import type { RefusalNaming } from '../refusals/words.js';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    /** Stable, machine-readable: `product_not_found`, `quantity_out_of_range`, ... */
    readonly code: string,
    /** Short title, as Shopify's `message`. */
    message: string,
    /** One or two sentences for the shopper, as Shopify's `description` (in English; translated when answered). */
    readonly description: string,
    /** The catalog's words for this refusal, when they are not the code's usual description. */
    readonly words: RefusalNaming = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  status: number;
  message: string;
  description: string;
  code: string;
}

export function errorBody(error: HttpError): ErrorBody {
  return { status: error.statusCode, message: error.message, description: error.description, code: error.code };
}

export const notFound = (description = 'There is nothing at this address.', words: RefusalNaming = {}) =>
  new HttpError(404, 'not_found', 'Page not found', description, words);

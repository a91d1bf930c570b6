/**
 * Bounds on request bodies, applied by the body parsers before any route runs, so a huge body costs a
 * shop little more than reading it: a size cap for every body, and a field count for forms, counted before parsing.
 */
import { parse } from 'node:querystring';
import { MAX_CART_LINES } from '../cart/limits.js';
import { refusal } from './refusals.js';

/**
 * Bytes in one request body. The largest body a shop takes is 100 lines with 255-character ids: about 30 KB, or
 * 230 KB for a form whose ids are all non-ASCII (percent-encoded, 9 bytes a character). Stripe's webhooks have their own limit.
 */
export const BODY_LIMIT = 256 * 1024;

/** Fields in one form: a cart page's update form has one per line, plus a few for buttons and tokens. */
export const MAX_FORM_FIELDS = MAX_CART_LINES + 20;

export const tooManyFields = () => refusal('too_many_fields', { max: MAX_FORM_FIELDS });

/** How many own keys `value` has, counting no further than `limit + 1`: enough to refuse without walking a huge object. */
export function keyCountUpTo(value: unknown, limit: number): number {
  let count = 0;
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (Object.hasOwn(value, key) && ++count > limit) break;
    }
  }
  return count;
}

/** `a=1&b=2` -> `{a: '1', b: '2'}` (a repeated name gives an array), refused before parsing when it has too many fields. */
export function parseForm(body: string): Record<string, string | string[] | undefined> {
  let separators = 0;
  for (let at = body.indexOf('&'); at !== -1 && separators < MAX_FORM_FIELDS; at = body.indexOf('&', at + 1))
    separators += 1;
  if (separators >= MAX_FORM_FIELDS) throw tooManyFields(); // n separators, n + 1 fields
  return parse(body, '&', '=', { maxKeys: MAX_FORM_FIELDS });
}

/**
 * Every refusal the cart and its JSON API can answer, in one place (as Fastify's lib/errors.js): a stable code, the
 * HTTP status, the limits it speaks of, and its words in English as ICU messages (`{max}`, `{name}`, ...) keyed by
 * code. Domain code throws by code with values; pages, JSON errors and docs/cart-api.md all read this table (a test
 * fails when the docs disagree). Translations key the words by `refusal.<code>.title` and `.description`.
 * No HTTP code here: a status is a number the web layer answers with.
 */
import { MAX_CART_LINES, MAX_LINE_PROPERTIES, MAX_LINE_QUANTITY, MAX_UPDATES } from '../cart/limits.js';
import {
  MAX_ATTRIBUTE_NAME_LENGTH,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_CART_ATTRIBUTES,
  MAX_NOTE_LENGTH,
  MAX_PROPERTY_NAME_LENGTH,
  MAX_PROPERTY_VALUE_LENGTH,
} from '../cart/limits.js';

export interface RefusalEntry {
  /** The status a page answers with (and the JSON API, unless `json` says otherwise). */
  status: number;
  /** A short title (Shopify's `message`), ICU. */
  title: string;
  /** One or two sentences for the shopper (Shopify's `description`), ICU. */
  description: string;
  /** The limits the words speak of: passed to the messages with the call's own values. */
  limits?: Readonly<Record<string, number>>;
  /** How the JSON cart API answers it when that differs (as Shopify's Ajax API does). */
  json?: { status: number; title?: string };
  /** Listed in docs/cart-api.md's Errors table: the JSON cart API can answer it. */
  cartApi: boolean;
}

const PROBLEMS_OF_PROPERTIES =
  '{problem, select, shape {Send properties as an object of names and values.} not_text {The property "{name}" must be text.} ' +
  'name_length {A property name is 1 to {maxName} characters.} value_length {The property "{name}" is longer than {maxValue} characters.} ' +
  'other {An item can have at most {maxCount} properties.}}';

const PROBLEMS_OF_DETAILS =
  '{problem, select, note_not_text {Send the note as text.} note_length {A note is at most {maxNote} characters.} shape {Send attributes as an object of names and values.} ' +
  'not_text {The attribute "{name}" must be text.} name_length {An attribute name is 1 to {maxName} characters.} ' +
  'value_length {The attribute "{name}" is longer than {maxValue} characters.} other {A cart can have at most {maxCount} attributes.}}';

/** `Your cart has N.` after a stock refusal, when the cart has some. */
const IN_CART = '{inCart, plural, =0 {} other { Your cart has {inCart}.}}';

export const REFUSALS = {
  // Cart commands (CartError): the pages answer `status`; the JSON API 422 unless `json` says otherwise.
  product_not_found: {
    status: 404,
    title: 'Product not found',
    description: 'This product does not exist. It may have been removed from the catalog.',
    json: { status: 404, title: 'Cannot find variant' },
    cartApi: true,
  },
  product_unavailable: {
    status: 409,
    title: 'Not available',
    description: '{reason, select, not_in_cart {{name} cannot be bought in the cart.} in_cart {{name} is no longer sold; you can remove it from your cart.} other {{name} is no longer sold.}}',
    json: { status: 422 },
    cartApi: true,
  },
  line_not_found: {
    status: 422,
    title: 'Not in your cart',
    description: 'That item is not in your cart. It may have been removed in another tab.',
    json: { status: 400, title: 'no valid id or line parameter' },
    cartApi: true,
  },
  quantity_out_of_range: {
    status: 422,
    title: 'Invalid quantity',
    description: 'The quantity must be a whole number from {min} to {max}.',
    limits: { max: MAX_LINE_QUANTITY },
    cartApi: true,
  },
  line_quantity_limit: {
    status: 422,
    title: 'Quantity limit reached',
    description: 'You can have at most {max} of one item in your cart; you already have {inCart}.',
    limits: { max: MAX_LINE_QUANTITY },
    cartApi: true,
  },
  cart_line_limit: {
    status: 422,
    title: 'Cart is full',
    description: 'A cart can hold at most {max} different items.',
    limits: { max: MAX_CART_LINES },
    cartApi: true,
  },
  currency_mismatch: {
    status: 422,
    title: 'Different currency',
    description: 'Your cart is in {cartCurrency}; this item is priced in {itemCurrency}. A cart holds one currency.',
    cartApi: true,
  },
  sold_out: { status: 422, title: '{name} is sold out', description: `{name} is sold out.${IN_CART}`, cartApi: true },
  not_enough_stock: {
    status: 422,
    title: 'Only {available} of {name} left',
    description: `Only {available} of {name} left; you asked for {wanted}.${IN_CART}`,
    cartApi: true,
  },
  idempotency_key_reused: {
    status: 422,
    title: 'Already sent with other contents',
    description:
      'This change was already sent with the same key (Idempotency-Key, or the token of this form) but different contents. Nothing was changed; send a new key, or reload the page, to make another change.',
    cartApi: true,
  },
  invalid_properties: {
    status: 422,
    title: 'Invalid line item properties',
    description: PROBLEMS_OF_PROPERTIES,
    limits: { maxCount: MAX_LINE_PROPERTIES, maxName: MAX_PROPERTY_NAME_LENGTH, maxValue: MAX_PROPERTY_VALUE_LENGTH },
    cartApi: true,
  },
  invalid_cart_details: {
    status: 422,
    title: 'Invalid cart note or attributes',
    description: PROBLEMS_OF_DETAILS,
    limits: { maxNote: MAX_NOTE_LENGTH, maxCount: MAX_CART_ATTRIBUTES, maxName: MAX_ATTRIBUTE_NAME_LENGTH, maxValue: MAX_ATTRIBUTE_VALUE_LENGTH },
    cartApi: true,
  },
  selling_plan_not_offered: {
    status: 422,
    title: 'Subscriptions not offered',
    description: 'This shop does not sell subscriptions (selling plans) through the cart; add the item without one.',
    cartApi: true,
  },

  // Requests the web layer refuses before (or around) a cart command.
  bad_request: { status: 400, title: 'Bad request', description: 'The shop could not understand this request.', cartApi: true },
  bad_url: { status: 400, title: 'Bad address', description: 'This address is not valid: a % in it must start a character code such as %20.', cartApi: true },
  invalid_request: { status: 400, title: 'Invalid request', description: '{detail}', cartApi: true },
  files_not_accepted: { status: 400, title: 'Files are not accepted', description: 'The cart takes form fields only; send the form without files.', cartApi: true },
  malformed_json: { status: 400, title: 'Malformed JSON', description: 'The request body is not valid JSON.', cartApi: true },
  invalid_idempotency_key: {
    status: 400,
    title: 'Invalid idempotency key',
    description: 'An Idempotency-Key is 1 to 255 visible ASCII characters, without spaces; send one header only.',
    cartApi: true,
  },
  too_many_updates: { status: 400, title: 'Too many updates', description: 'Send at most {max} updates at once.', limits: { max: MAX_UPDATES }, cartApi: true },
  cross_origin_request: { status: 403, title: 'Request refused', description: 'This request came from another site, so it was not carried out.', cartApi: true },
  request_timeout: { status: 408, title: 'Request timed out', description: 'The request did not arrive in time. Please try again.', cartApi: true },
  session_changed: {
    status: 409,
    title: 'Your session has changed',
    description: 'Your cart has moved on (checkout started in another tab, or the session ended). Nothing was changed here; please reload the page.',
    cartApi: true,
  },
  cart_changed: {
    status: 412,
    title: 'Cart changed',
    description: 'The cart is at version {version}, not the one this change was made for. Nothing was changed.',
    cartApi: true,
  },
  body_too_large: { status: 413, title: 'Request too large', description: 'The request body is larger than this shop accepts.', cartApi: true },
  too_many_fields: { status: 413, title: 'Request too large', description: 'The request has more than {max} fields, more than this shop accepts.', cartApi: true },
  unsupported_media_type: { status: 415, title: 'Unsupported content type', description: 'Send application/json or a form (application/x-www-form-urlencoded).', cartApi: true },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    description: 'Too many requests from your address in a short time. Please wait {seconds} seconds and try again.',
    cartApi: true,
  },
  headers_too_large: {
    status: 431,
    title: 'Request headers too large',
    description: "The request headers (cookies included) are larger than this shop accepts. Clearing this site's cookies may help.",
    cartApi: true,
  },
  internal_error: { status: 500, title: 'Something went wrong', description: 'The shop could not finish this request. Please try again in a moment.', cartApi: true },
  service_unavailable: {
    status: 503,
    title: 'Temporarily unavailable',
    description:
      '{cause, select, restarting {The shop is restarting. This request was not handled; please try again in a moment.} ' +
      'read {The shop cannot reach its data right now. Please try again in a moment.} ' +
      'other {The shop cannot reach its data right now, so we could not confirm your change. Check your cart before trying again.}}',
    cartApi: true,
  },
} as const satisfies Record<string, RefusalEntry>;

export type RefusalCode = keyof typeof REFUSALS;

/** The entry of a code, typed as an entry (the table itself keeps its literal types). */
export const refusalEntry = (code: RefusalCode): RefusalEntry => REFUSALS[code];

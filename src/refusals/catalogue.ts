/**
 * Every refusal the cart and its JSON API can answer, in one place (as Fastify's lib/errors.js): a stable code, the
 * HTTP status, how the JSON cart API answers it when that differs, and the limits its words speak of. The words
 * themselves are the message catalogs' `refusal.<code>.title` and `.description` (src/i18n/messages), filled with
 * these limits and the refusal's values by refusals/words.ts. Domain code throws by code with values; pages, JSON
 * errors and docs/cart-api.md all read this table (a test fails when the docs disagree).
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
  /** The limits the words speak of: passed to the messages with the call's own values. */
  limits?: Readonly<Record<string, number>>;
  /** How the JSON cart API answers it when that differs (as Shopify's Ajax API does: its English `message`). */
  json?: { status: number; title?: string };
  /** Listed in docs/cart-api.md's Errors table: the JSON cart API can answer it. */
  cartApi: boolean;
}

export const REFUSALS = {
  // Cart commands (CartError): the pages answer `status`; the JSON API 422 unless `json` says otherwise.
  product_not_found: {
    status: 404,
    json: { status: 404, title: 'Cannot find variant' },
    cartApi: true,
  },
  product_unavailable: {
    status: 409,
    json: { status: 422 },
    cartApi: true,
  },
  line_not_found: {
    status: 422,
    json: { status: 400, title: 'no valid id or line parameter' },
    cartApi: true,
  },
  quantity_out_of_range: {
    status: 422,
    limits: { max: MAX_LINE_QUANTITY },
    cartApi: true,
  },
  line_quantity_limit: {
    status: 422,
    limits: { max: MAX_LINE_QUANTITY },
    cartApi: true,
  },
  cart_line_limit: {
    status: 422,
    limits: { max: MAX_CART_LINES },
    cartApi: true,
  },
  currency_mismatch: {
    status: 422,
    cartApi: true,
  },
  sold_out: { status: 422, cartApi: true },
  not_enough_stock: {
    status: 422,
    cartApi: true,
  },
  idempotency_key_reused: {
    status: 422,
    cartApi: true,
  },
  invalid_properties: {
    status: 422,
    limits: { maxCount: MAX_LINE_PROPERTIES, maxName: MAX_PROPERTY_NAME_LENGTH, maxValue: MAX_PROPERTY_VALUE_LENGTH },
    cartApi: true,
  },
  invalid_cart_details: {
    status: 422,
    limits: {
      maxNote: MAX_NOTE_LENGTH,
      maxCount: MAX_CART_ATTRIBUTES,
      maxName: MAX_ATTRIBUTE_NAME_LENGTH,
      maxValue: MAX_ATTRIBUTE_VALUE_LENGTH,
    },
    cartApi: true,
  },
  selling_plan_not_offered: {
    status: 422,
    cartApi: true,
  },

  // Requests the web layer refuses before (or around) a cart command.
  bad_request: { status: 400, cartApi: true },
  bad_url: { status: 400, cartApi: true },
  invalid_request: { status: 400, cartApi: true },
  files_not_accepted: { status: 400, cartApi: true },
  malformed_json: { status: 400, cartApi: true },
  invalid_idempotency_key: {
    status: 400,
    cartApi: true,
  },
  too_many_updates: { status: 400, limits: { max: MAX_UPDATES }, cartApi: true },
  cross_origin_request: { status: 403, cartApi: true },
  request_timeout: { status: 408, cartApi: true },
  session_changed: {
    status: 409,
    cartApi: true,
  },
  cart_changed: {
    status: 412,
    cartApi: true,
  },
  body_too_large: { status: 413, cartApi: true },
  too_many_fields: { status: 413, cartApi: true },
  unsupported_media_type: { status: 415, cartApi: true },
  rate_limited: {
    status: 429,
    cartApi: true,
  },
  headers_too_large: {
    status: 431,
    cartApi: true,
  },
  internal_error: { status: 500, cartApi: true },
  service_unavailable: {
    status: 503,
    cartApi: true,
  },
} as const satisfies Record<string, RefusalEntry>;

export type RefusalCode = keyof typeof REFUSALS;

/** The entry of a code, typed as an entry (the table itself keeps its literal types). */
export const refusalEntry = (code: RefusalCode): RefusalEntry => REFUSALS[code];

/**
 * Checkout Sessions for the fake Stripe: the create parameters checked as Stripe checks them (names from the
 * SDK's `SessionCreateParams`, so an outdated parameter fails here as it would there), prices looked up in the
 * test's price table, and the session and line item objects shaped like Stripe's. Only `mode: payment` is modelled.
 */
import { randomBytes } from 'node:crypto';
import { collectionParams, type FakeAddress, type FakeCollection } from './collection.js';
import { allowOnly, enumParam, integerParam, metadataParam, objectParam, stringParam, urlParam } from './params.js';
import { invalidRequest, randomId, type Params } from './wire.js';

export interface FakePrice {
  id: string;
  object: 'price';
  active: boolean;
  currency: string;
  unit_amount: number;
  product: string;
  nickname: string | null;
  type: 'one_time';
  livemode: false;
  metadata: Record<string, string>;
}

export interface FakeLineItem {
  id: string;
  object: 'item';
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  price: FakePrice;
  quantity: number;
}

export interface FakeCustomerDetails {
  email: string | null;
  name: string | null;
  phone: string | null;
  address: FakeAddress | null;
  business_name: null;
  individual_name: null;
  tax_exempt: 'none';
  tax_ids: [];
}

export interface FakeSession extends FakeCollection {
  id: string;
  object: 'checkout.session';
  mode: 'payment';
  ui_mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  /** The hosted page (`<fake url>/pay/<id>`) while open and hosted; null otherwise. */
  url: string | null;
  /** Set for embedded and elements sessions only. */
  client_secret: string | null;
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer: string | null;
  customer_email: string | null;
  customer_details: FakeCustomerDetails | null;
  metadata: Record<string, string>;
  success_url: string | null;
  cancel_url: string | null;
  return_url?: string;
  payment_intent: string | null;
  locale: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  created: number;
  expires_at: number;
  livemode: false;
}

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** What the checkout endpoints work on; owned by the server. */
export interface CheckoutState {
  baseUrl: string;
  /** Stripe's clock, in ms (a test may share its injected clock). */
  now: () => number;
  prices: Map<string, FakePrice>;
  sessions: Map<string, FakeSession>;
  lineItems: Map<string, FakeLineItem[]>;
}

// From the SDK's SessionCreateParams (API version 2026-10-28.endive): `payment_method_types` is gone.
const CREATE_PARAMS = [
  'adaptive_pricing',
  'after_expiration',
  'allow_promotion_codes',
  'allowed_payment_method_types',
  'automatic_tax',
  'billing_address_collection',
  'branding_settings',
  'cancel_url',
  'client_reference_id',
  'consent_collection',
  'currency',
  'custom_fields',
  'custom_text',
  'customer',
  'customer_account',
  'customer_creation',
  'customer_email',
  'customer_update',
  'discounts',
  'excluded_payment_method_types',
  'expand',
  'expires_at',
  'integration_identifier',
  'invoice_creation',
  'line_items',
  'locale',
  'managed_payments',
  'metadata',
  'mode',
  'name_collection',
  'optional_items',
  'origin_context',
  'payment_intent_data',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'permissions',
  'phone_number_collection',
  'redirect_on_completion',
  'return_url',
  'saved_payment_method_options',
  'setup_intent_data',
  'shipping_address_collection',
  'shipping_options',
  'submit_type',
  'subscription_data',
  'success_url',
  'tax_id_collection',
  'ui_mode',
  'wallet_options',
] as const;
const LINE_ITEM_PARAMS = ['adjustable_quantity', 'metadata', 'price', 'price_data', 'quantity', 'tax_rates'];
const PRICE_DATA_PARAMS = [
  'currency',
  'product',
  'product_data',
  'recurring',
  'tax_behavior',
  'unit_amount',
  'unit_amount_decimal',
];
// Current names first; the pre-2025 names (hosted, embedded, custom) are accepted too.
const UI_MODES = ['hosted_page', 'embedded_page', 'elements', 'form', 'hosted', 'embedded', 'custom'];
const HOSTED_UI_MODES = ['hosted_page', 'hosted'];
const DAY = 86_400;

const missing = (param: string) => invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');

function storedPrice(state: CheckoutState, value: unknown, param: string): FakePrice {
  const id = stringParam(value, param)!;
  const price = state.prices.get(id);
  if (!price) throw invalidRequest(`No such price: '${id}'`, param, 'resource_missing');
  if (!price.active)
    throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param);
  return price;
}

function inlinePrice(value: unknown, param: string): { price: FakePrice; name: string | null } {
  const data = objectParam(value, param);
  allowOnly(data, PRICE_DATA_PARAMS, param);
  if (data.recurring !== undefined)
    throw invalidRequest('You specified `payment` mode but passed a recurring price.', `${param}[recurring]`);
  const currency = stringParam(data.currency, `${param}[currency]`)?.toLowerCase();
  if (!currency) throw missing(`${param}[currency]`);
  if (data.unit_amount === undefined) throw missing(`${param}[unit_amount]`);
  const unitAmount = integerParam(data.unit_amount, `${param}[unit_amount]`, 0, 99_999_999);
  const product = stringParam(data.product, `${param}[product]`);
  const name =
    data.product_data === undefined
      ? null
      : stringParam(objectParam(data.product_data, `${param}[product_data]`).name, `${param}[product_data][name]`);
  if (!product && !name) throw missing(`${param}[product_data][name]`);
  return {
    price: makePrice({ id: randomId('price'), unit_amount: unitAmount, currency, product }),
    name: name ?? null,
  };
}

function lineItem(state: CheckoutState, value: unknown, param: string): FakeLineItem {
  const item = objectParam(value, param);
  allowOnly(item, LINE_ITEM_PARAMS, param);
  if (item.price !== undefined && item.price_data !== undefined)
    throw invalidRequest('You may only specify one of these parameters: price, price_data.', `${param}[price]`);
  if (item.price === undefined && item.price_data === undefined)
    throw invalidRequest(`You must specify either \`price\` or \`price_data\` in \`${param}\`.`, `${param}[price]`);
  const { price, name } =
    item.price_data !== undefined
      ? inlinePrice(item.price_data, `${param}[price_data]`)
      : { price: storedPrice(state, item.price, `${param}[price]`), name: null };
  if (item.quantity === undefined)
    throw invalidRequest(
      `Quantity is required. Add \`quantity\` to \`${param}\``,
      `${param}[quantity]`,
      'parameter_missing',
    );
  const quantity = integerParam(item.quantity, `${param}[quantity]`, 1, 999_999);
  const amount = price.unit_amount * quantity;
  return {
    id: randomId('li'),
    object: 'item',
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: name ?? price.nickname,
    metadata: metadataParam(item.metadata, `${param}[metadata]`),
    price,
    quantity,
  };
}

/** A price for the table, as `fake.addPrice()` registers it. */
export function makePrice(input: {
  id: string;
  unit_amount: number;
  currency: string;
  active?: boolean;
  product?: string | undefined;
  name?: string;
}): FakePrice {
  if (!Number.isSafeInteger(input.unit_amount) || input.unit_amount < 0)
    throw new Error(`fake Stripe: unit_amount must be a whole number of minor units, got ${input.unit_amount}`);
  return {
    id: input.id,
    object: 'price',
    active: input.active ?? true,
    currency: input.currency.toLowerCase(),
    unit_amount: input.unit_amount,
    product: input.product ?? randomId('prod'),
    nickname: input.name ?? null,
    type: 'one_time',
    livemode: false,
    metadata: {},
  };
}

/** POST /v1/checkout/sessions: checks `params`, then stores and returns the new open session. */
export function createSession(state: CheckoutState, params: Params): FakeSession {
  allowOnly(params, CREATE_PARAMS);
  const mode = enumParam(params.mode, 'mode', ['payment', 'setup', 'subscription']);
  if (!mode) throw missing('mode');
  if (mode !== 'payment')
    throw invalidRequest(`The fake Stripe models only \`mode: payment\`, not \`${mode}\`.`, 'mode');
  const uiMode = enumParam(params.ui_mode, 'ui_mode', UI_MODES) ?? 'hosted_page';
  const hosted = HOSTED_UI_MODES.includes(uiMode);
  const urls = {
    success_url: urlParam(params.success_url, 'success_url'),
    cancel_url: urlParam(params.cancel_url, 'cancel_url'),
    return_url: urlParam(params.return_url, 'return_url'),
  };
  if (hosted && !urls.success_url) throw missing('success_url');
  if (!hosted) {
    for (const name of ['success_url', 'cancel_url'] as const) {
      if (urls[name]) throw invalidRequest(`\`${name}\` cannot be used with \`ui_mode: ${uiMode}\`.`, name);
    }
    if (!urls.return_url && params.redirect_on_completion !== 'never') throw missing('return_url');
  }

  if (params.line_items === undefined) throw missing('line_items');
  if (!Array.isArray(params.line_items) || params.line_items.length === 0)
    throw invalidRequest('`line_items` must be a non-empty array.', 'line_items');
  if (params.line_items.length > 100)
    throw invalidRequest('`line_items` can have at most 100 items in `payment` mode.', 'line_items');
  const items = params.line_items.map((item, index) => lineItem(state, item, `line_items[${index}]`));
  const currency = items[0]!.currency;
  if (items.some((item) => item.currency !== currency))
    throw invalidRequest('All line items must have the same currency.', 'line_items');

  // Stripe's bounds on expires_at: 30 minutes to 24 hours after the session is created, by Stripe's clock.
  const created = Math.floor(state.now() / 1000);
  let expiresAt = created + DAY;
  if (params.expires_at !== undefined) {
    expiresAt = integerParam(params.expires_at, 'expires_at', 0, Number.MAX_SAFE_INTEGER);
    if (expiresAt < created + 1800)
      throw invalidRequest(
        'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
        'expires_at',
      );
    if (expiresAt > created + DAY)
      throw invalidRequest(
        'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
        'expires_at',
      );
  }

  const id = randomId('cs_test');
  const total = items.reduce((sum, item) => sum + item.amount_total, 0);
  const session: FakeSession = {
    id,
    object: 'checkout.session',
    mode,
    ui_mode: uiMode,
    status: 'open',
    payment_status: 'unpaid',
    url: hosted ? `${state.baseUrl}/pay/${id}` : null,
    client_secret: hosted ? null : `${id}_secret_${randomBytes(12).toString('hex')}`,
    amount_subtotal: total,
    amount_total: total,
    currency,
    client_reference_id: stringParam(params.client_reference_id, 'client_reference_id', 200) ?? null,
    customer: stringParam(params.customer, 'customer') ?? null,
    customer_email: stringParam(params.customer_email, 'customer_email', 800) ?? null,
    customer_details: null,
    metadata: metadataParam(params.metadata),
    success_url: urls.success_url ?? null,
    cancel_url: urls.cancel_url ?? null,
    ...(urls.return_url ? { return_url: urls.return_url } : {}),
    payment_intent: null,
    locale: stringParam(params.locale, 'locale') ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    created,
    expires_at: expiresAt,
    livemode: false,
    ...collectionParams(params, currency),
  };
  state.sessions.set(id, session);
  state.lineItems.set(id, items);
  return session;
}

/** One page of a list, as Stripe pages: `limit` (default 10), `starting_after` or `ending_before` an item id. */
export function listPage<T extends { id: string }>(items: T[], url: string, params: Params = {}): ListPage<T> {
  const limit = params.limit === undefined ? 10 : integerParam(params.limit, 'limit', 1, 100);
  const indexOf = (name: 'starting_after' | 'ending_before') => {
    const id = stringParam(params[name], name);
    if (id === undefined) return undefined;
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) throw invalidRequest(`No such object: '${id}'`, name, 'resource_missing');
    return index;
  };
  const after = indexOf('starting_after');
  const before = indexOf('ending_before');
  if (before !== undefined) {
    const start = Math.max(0, before - limit);
    return { object: 'list', data: items.slice(start, before), has_more: start > 0, url };
  }
  const start = after === undefined ? 0 : after + 1;
  return { object: 'list', data: items.slice(start, start + limit), has_more: start + limit < items.length, url };
}

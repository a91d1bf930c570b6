/**
 * Products and Prices for the fake Stripe: the objects shaped like Stripe's, listed newest first with Stripe's
 * pagination (`limit`, `starting_after`, `ending_before`, `has_more`) and filters, retrieved with `expand`, and
 * changed by the test as the Dashboard would, each change giving the `product.*`/`price.*` event Stripe would send.
 */
import { listPage } from './checkout-sessions.js';
import { allowOnly, expandParam } from './params.js';
import { invalidRequest, randomId, StripeApiError, type Params } from './wire.js';

export interface FakeProduct {
  id: string;
  object: 'product';
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  images: string[];
  livemode: false;
  marketing_features: [];
  metadata: Record<string, string>;
  name: string;
  package_dimensions: null;
  shippable: boolean | null;
  statement_descriptor: null;
  tax_code: null;
  type: 'good' | 'service';
  unit_label: null;
  updated: number;
  url: null;
}

export interface FakeCatalogPrice {
  id: string;
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit' | 'tiered';
  created: number;
  currency: string;
  custom_unit_amount: null | { maximum: number | null; minimum: number | null; preset: number | null };
  livemode: false;
  lookup_key: string | null;
  metadata: Record<string, string>;
  nickname: string | null;
  product: string;
  recurring: null | {
    interval: 'day' | 'week' | 'month' | 'year';
    interval_count: number;
    meter: null;
    usage_type: 'licensed';
  };
  tax_behavior: 'inclusive' | 'exclusive' | 'unspecified' | null;
  tiers_mode: 'graduated' | 'volume' | null;
  transform_quantity: null;
  type: 'one_time' | 'recurring';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
}

export type ProductInput = Partial<Omit<FakeProduct, 'object' | 'livemode'>> & { name: string };
export type PriceInput = Partial<Omit<FakeCatalogPrice, 'object' | 'livemode' | 'type'>> & {
  product: string;
  currency: string;
};

export interface CatalogState {
  now: () => number;
  products: Map<string, FakeProduct>;
  prices: Map<string, FakeCatalogPrice>;
  /** Order of creation, to break ties between objects created in the same second. */
  order: Map<string, number>;
}

export function newCatalogState(now: () => number): CatalogState {
  return { now, products: new Map(), prices: new Map(), order: new Map() };
}

const seconds = (state: CatalogState) => Math.floor(state.now() / 1000);

/** Newest first, as Stripe lists them. */
function newestFirst<T extends { id: string; created: number }>(state: CatalogState, items: Iterable<T>): T[] {
  return [...items].sort((a, b) => b.created - a.created || state.order.get(b.id)! - state.order.get(a.id)!);
}

function remember(state: CatalogState, id: string): void {
  if (!state.order.has(id)) state.order.set(id, state.order.size);
}

export function createProduct(state: CatalogState, input: ProductInput): FakeProduct {
  const time = seconds(state);
  const product: FakeProduct = {
    id: randomId('prod'),
    object: 'product',
    active: true,
    created: time,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: 'good',
    unit_label: null,
    updated: time,
    url: null,
    ...input,
  };
  if (state.products.has(product.id)) throw new Error(`fake Stripe: product ${product.id} exists`);
  state.products.set(product.id, product);
  remember(state, product.id);
  return structuredClone(product);
}

export function updateProduct(state: CatalogState, id: string, changes: Partial<ProductInput>): FakeProduct {
  const product = state.products.get(id);
  if (!product) throw new Error(`fake Stripe: no product ${id}`);
  Object.assign(product, changes, { updated: Math.max(product.updated, seconds(state)) });
  return structuredClone(product);
}

/** Stripe deletes only products without prices. */
export function deleteProduct(state: CatalogState, id: string): FakeProduct {
  const product = state.products.get(id);
  if (!product) throw new Error(`fake Stripe: no product ${id}`);
  if ([...state.prices.values()].some((price) => price.product === id))
    throw new Error(`fake Stripe: product ${id} has prices; Stripe refuses to delete it`);
  state.products.delete(id);
  return structuredClone(product);
}

export function createPrice(state: CatalogState, input: PriceInput): FakeCatalogPrice {
  if (!state.products.has(input.product)) throw new Error(`fake Stripe: no product ${input.product}`);
  const amount = input.unit_amount === undefined ? null : input.unit_amount;
  const price: FakeCatalogPrice = {
    id: randomId('price'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: seconds(state),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    recurring: null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    unit_amount: amount,
    unit_amount_decimal: amount === null ? null : String(amount),
    ...input,
    type: input.recurring ? 'recurring' : 'one_time',
  };
  if (state.prices.has(price.id)) throw new Error(`fake Stripe: price ${price.id} exists`);
  state.prices.set(price.id, price);
  remember(state, price.id);
  return structuredClone(price);
}

/** What Stripe lets change on a price: active, nickname, metadata, lookup_key, tax_behavior. */
export function updatePrice(
  state: CatalogState,
  id: string,
  changes: Partial<Pick<FakeCatalogPrice, 'active' | 'nickname' | 'metadata' | 'lookup_key' | 'tax_behavior'>>,
): FakeCatalogPrice {
  const price = state.prices.get(id);
  if (!price) throw new Error(`fake Stripe: no price ${id}`);
  Object.assign(price, changes);
  return structuredClone(price);
}

export function deletePrice(state: CatalogState, id: string): FakeCatalogPrice {
  const price = state.prices.get(id);
  if (!price) throw new Error(`fake Stripe: no price ${id}`);
  state.prices.delete(id);
  return structuredClone(price);
}

const PAGE_PARAMS = ['limit', 'starting_after', 'ending_before'] as const;

function pageParams(params: Params): Params {
  return Object.fromEntries(
    PAGE_PARAMS.filter((name) => params[name] !== undefined).map((name) => [name, params[name]]),
  );
}

function booleanFilter(value: unknown, param: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalidRequest(`Invalid boolean: ${String(value)}`, param);
  return value === 'true';
}

/** `expand[]` on a list names `data.<field>`; on one object, `<field>`. Only the fields given may be expanded. */
function expansions(params: Params, allowed: readonly string[], prefix: string): Set<string> {
  const asked = expandParam(params.expand);
  for (const path of asked) {
    const field = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    if (field === undefined || !allowed.includes(field))
      throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
  }
  return new Set(asked.map((path) => path.slice(prefix.length)));
}

function findProduct(state: CatalogState, id: string): FakeProduct {
  const product = state.products.get(id);
  if (!product)
    throw new StripeApiError(404, 'invalid_request_error', `No such product: '${id}'`, {
      code: 'resource_missing',
      param: 'id',
    });
  return product;
}

function findPrice(state: CatalogState, id: string): FakeCatalogPrice {
  const price = state.prices.get(id);
  if (!price)
    throw new StripeApiError(404, 'invalid_request_error', `No such price: '${id}'`, {
      code: 'resource_missing',
      param: 'price',
    });
  return price;
}

function productJson(state: CatalogState, product: FakeProduct, expand: Set<string>) {
  return expand.has('default_price') && product.default_price
    ? { ...product, default_price: state.prices.get(product.default_price) ?? null }
    : product;
}

function priceJson(state: CatalogState, price: FakeCatalogPrice, expand: Set<string>) {
  // A deleted product shows as Stripe's DeletedProduct stub.
  const product = expand.has('product')
    ? (state.products.get(price.product) ?? { id: price.product, object: 'product', deleted: true })
    : price.product;
  return { ...price, product, ...(expand.has('tiers') ? { tiers: [] } : {}) };
}

export type CatalogRoute = [method: string, pattern: RegExp, handle: (params: Params, id: string) => unknown];

export function catalogRoutes(state: CatalogState): CatalogRoute[] {
  return [
    [
      'GET',
      /^\/v1\/products$/,
      (params) => {
        allowOnly(params, [...PAGE_PARAMS, 'active', 'expand', 'shippable']);
        const expand = expansions(params, ['default_price'], 'data.');
        const active = booleanFilter(params.active, 'active');
        const items = newestFirst(state, state.products.values()).filter(
          (product) => active === undefined || product.active === active,
        );
        const page = listPage(items, '/v1/products', pageParams(params));
        return { ...page, data: page.data.map((product) => productJson(state, product, expand)) };
      },
    ],
    [
      'GET',
      /^\/v1\/products\/([^/]+)$/,
      (params, id) => {
        allowOnly(params, ['expand']);
        return productJson(state, findProduct(state, id), expansions(params, ['default_price'], ''));
      },
    ],
    [
      'GET',
      /^\/v1\/prices$/,
      (params) => {
        allowOnly(params, [...PAGE_PARAMS, 'active', 'currency', 'expand', 'product', 'type', 'lookup_keys']);
        const expand = expansions(params, ['product', 'tiers'], 'data.');
        const active = booleanFilter(params.active, 'active');
        const items = newestFirst(state, state.prices.values()).filter(
          (price) =>
            (active === undefined || price.active === active) &&
            (params.product === undefined || price.product === params.product) &&
            (params.currency === undefined || price.currency === params.currency) &&
            (params.type === undefined || price.type === params.type),
        );
        const page = listPage(items, '/v1/prices', pageParams(params));
        return { ...page, data: page.data.map((price) => priceJson(state, price, expand)) };
      },
    ],
    [
      'GET',
      /^\/v1\/prices\/([^/]+)$/,
      (params, id) => {
        allowOnly(params, ['expand']);
        return priceJson(state, findPrice(state, id), expansions(params, ['product', 'tiers'], ''));
      },
    ],
  ];
}

/** Helpers for cart tests: a catalog to change between requests, the JSON API, and the cart rows to prove "nothing changed". */
import type { Kysely } from 'kysely';
import { importCatalog } from '../../src/catalog/index.js';
import type { Database } from '../../src/db/schema.js';
import { majorToMinor } from '../../src/money/index.js';
import { after, before, beforeEach } from 'node:test';
import { startTestShop, type TestShop } from './app.js';
import { catalogFiles, MESSY, type ShopPrice, type ShopProduct } from './catalog.js';
import { databaseTargets, type DatabaseTarget, type TestDatabase } from './databases.js';
import type { FakeStripe } from './fake-stripe.js';
import { SAME_ORIGIN, sessionCookieOf } from './http.js';

export const CART_PRODUCTS: ShopProduct[] = [
  { id: 'prod_tea', name: 'Sencha tea' },
  { id: 'prod_cup', name: 'Tea cup' },
  { id: 'prod_usd', name: 'Dollar mug' },
  { id: 'prod_sub', name: 'Tea club' },
  { id: 'prod_gone', name: 'Old kettle', active: false },
];

export const CART_PRICES: ShopPrice[] = [
  { id: 'price_tea', product: 'prod_tea', amount: '1200', currency: 'jpy' },
  { id: 'price_cup', product: 'prod_cup', amount: '3000', currency: 'jpy', created: '2024-03-02 00:00:00' },
  { id: 'price_cup_small', product: 'prod_cup', amount: '1800', currency: 'jpy' },
  { id: 'price_usd', product: 'prod_usd', amount: '29.90', currency: 'usd' },
  { id: 'price_sub', product: 'prod_sub', amount: '900', currency: 'jpy', interval: 'month' },
  { id: 'price_gone', product: 'prod_gone', amount: '5000', currency: 'jpy' },
];

/** Imports the cart tests' catalog, with `change` applied (re-import to change prices or archive products). */
export async function importCartCatalog(
  db: Kysely<Database>,
  change: { products?: ShopProduct[]; prices?: ShopPrice[] } = {},
) {
  await importCatalog(db, catalogFiles(change.products ?? CART_PRODUCTS, change.prices ?? CART_PRICES));
}

/** Gives the fake Stripe the cart catalog's prices, so checkouts of the cart tests' items find them there. */
export function addCartPrices(fake: Pick<FakeStripe, 'addPrice'>, prices: readonly ShopPrice[] = CART_PRICES): void {
  for (const price of prices)
    fake.addPrice({ id: price.id, unit_amount: majorToMinor(price.amount, price.currency), currency: price.currency });
}

/** Every session and cart line: equal snapshots mean nothing changed. */
export async function cartRows(db: Kysely<Database>) {
  return {
    sessions: await db.selectFrom('sessions').select(['id', 'cart_version']).orderBy('id').execute(),
    lines: await db
      .selectFrom('cart_lines')
      .select(['session_id', 'price_id', 'quantity', 'unit_amount_seen'])
      .orderBy('session_id')
      .orderBy('price_id')
      .execute(),
  };
}

/** Every session and cart line, whole rows (expiry and times included): equal snapshots mean nothing changed. */
export async function cartState(db: Kysely<Database>) {
  return {
    sessions: await db.selectFrom('sessions').selectAll().orderBy('id').execute(),
    lines: await db.selectFrom('cart_lines').selectAll().orderBy('session_id').orderBy('price_id').execute(),
  };
}

/** The catalog's integer ids (Shopify's product and variant ids, one sequence) by Stripe id: `prod_tea` -> 7. */
export async function catalogNumbers(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = [
    ...(await db.selectFrom('products').select(['id', 'num_id']).execute()),
    ...(await db.selectFrom('prices').select(['id', 'num_id']).execute()),
  ];
  return Object.fromEntries(rows.map((row) => [row.id, Number(row.num_id)]));
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Calls the JSON cart API the way a theme's script does. */
export function cartApi(shop: TestShop) {
  return {
    async post(path: string, body: unknown, cookie?: string, headers: Record<string, string> = {}) {
      const response = await shop.app.inject({
        method: 'POST',
        url: path,
        headers: { ...JSON_HEADERS, ...(cookie ? { cookie } : {}), ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { response, status: response.statusCode, body: response.json(), cookie: sessionCookieOf(response) };
    },
    async get(cookie?: string) {
      const response = await shop.app.inject({ url: '/cart.js', headers: cookie ? { cookie } : {} });
      return { response, status: response.statusCode, body: response.json() };
    },
  };
}

/**
 * A test shop on `target` (SQLite unless given) with the cart tests' catalog, started before the suite and closed
 * after it (call inside a `describe`). Read `.shop` and `.database` from within the tests.
 */
export function useCartShop(
  env: Record<string, string> = {},
  target: DatabaseTarget = databaseTargets()[0]!,
): { shop: TestShop; database: TestDatabase } {
  const running = {} as { shop: TestShop; database: TestDatabase };
  before(async () => {
    running.database = await target.open();
    await importCartCatalog(running.database.db);
    running.shop = await startTestShop(running.database, { env });
  });
  after(async () => {
    await running.shop?.app.close();
    await running.database?.close();
  });
  return running;
}

/** Empties every cart: no sessions, no cart lines. */
async function deleteCarts(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('cart_lines').execute();
  await db.deleteFrom('sessions').execute();
}

/**
 * The JSON cart API suites' shop (`useCartShop` on `target`), with no carts and the cart catalog as imported before
 * each test; `api()` calls it, `rows()` snapshots its carts.
 */
export function useCartApiShop(target: DatabaseTarget) {
  const running = useCartShop({}, target);
  beforeEach(async () => {
    await deleteCarts(running.database.db);
    await importCartCatalog(running.database.db);
  });
  return { running, api: () => cartApi(running.shop), rows: () => cartRows(running.database.db) };
}

/**
 * The "Add to cart" suites' shop on `target`: the MESSY catalog and the clock `now` (a fixed one unless given),
 * started before the suite and closed after it. `add` posts the form, `home` gets the list page, `reset` empties carts.
 */
export function useAddToCartShop(target: DatabaseTarget, now: () => number = () => Date.UTC(2026, 0, 1)) {
  const running = {} as { shop: TestShop; database: TestDatabase };
  before(async () => {
    running.database = await target.open();
    running.shop = await startTestShop(running.database, { catalog: MESSY, deps: { now } });
  });
  after(async () => {
    await running.shop?.app.close();
    await running.database?.close();
  });
  const add = (productId: string, cookie?: string, body = '', headers: Record<string, string> = SAME_ORIGIN) =>
    running.shop.app.inject({
      method: 'POST',
      url: `/cart/${productId}`,
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
      payload: body,
    });
  const home = (cookie?: string) => running.shop.app.inject({ url: '/', headers: cookie ? { cookie } : {} });
  const reset = () => deleteCarts(running.database.db);
  return { running, add, home, reset };
}

/**
 * Helpers for checkout tests: the order rows, and a shopper who adds, checks out and follows redirects, keeping the
 * session cookie each answer sets (checkout gives the shopper a new one) as a browser does.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { TestShop } from './app.js';
import { importCartCatalog } from './cart.js';
import { SAME_ORIGIN, sessionCookieOf } from './http.js';

/** Everything checkout may write: equal snapshots mean nothing changed. */
export async function checkoutRows(db: Kysely<Database>) {
  return {
    orders: await db
      .selectFrom('orders')
      .select(['id', 'session_id', 'status', 'total_amount', 'amount_paid', 'pending_key', 'provider_session_id'])
      .orderBy('id')
      .execute(),
    fulfilments: await db
      .selectFrom('order_fulfilments')
      .select(['order_id', 'amount_paid'])
      .orderBy('order_id')
      .execute(),
    sessions: await db.selectFrom('sessions').select(['id', 'cart_version']).orderBy('id').execute(),
    lines: await db
      .selectFrom('cart_lines')
      .select(['session_id', 'price_id', 'quantity'])
      .orderBy('session_id')
      .orderBy('price_id')
      .execute(),
  };
}

/** Everything checkout and payment write, children first: a suite's fresh start. Carts and sessions are apart (`clearCarts`). */
const ORDER_TABLES = [
  'order_fulfilments',
  'order_lines',
  'payment_events',
  'demo_checkout_sessions',
  'stock_reservations',
  'mail_outbox',
  'orders',
] as const;

export async function clearOrders(db: Kysely<Database>): Promise<void> {
  for (const table of ORDER_TABLES) await db.deleteFrom(table).execute();
}

/** Every SQL cart and session. */
export async function clearCarts(db: Kysely<Database>): Promise<void> {
  for (const table of ['cart_lines', 'sessions'] as const) await db.deleteFrom(table).execute();
}

/** A suite's fresh start: no orders, carts or sessions, and the cart tests' catalog as imported. */
export async function resetCheckoutData(db: Kysely<Database>): Promise<void> {
  await clearOrders(db);
  await clearCarts(db);
  await importCartCatalog(db);
}

/** A complete demo payment form: contact and a Japanese delivery address, the default shipping option. */
export const DEMO_DETAILS: Record<string, string> = {
  email: 'hanako@example.jp',
  name: 'Yamada Hanako',
  phone: '03-1234-5678',
  country: 'JP',
  postal_code: '150-0001',
  state: '東京都',
  city: '渋谷区',
  line1: '神宮前1-2-3',
  line2: 'Kago Bldg 4F',
  shipping_option: 'standard',
};

/** `fields` as a form body. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** A shopper's requests, keeping the session cookie; `sent` are headers every request carries (`accept-language`). */
export function shopper(shop: TestShop, sent: Record<string, string> = {}) {
  let cookie: string | undefined;
  const headers = () => ({ ...SAME_ORIGIN, ...sent, ...(cookie ? { cookie } : {}) });
  const keep = async (sent: Promise<LightMyRequestResponse>) => {
    const response = await sent;
    cookie = sessionCookieOf(response) ?? cookie;
    return response;
  };
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string | undefined) {
      cookie = value;
    },
    add: (id: string, quantity = 1) =>
      keep(
        shop.app.inject({
          method: 'POST',
          url: '/cart/add',
          headers: headers(),
          payload: `id=${id}&quantity=${quantity}`,
        }),
      ),
    post: (url: string, payload = '') => keep(shop.app.inject({ method: 'POST', url, headers: headers(), payload })),
    /** Pays on the demo page at `payUrl` with the demo form filled in (`fields` override it). */
    pay: (payUrl: string, fields: Record<string, string> = {}) =>
      keep(
        shop.app.inject({
          method: 'POST',
          url: `${payUrl}/pay`,
          headers: headers(),
          payload: formBody({ ...DEMO_DETAILS, ...fields }),
        }),
      ),
    get: (url: string) => keep(shop.app.inject({ url, headers: { ...sent, ...(cookie ? { cookie } : {}) } })),
    checkout: () => keep(shop.app.inject({ method: 'POST', url: '/checkout', headers: headers(), payload: '' })),
  };
}

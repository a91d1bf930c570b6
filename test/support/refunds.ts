/** Helpers for refund tests: paid orders made the shopper's way, and the rows a refund may change. */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { TestShop } from './app.js';
import { formBody, shopper } from './checkout.js';
import { SAME_ORIGIN } from './http.js';
import { parsePage } from './page.js';

/** Tea (1200 JPY) counted in stock with `onHand` units. */
export async function countTea(db: Kysely<Database>, onHand: number): Promise<void> {
  await db
    .insertInto('stock_levels')
    .values({ product_id: 'prod_tea', on_hand: onHand, reserved: 0, imported: onHand, updated_at: 0 })
    .execute();
}

/** A shopper buys `tea` teas and a cup with the demo provider and pays: the paid order's id. */
export async function paidDemoOrder(shop: TestShop, db: Kysely<Database>, tea = 2): Promise<string> {
  const alice = shopper(shop);
  await alice.add('prod_tea', tea);
  await alice.add('prod_cup', 1);
  const started = await alice.checkout();
  const payUrl = started.headers.location as string;
  assert.equal((await alice.pay(payUrl)).statusCode, 303);
  const order = await db
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('provider_session_id', '=', payUrl.split('/').at(-1)!)
    .executeTakeFirstOrThrow();
  assert.equal(order.status, 'paid');
  return order.id;
}

/** Everything a refund may change: equal snapshots mean nothing changed. */
export async function refundRows(db: Kysely<Database>) {
  return {
    orders: await db
      .selectFrom('orders')
      .select(['id', 'status', 'amount_refunded', 'refunded_at', 'review_reason', 'stock_state'])
      .orderBy('id')
      .execute(),
    refunds: await db
      .selectFrom('refunds')
      .select(['id', 'order_id', 'amount', 'status', 'provider_refund_id'])
      .orderBy('id')
      .execute(),
    stock: await db
      .selectFrom('stock_levels')
      .select(['product_id', 'on_hand', 'reserved'])
      .orderBy('product_id')
      .execute(),
    audit: await db.selectFrom('admin_audit_log').select(['action', 'subject_id']).orderBy('id').execute(),
  };
}

/** The console's refund form, sent as a browser does (same origin, form body). */
export function postRefund(shop: TestShop, cookie: string, orderId: string, fields: Record<string, string>) {
  return shop.app.inject({
    method: 'POST',
    url: `/admin/orders/${orderId}/refund`,
    headers: { ...SAME_ORIGIN, cookie },
    payload: formBody(fields),
  });
}

/** The one-time key of the refund form on `html`. */
export function formKeyOf(html: string): string {
  const key = parsePage(html).document.querySelector('form input[name="key"]')?.getAttribute('value');
  assert.ok(key, 'the refund form carries a one-time key');
  return key;
}

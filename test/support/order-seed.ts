/**
 * Orders straight into the database, many at once, for the console's order tests and bench/admin-orders.ts: rows as
 * checkout and payment would leave them (paid, shipped, refunded, in review, pending, ...), one line each unless
 * told otherwise, inserted in chunks inside one transaction (100,000 orders in seconds).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, OrderLineTable, OrderTable } from '../../src/db/schema.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 12-character order id that encodes `n` (ids sort as the numbers do), as real ids look. */
export function seedOrderId(n: number): string {
  let id = '';
  for (let rest = n, i = 0; i < 12; i += 1, rest = Math.floor(rest / 32)) id = CROCKFORD[rest % 32] + id;
  return id;
}

export const SEED_T0 = Date.UTC(2026, 0, 1);

export type SeedOrder = Insertable<OrderTable> & { lines?: Omit<Insertable<OrderLineTable>, 'order_id'>[] };

/** A paid JPY order for delivery in Tokyo, number `n`, created `n` minutes after SEED_T0; `overrides` change any column. */
export function seedOrder(n: number, overrides: Partial<SeedOrder> = {}): SeedOrder {
  const at = SEED_T0 + n * 60_000;
  return {
    id: seedOrderId(n),
    session_id: `seed-session-${n}`,
    status: 'paid',
    currency: 'jpy',
    total_amount: 2900,
    items_amount: 2400,
    shipping_amount: 500,
    tax_amount: 263,
    tax_added: 0,
    cart_fingerprint: `fp-${n}`,
    pending_key: null,
    provider: 'demo',
    provider_session_id: `demo_cs_${n}`,
    checkout_url: null,
    checkout_expires_at: at + 3_600_000,
    amount_paid: 2900,
    created_at: at,
    updated_at: at,
    paid_at: at + 30_000,
    email: `customer${n}@example.com`,
    customer_name: `Customer ${n}`,
    phone: '03-1234-5678',
    ship_line1: '神宮前1-2-3',
    ship_line2: null,
    ship_city: '渋谷区',
    ship_state: '東京都',
    ship_postal_code: '150-0001',
    ship_country: 'JP',
    shipping_required: 1,
    ship_to: 'JP',
    shipping_options: JSON.stringify([{ id: 'standard', name: 'Standard', amount: 500, minDays: 3, maxDays: 7 }]),
    shipping_rate_id: 'standard',
    shipping_name: 'Standard',
    payment_intent_id: null,
    stock_state: 'untracked',
    // Every column named: SQLite fills a column missing from some rows of a multi-row insert with NULL, not its default.
    shipped_at: null,
    delivered_at: null,
    carrier: null,
    tracking_number: null,
    tracking_url: null,
    amount_refunded: 0,
    refunded_at: null,
    review_reason: null,
    note: null,
    attributes: '{}',
    ...overrides,
  };
}

/** The mix of a busy shop's 100,000 orders: most paid, a third of those shipped, some refunded, in review, unpaid. */
export function mixedOrder(n: number): SeedOrder {
  if (n % 20 === 0)
    return seedOrder(n, {
      status: n % 40 === 0 ? 'expired' : 'pending',
      amount_paid: null,
      paid_at: null,
      email: null,
      customer_name: null,
    });
  if (n % 50 === 1)
    return seedOrder(n, { status: 'review', review_reason: n % 100 === 1 ? 'amount_mismatch' : 'stock_gone' });
  const shipped =
    n % 3 === 0 ? { shipped_at: SEED_T0 + n * 60_000 + 86_400_000, carrier: 'Yamato', tracking_number: `TRK${n}` } : {};
  const refunded = n % 40 === 2 ? { amount_refunded: 500, refunded_at: SEED_T0 + n * 60_000 + 3_600_000 } : {};
  const digital =
    n % 10 === 9
      ? {
          shipping_required: 0,
          ship_line1: null,
          ship_city: null,
          ship_state: null,
          ship_postal_code: null,
          ship_country: null,
          ship_to: null,
        }
      : {};
  return seedOrder(n, { ...shipped, ...refunded, ...digital });
}

const ORDER_CHUNK = 200;

/** Inserts `orders` and their lines (one 2-of-Sencha line when none are given) in one transaction. */
export async function insertOrders(db: Kysely<Database>, orders: SeedOrder[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < orders.length; start += ORDER_CHUNK) {
      const chunk = orders.slice(start, start + ORDER_CHUNK);
      await trx
        .insertInto('orders')
        .values(chunk.map(({ lines: _lines, ...row }) => row))
        .execute();
      const lines = chunk.flatMap((order) =>
        (
          order.lines ?? [
            {
              position: 1,
              cart_line_key: 'price_sencha',
              price_id: 'price_sencha',
              product_id: 'prod_sencha',
              name: 'Sencha 100g',
              unit_amount: 1200,
              quantity: 2,
              line_total: 2400,
            },
          ]
        ).map((line) => ({ ...line, order_id: order.id })),
      );
      if (lines.length > 0) await trx.insertInto('order_lines').values(lines).execute();
    }
  });
}

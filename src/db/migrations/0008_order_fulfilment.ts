/**
 * What a shop needs to fulfil an order: the shopper's contact, the delivery address, the shipping options offered
 * and the one chosen, tax and the payment intent. Orders from before keep working: they read as orders that
 * needed no shipping and were paid without collected details. The demo provider keeps what its page collected,
 * as Stripe keeps it on a Checkout Session.
 */
import { sql, type Kysely } from 'kysely';

const ORDER_COLUMNS: [name: string, type: 'text' | 'bigint' | 'integer', notNullDefault?: string | number][] = [
  ['email', 'text'],
  ['customer_name', 'text'],
  ['phone', 'text'],
  ['ship_line1', 'text'],
  ['ship_line2', 'text'],
  ['ship_city', 'text'],
  ['ship_state', 'text'],
  ['ship_postal_code', 'text'],
  ['ship_country', 'text'],
  // 1 when the order held anything physical: it needs a delivery address and a shipping option.
  ['shipping_required', 'integer', 0],
  // The country chosen at checkout start (the options offered depend on it); the address's country once paid.
  ['ship_to', 'text'],
  // JSON list of the options offered at checkout start ({id, name, amount, minDays, maxDays}), at most 5.
  ['shipping_options', 'text', '[]'],
  ['shipping_rate_id', 'text'],
  ['shipping_name', 'text'],
  ['shipping_amount', 'bigint', 0],
  ['tax_amount', 'bigint', 0],
  // 1 when the tax was added on top of the prices (exclusive prices), 0 when it is included in them or is none.
  ['tax_added', 'integer', 0],
  ['items_amount', 'bigint', 0],
  ['payment_intent_id', 'text'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds one at a time.
  for (const [name, type, fallback] of ORDER_COLUMNS) {
    await db.schema
      .alterTable('orders')
      .addColumn(name, type, (col) => (fallback === undefined ? col : col.notNull().defaultTo(fallback)))
      .execute();
  }
  // Until now the total was the items' sum.
  await sql`update orders set items_amount = total_amount`.execute(db);
  await db.schema.alterTable('demo_checkout_sessions').addColumn('collected', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('demo_checkout_sessions').dropColumn('collected').execute();
  for (const [name] of [...ORDER_COLUMNS].reverse()) await db.schema.alterTable('orders').dropColumn(name).execute();
}

/**
 * The owner's order lists (src/admin/orders/order-list.ts): one index per tab, each on (created_at, id), so a page
 * is a short walk of an index from the keyset cursor, newest first, on SQLite and PostgreSQL. The tabs' indexes are
 * partial: they hold only their tab's orders. Each condition is the one the list query writes (order-filters.ts),
 * word for word and with literals: SQLite uses a partial index only when the query repeats its condition, and
 * cannot prove it from a bound parameter. test/admin-orders-list.test.ts checks every tab's plan uses its index.
 */
import { sql, type Kysely } from 'kysely';

const PARTIAL: Record<string, string> = {
  to_ship: `status = 'paid' and shipped_at is null and shipping_required = 1`,
  shipped: `shipped_at is not null`,
  refunded: `amount_refunded > 0`,
  review: `status = 'review'`,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orders_admin_all').on('orders').columns(['created_at', 'id']).execute();
  for (const [tab, condition] of Object.entries(PARTIAL)) {
    await db.schema.createIndex(`orders_admin_${tab}`).on('orders').columns(['created_at', 'id']).where(sql.raw<boolean>(condition)).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const tab of ['all', ...Object.keys(PARTIAL)]) await db.schema.dropIndex(`orders_admin_${tab}`).execute();
}

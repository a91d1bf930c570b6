/**
 * `sessions.prices_seen_version`: bumped when a page has shown the shopper the cart's changed prices
 * (markPricesSeen rewrites the lines' `unit_amount_seen`, which a cart's `previous_price` comes from). With
 * `cart_version` (bumped by every cart change, and named by If-Match, which a page view must not make stale) and the
 * catalog's version, it says whether a cart view kept in memory is still the cart's (src/cart/kept-views.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('prices_seen_version', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('prices_seen_version').execute();
}

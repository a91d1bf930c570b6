/**
 * Two fields of Stripe's catalog that `kago sync`, webhooks and the CSV import now keep: a price's `lookup_key`, and
 * the price a product names as its default (`default_price`), which the options refresh sells the product at when
 * it is one of its options (src/catalog/options/).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** Stripe's `lookup_key` (the prices export's `Lookup Key`); null for none. */
  await db.schema.alterTable('prices').addColumn('lookup_key', 'text').execute();
  /** Stripe's `default_price` (the products export's `Default Price`): a price id; null for none. */
  await db.schema.alterTable('products').addColumn('stripe_default_price_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('products').dropColumn('stripe_default_price_id').execute();
  await db.schema.alterTable('prices').dropColumn('lookup_key').execute();
}

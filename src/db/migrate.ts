/**
 * The one migration set, applied at start and by `kago migrate`. Migrations are imported, not globbed from disk,
 * so they run the same from TypeScript sources and compiled output.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as catalog from './migrations/0001_catalog.js';
import * as sessionsCarts from './migrations/0002_sessions_carts.js';
import * as orders from './migrations/0003_orders.js';
import * as catalogVersion from './migrations/0004_catalog_version.js';
import * as cartIdempotencyKeys from './migrations/0005_cart_idempotency_keys.js';
import * as fulfilmentCatalog from './migrations/0006_fulfilment_catalog.js';
import * as mailOutbox from './migrations/0007_mail_outbox.js';
import * as orderFulfilment from './migrations/0008_order_fulfilment.js';
import * as stockReservations from './migrations/0009_stock_reservations.js';
import * as adminConsole from './migrations/0010_admin_console.js';
import * as adminOrderLists from './migrations/0011_admin_order_lists.js';
import * as refunds from './migrations/0012_refunds.js';
import * as adminCatalog from './migrations/0013_admin_catalog.js';
import * as catalogNumbersHandles from './migrations/0014_catalog_numbers_handles.js';
import * as cartLineProperties from './migrations/0015_cart_line_properties.js';
import * as searchCollections from './migrations/0016_search_collections.js';
import * as collectionSortKeys from './migrations/0017_collection_sort_keys.js';
import * as orderNoteAttributes from './migrations/0018_order_note_attributes.js';
import * as orderLanguage from './migrations/0019_order_language.js';
import * as demoCatalogRemoved from './migrations/0023_demo_catalog_removed.js';
import * as stripeCatalogSync from './migrations/0024_stripe_catalog_sync.js';
import * as stripeDefaultPrice from './migrations/0025_stripe_default_price.js';
import * as priceOptions from './migrations/0026_price_options.js';
import * as orderLineOptions from './migrations/0027_order_line_options.js';
import * as cartLineAmountSeen from './migrations/0028_cart_line_amount_seen.js';
import * as searchMatchKeys from './migrations/0029_search_match_keys.js';
import * as searchGrams from './migrations/0031_search_grams.js';
import * as searchNear from './migrations/0033_search_near.js';
import * as searchWords from './migrations/0035_search_words.js';
import * as cartPricesSeenVersion from './migrations/0037_cart_prices_seen_version.js';

/** Every migration by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '0001_catalog': catalog,
  '0002_sessions_carts': sessionsCarts,
  '0003_orders': orders,
  '0004_catalog_version': catalogVersion,
  '0005_cart_idempotency_keys': cartIdempotencyKeys,
  '0006_fulfilment_catalog': fulfilmentCatalog,
  '0007_mail_outbox': mailOutbox,
  '0008_order_fulfilment': orderFulfilment,
  '0009_stock_reservations': stockReservations,
  '0010_admin_console': adminConsole,
  '0011_admin_order_lists': adminOrderLists,
  '0012_refunds': refunds,
  '0013_admin_catalog': adminCatalog,
  '0014_catalog_numbers_handles': catalogNumbersHandles,
  '0015_cart_line_properties': cartLineProperties,
  '0016_search_collections': searchCollections,
  '0017_collection_sort_keys': collectionSortKeys,
  '0018_order_note_attributes': orderNoteAttributes,
  '0019_order_language': orderLanguage,
  '0023_demo_catalog_removed': demoCatalogRemoved,
  '0024_stripe_catalog_sync': stripeCatalogSync,
  '0025_stripe_default_price': stripeDefaultPrice,
  '0026_price_options': priceOptions,
  '0027_order_line_options': orderLineOptions,
  '0028_cart_line_amount_seen': cartLineAmountSeen,
  '0029_search_match_keys': searchMatchKeys,
  '0031_search_grams': searchGrams,
  '0033_search_near': searchNear,
  '0035_search_words': searchWords,
  '0037_cart_prices_seen_version': cartPricesSeenVersion,
};

/** Kysely's migrator over kago's migrations (tests step it to a given migration with `migrateTo`). */
export function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** The migration listed before `name`: where `migrateTo` goes to undo `name`. */
export function migrationBefore(name: string): string {
  const names = Object.keys(migrations).sort();
  const index = names.indexOf(name);
  if (index < 1) throw new Error(`no migration before ${name}`);
  return names[index - 1]!;
}

/** Applies every pending migration; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = migratorFor(db);
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** Names of migrations not yet applied (used by readiness checks). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = migratorFor(db);
  return (await migrator.getMigrations()).filter((info) => !info.executedAt).map((info) => info.name);
}

/** Names of migrations already applied; reads only (no migration table is created). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = migratorFor(db);
  return (await migrator.getMigrations()).filter((info) => info.executedAt).map((info) => info.name);
}

/** The bundled demo catalog: a small Japanese goods shop, priced in JPY, imported into an empty shop at start. */
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { importCatalog, type ImportReport } from './import/import-catalog.js';
import { createCatalogQueries } from './queries.js';

/** data/demo, found from this file so it works from src/ and from the compiled dist/. */
export const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

export const demoFiles = {
  products: `${DEMO_DIR}products.csv`,
  prices: `${DEMO_DIR}prices.csv`,
};

/**
 * Imports the demo catalog when the shop has no products and its owner has not removed the demo (`kago demo remove`);
 * returns the report, or undefined when it did nothing.
 */
export async function importDemoCatalogIfEmpty(db: Kysely<Database>): Promise<ImportReport | undefined> {
  if (!(await createCatalogQueries(db).isEmpty())) return undefined;
  const state = await db.selectFrom('catalog_state').select('demo_removed_at').where('id', '=', 1).executeTakeFirst();
  if (state?.demo_removed_at != null) return undefined;
  return importCatalog(db, demoFiles);
}

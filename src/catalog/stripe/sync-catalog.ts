/**
 * `kago sync`: every product and price read from Stripe -> the catalog, all or nothing, through the same staging
 * tables, checks and merge as the CSV import. Stripe is read whole first, holding no database connection (on SQLite
 * the shop has one); only a clean read is merged, in one transaction, so a sync that fails or is stopped part-way changes nothing. Products and prices
 * Stripe no longer has become inactive. What a webhook wrote from a later read than this sync's stays.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type Stripe from 'stripe';
import type { Database } from '../../db/schema.js';
import { applyStaged, lockCatalog, settleImportedTables } from '../import/apply.js';
import { handleProblems } from '../import/catalog-refs.js';
import { duplicateIds, pricesOfUnknownProducts } from '../import/checks.js';
import { ImportFailedError, type ImportProblem, type ImportReport } from '../import/import-catalog.js';
import type { StagedPrice, StagedProduct } from '../import/rows.js';
import {
  BATCH_SIZE,
  createStagingTables,
  dropStagingTables,
  indexStagingTables,
  type ImportDatabase,
} from '../import/staging.js';
import { priceWarnings } from '../import/warnings.js';
import type { StripeCatalogReader } from './stripe-reader.js';
import { metadataValue, priceRow, productRow } from './stripe-rows.js';
import { recordSyncTicket, syncedTicket, takeTicket } from './tickets.js';

/** Where problems and notes say they are: the place of the object in Stripe's list, as a file and line would. */
export const PRODUCTS_SOURCE = 'Stripe products';
export const PRICES_SOURCE = 'Stripe prices';

export interface SyncProgress {
  products: number;
  prices: number;
}

export interface SyncOptions {
  dryRun?: boolean;
  now?: () => number;
  onProgress?: (progress: SyncProgress) => void;
}

/** A sync that began later finished first: this one's older read is dropped, nothing changed. */
export class SyncSupersededError extends Error {
  override name = 'SyncSupersededError';
  constructor() {
    super('a sync that started later has already finished; this one changed nothing');
  }
}

class DryRunRollback extends Error {}

export async function syncCatalog(
  database: Kysely<Database>,
  reader: StripeCatalogReader,
  options: SyncOptions = {},
): Promise<ImportReport> {
  const now = (options.now ?? Date.now)();
  const ticket = await takeTicket(database);
  const progress: SyncProgress = { products: 0, prices: 0 };
  const problems: ImportProblem[] = [];
  const notes: ImportProblem[] = [];
  // Read everything first, holding no database connection (on SQLite the shop has only one): staged rows are small.
  const products: StagedProduct[] = [];
  const prices: StagedPrice[] = [];
  let counted = false;
  const stageProduct = (product: Stripe.Product, line: number) => {
    const result = productRow(product, false);
    if ('row' in result) products.push({ ...result.row, line });
    else if ('problems' in result)
      problems.push(
        ...result.problems.map((message) => ({ file: PRODUCTS_SOURCE, line, message: `${product.id}: ${message}` })),
      );
    counted ||= metadataValue(product.metadata ?? {}, 'stock') !== undefined;
  };
  for await (const product of reader.products()) {
    stageProduct(product, ++progress.products);
    options.onProgress?.(progress);
  }
  let skipped = 0;
  for await (const price of reader.prices()) {
    const line = ++progress.prices;
    const result = priceRow(price);
    if ('row' in result) prices.push({ ...result.row, line });
    else if ('skip' in result) {
      skipped++;
      notes.push({ file: PRICES_SOURCE, line, message: result.skip });
    } else
      problems.push(
        ...result.problems.map((message) => ({ file: PRICES_SOURCE, line, message: `${price.id}: ${message}` })),
      );
    options.onProgress?.(progress);
  }
  // A product made after its list was read, whose price came in the prices' list: fetched on its own.
  for (const productId of await unseenProducts(database, products, prices)) {
    const product = await reader.product(productId);
    if (product) stageProduct(product, ++progress.products);
  }
  // As an export has a `stock (metadata)` column when any product has the key, and then speaks for every product.
  if (counted) for (const row of products) row.stock_given = 1;

  // One pinned connection from here: the staging tables are temporary, private to it.
  return (database as unknown as Kysely<ImportDatabase>).connection().execute(async (db) => {
    await createStagingTables(db);
    try {
      for (let start = 0; start < products.length; start += BATCH_SIZE)
        await db
          .insertInto('import_products')
          .values(products.slice(start, start + BATCH_SIZE))
          .execute();
      for (let start = 0; start < prices.length; start += BATCH_SIZE)
        await db
          .insertInto('import_prices')
          .values(prices.slice(start, start + BATCH_SIZE))
          .execute();
      await indexStagingTables(db);
      problems.push(...(await duplicateIds(db, 'import_products', 'product')).map(at(PRODUCTS_SOURCE)));
      problems.push(...(await handleProblems(db)).map(at(PRODUCTS_SOURCE)));
      problems.push(...(await duplicateIds(db, 'import_prices', 'price')).map(at(PRICES_SOURCE)));
      problems.push(...(await pricesOfUnknownProducts(db)).map(at(PRICES_SOURCE)));
      if (problems.length > 0)
        throw new ImportFailedError(
          problems.sort(
            (a, b) => Number(a.file === PRICES_SOURCE) - Number(b.file === PRICES_SOURCE) || a.line - b.line,
          ),
        );
      const warnings = (await priceWarnings(db)).map(at(PRICES_SOURCE));

      let report: ImportReport | undefined;
      try {
        await db.transaction().execute(async (trx) => {
          await lockCatalog(trx);
          if ((await syncedTicket(trx)) > ticket) throw new SyncSupersededError();
          await keepLaterWebhookWrites(trx, ticket);
          const { products, prices, stock, otherCurrency } = await applyStaged(
            trx,
            { products: true, prices: { skipped } },
            now,
          );
          await recordSyncTicket(trx as unknown as Transaction<Database>, ticket);
          notes.push(...otherCurrency.map(at(PRICES_SOURCE)));
          notes.sort((a, b) => Number(a.file === PRICES_SOURCE) - Number(b.file === PRICES_SOURCE) || a.line - b.line);
          report = { products, prices, stock, notes, warnings, dryRun: options.dryRun ?? false };
          if (options.dryRun) throw new DryRunRollback();
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      if (!options.dryRun) await settleImportedTables(db, report!);
      return report!;
    } finally {
      await dropStagingTables(db);
    }
  });
}

function at(file: string) {
  return (problem: { line: number; message: string }): ImportProblem => ({ file, ...problem });
}

/** Products that read prices name but neither the read products nor the catalog have. */
async function unseenProducts(
  db: Kysely<Database>,
  products: StagedProduct[],
  prices: StagedPrice[],
): Promise<string[]> {
  const read = new Set(products.map((row) => row.id));
  const named = [...new Set(prices.map((row) => row.product_id))].filter((id) => !read.has(id)).sort();
  const known = new Set<string>();
  for (let start = 0; start < named.length; start += BATCH_SIZE) {
    const rows = await db
      .selectFrom('products')
      .select('id')
      .where('id', 'in', named.slice(start, start + BATCH_SIZE))
      .execute();
    for (const row of rows) known.add(row.id);
  }
  return named.filter((id) => !known.has(id));
}

/**
 * Objects a webhook wrote from a read later than this sync's ticket keep what it wrote: their staged rows become
 * the stored ones (stock left as it is), and ones the sync did not see at all are staged so they are not deactivated.
 */
async function keepLaterWebhookWrites(trx: Transaction<ImportDatabase>, ticket: number): Promise<void> {
  const later = sql`select id from stripe_catalog_objects where ticket > ${ticket}`;
  await sql`delete from import_products where id in (${later})`.execute(trx);
  await sql`delete from import_prices where id in (${later})`.execute(trx);
  await sql`insert into import_products (line, id, name, description, active, metadata, image, shippable, stock_given, stock, stripe_default_price_id, created_at)
    select 0, id, name, description, active, metadata, image, shippable, 0, null, stripe_default_price_id, created_at from products where id in (${later})`.execute(
    trx,
  );
  await sql`insert into import_prices (line, id, product_id, unit_amount, currency, type, recurring_interval, recurring_interval_count, description, active, tax_behavior, metadata, lookup_key, created_at)
    select 0, id, product_id, unit_amount, currency, type, recurring_interval, recurring_interval_count, description, active, tax_behavior, metadata, lookup_key, created_at
    from prices where id in (${later})`.execute(trx);
}

/**
 * Staged rows -> the catalog, inside the caller's transaction: the one merge that a CSV import, a sync from Stripe
 * and a product or price webhook all go through. It locks the catalog first, so writers take turns (two merges at
 * once would number new rows alike), then merges, takes stock counts, and recomputes everything derived from the
 * rows (ids and handles, the listing, search, the shop's currency) before bumping the catalog version.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isPostgres } from '../../search/dialect.js';
import { refreshCollectionSortKeys, refreshFindIndex, refreshListPrices } from '../../search/find-index.js';
import { applyStocktake, type StocktakeCounts } from '../../stock/stocktake.js';
import { bumpCatalogVersion } from '../catalog-version.js';
import { assignCatalogRefs } from './catalog-refs.js';
import {
  countStagedRecurring,
  mergePrices,
  mergeProducts,
  refreshListing,
  type MergeCounts,
  type MergeOptions,
} from './merge.js';
import { otherCurrencyNotes } from './currency-notes.js';
import type { ImportDatabase } from './staging.js';

export interface AppliedCounts {
  products: MergeCounts | undefined;
  prices: (MergeCounts & { recurring: number; skipped: number; otherCurrency: number }) | undefined;
  stock: StocktakeCounts | undefined;
  /** Staged prices imported but not sold, being in another currency than the shop's (line and why). */
  otherCurrency: Array<{ line: number; message: string }>;
}

/** What was staged: products (or not), prices (or not, with how many were skipped while staging). */
export interface StagedParts {
  products: boolean;
  prices: { skipped: number } | undefined;
}

/**
 * Holds the catalog's write lock until the transaction ends: the row every merge bumps at its end, written first.
 * PostgreSQL queues the next writer on the row; SQLite takes its write lock now instead of failing on an upgrade.
 */
export async function lockCatalog(trx: Transaction<ImportDatabase> | Transaction<Database>): Promise<void> {
  await sql`update catalog_state set version = version where id = 1`.execute(trx);
}

export async function applyStaged(
  trx: Transaction<ImportDatabase>,
  staged: StagedParts,
  now: number,
  options: MergeOptions = {},
): Promise<AppliedCounts> {
  await lockCatalog(trx);
  const products = staged.products ? await mergeProducts(trx, now, options) : undefined;
  const merged = staged.prices
    ? {
        ...(await mergePrices(trx, now, options)),
        recurring: await countStagedRecurring(trx),
        skipped: staged.prices.skipped,
      }
    : undefined;
  const stock = staged.products ? await applyStocktake(trx, stagedStockCounts, now) : undefined;
  const db = trx as unknown as Kysely<Database>;
  await assignCatalogRefs(db);
  await refreshListing(trx);
  const otherCurrency = staged.prices ? await otherCurrencyNotes(trx) : [];
  const prices = merged && { ...merged, otherCurrency: otherCurrency.length };
  await refreshListPrices(db);
  await refreshFindIndex(db, now);
  await refreshCollectionSortKeys(db);
  await bumpCatalogVersion(trx);
  return { products, prices, stock, otherCurrency };
}

/** The products whose export has a stock column: their count, or null when the cell is empty. */
const stagedStockCounts = sql<{
  product_id: string;
  stock: number | null;
}>`select id as product_id, stock from import_products where stock_given = 1`;

/**
 * After a CSV import or a sync from Stripe is applied (committed) and wrote anything, on PostgreSQL: VACUUM (ANALYZE)
 * of the tables they rewrite. ANALYZE because plans go by table statistics, which a large import makes stale (without
 * it the listing query hashed every price on each page view: tens of ms at 100,000 products instead of a fraction of
 * one). VACUUM because until it runs, the first reads of the new rows pay for what it does once (each row's commit
 * looked up and marked, the trigram indexes' pending entries scanned by every search, index-only scans visiting the
 * table), and autovacuum would do it a minute later, beside the shoppers. At 100,000 products it takes ~2.5 s after
 * the first import, ~0.9 s after a small change (ANALYZE alone ~0.75 s); neither blocks a shopper's read or cart
 * change. An export that changed nothing (a scheduled sync, mostly) settles nothing.
 */
export async function settleImportedTables(
  db: Kysely<any>,
  applied: Pick<AppliedCounts, 'products' | 'prices' | 'stock'>,
): Promise<void> {
  if (!isPostgres(db) || !wroteRows(applied)) return;
  await sql`vacuum (analyze) products, prices, product_search, collection_products, search_words, stock_levels`.execute(
    db,
  );
}

function wroteRows({ products, prices, stock }: Pick<AppliedCounts, 'products' | 'prices' | 'stock'>): boolean {
  const merged = (counts: MergeCounts | undefined) =>
    counts !== undefined && counts.added + counts.updated + counts.deactivated > 0;
  return merged(products) || merged(prices) || (stock !== undefined && stock.counted + stock.untracked > 0);
}

/**
 * What the storefront says about a product's stock, and keeping cached catalog pages truthful: pages are rendered
 * once per catalog version, so a stock change that alters what a page says bumps the version (ADR 0006).
 */
import type { QueryExecutorProvider } from 'kysely';
import { bumpCatalogVersion } from '../catalog/catalog-version.js';
import type { StockLevel } from './stock-levels.js';

export type ShownStock = { kind: 'plenty' } | { kind: 'sold_out' } | { kind: 'low'; left: number };

/** Sold out at 0 available; "only N left" below `lowStock`; otherwise nothing is said. Untracked is plenty. */
export function shownStock(level: StockLevel, lowStock: number): ShownStock {
  if (!level.tracked) return { kind: 'plenty' };
  if (level.available <= 0) return { kind: 'sold_out' };
  if (level.available < lowStock) return { kind: 'low', left: level.available };
  return { kind: 'plenty' };
}

function sameShown(a: ShownStock, b: ShownStock): boolean {
  return a.kind === b.kind && (a.kind !== 'low' || a.left === (b as { left: number }).left);
}

/**
 * Call after changing stock (a sale, a reservation, its release) with each product's level before and after: when
 * any product's page would now say something else, cached catalog pages are marked stale (once for the batch).
 * Returns whether it did. Changes that stay above the low threshold cost nothing.
 */
export async function noteStockChanges(
  db: QueryExecutorProvider,
  changes: ReadonlyArray<{ before: StockLevel; after: StockLevel }>,
  lowStock: number,
): Promise<boolean> {
  const shownChanged = changes.some(
    ({ before, after }) => !sameShown(shownStock(before, lowStock), shownStock(after, lowStock)),
  );
  if (shownChanged) await bumpCatalogVersion(db);
  return shownChanged;
}

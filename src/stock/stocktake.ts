/**
 * Stock counts from a catalog import (ADR 0006). A count is a stocktake: on_hand is set only when the number differs
 * from the one the last import gave, so re-importing the same export keeps the sales made since. An empty count
 * stops tracking the product. Set-based SQL, inside the import's transaction.
 */
import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';

export interface StocktakeCounts {
  /** Products whose on_hand was set (new counts, or new numbers). */
  counted: number;
  /** Products no longer tracked. */
  untracked: number;
}

/**
 * `counts` selects `product_id` and `stock` (null: not tracked), one row per product the export counts or
 * empties; products it does not name keep their stock as it is.
 */
export async function applyStocktake(
  db: QueryExecutorProvider,
  counts: RawBuilder<{ product_id: string; stock: number | null }>,
  now: number,
): Promise<StocktakeCounts> {
  const untracked = await sql`delete from stock_levels
    where product_id in (select c.product_id from (${counts}) as c where c.stock is null)`.execute(db);
  // `where true` keeps SQLite from reading ON CONFLICT as part of the SELECT.
  const counted = await sql`insert into stock_levels (product_id, on_hand, reserved, imported, updated_at)
    select c.product_id, c.stock, 0, c.stock, ${now} from (${counts}) as c where c.stock is not null
    on conflict (product_id) do update set on_hand = excluded.on_hand, imported = excluded.imported, updated_at = excluded.updated_at
    where stock_levels.imported <> excluded.imported`.execute(db);
  return { counted: Number(counted.numAffectedRows ?? 0), untracked: Number(untracked.numAffectedRows ?? 0) };
}

/**
 * A stocktake by hand (the console): `count` on hand, or null to stop counting the product. Reservations held by
 * checkouts are kept. `imported` keeps the number the last import gave, so re-importing that same export keeps this
 * count (and the sales after it); a new number in an export is a newer stocktake and wins. The caller passes the
 * levels before and after to `noteStockChanges` (shown-stock.ts), as every writer of on_hand does.
 */
export async function countStockByHand(
  db: QueryExecutorProvider,
  productId: string,
  count: number | null,
  now: number,
): Promise<void> {
  if (count === null) {
    await sql`delete from stock_levels where product_id = ${productId}`.execute(db);
    return;
  }
  await sql`insert into stock_levels (product_id, on_hand, reserved, imported, updated_at) values (${productId}, ${count}, 0, ${count}, ${now})
    on conflict (product_id) do update set on_hand = excluded.on_hand, updated_at = excluded.updated_at`.execute(db);
}

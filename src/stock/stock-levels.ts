/**
 * Stock levels as the shop sees them: for counted products, what is on hand, what checkouts hold, and what is left
 * to sell. A product without a stock row is not tracked (it never sells out). Reads only: reservations (checkout)
 * and stock-takes (the import, stocktake.ts) write.
 */
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

/** Compiled once per number of ids (src/db/prepared.ts): every add runs it. */
const levelsQuery = prepare((db, ids: readonly string[]) =>
  db.selectFrom('stock_levels').select(['product_id', 'on_hand', 'reserved']).where('product_id', 'in', ids),
);

export type StockLevel = { tracked: false } | { tracked: true; onHand: number; reserved: number; available: number };

export const UNTRACKED: StockLevel = { tracked: false };

export interface StockLevels {
  /** Every id asked for, in one query: untracked, or its counts. */
  levels(productIds: readonly string[]): Promise<Map<string, StockLevel>>;
}

export function createStockLevels(db: Kysely<Database>): StockLevels {
  return {
    async levels(productIds) {
      const ids = [...new Set(productIds)];
      const found = new Map<string, StockLevel>(ids.map((id) => [id, UNTRACKED]));
      if (ids.length === 0) return found;
      const rows = await levelsQuery.all(db, ids);
      for (const row of rows) found.set(row.product_id, stockLevel(Number(row.on_hand), Number(row.reserved)));
      return found;
    },
  };
}

export function stockLevel(onHand: number, reserved: number): StockLevel {
  // Never below zero as shown: a late payment may consume more than was left (checkout puts that order in review).
  return { tracked: true, onHand, reserved, available: Math.max(0, onHand - reserved) };
}

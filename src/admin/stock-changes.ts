/**
 * Stock changed from the console: a count set by hand, or counting stopped, through the stock module's one
 * stocktake-by-hand statement, in one transaction with the audit entry (who, when, from and to). Cached catalog
 * pages are marked stale when what the shop shows changes (shown-stock.ts), as for every other writer of stock.
 */
import type { Kysely } from 'kysely';
import { FieldError, readStock } from '../catalog/import/fields.js';
import type { Database } from '../db/schema.js';
import { noteStockChanges } from '../stock/shown-stock.js';
import { createStockLevels, type StockLevel } from '../stock/stock-levels.js';
import { countStockByHand } from '../stock/stocktake.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit-log.js';

/** A refused stock change: `code` is stable, `message` is for the owner. Nothing was changed. */
export class StockChangeRefused extends Error {
  override name = 'StockChangeRefused';
  constructor(
    readonly code: 'unknown_product' | 'stock_missing' | 'stock_invalid',
    message: string,
  ) {
    super(message);
  }
}

/** What the owner asked: a count (as typed in the form), or to stop counting. */
export type StockChange = { count: string } | { untrack: true };

export interface StockChanges {
  /** Applies the change; resolves with the level after it, or rejects with StockChangeRefused. */
  change(actor: Actor, productId: string, change: StockChange): Promise<StockLevel>;
}

/** The count as the import reads `stock (metadata)`: a whole number 0..MAX_STOCK (one rule for both). */
function readCount(text: string): number {
  if (text.trim() === '')
    throw new StockChangeRefused(
      'stock_missing',
      'Enter the number on hand (or choose "Stop counting"). Nothing was changed.',
    );
  try {
    return readStock(text, 'Stock') as number;
  } catch (error) {
    if (error instanceof FieldError)
      throw new StockChangeRefused('stock_invalid', `${error.message}. Nothing was changed.`);
    throw error;
  }
}

const describe = (level: StockLevel) => (level.tracked ? { onHand: level.onHand, reserved: level.reserved } : null);

export function createStockChanges(
  db: Kysely<Database>,
  options: { lowStock: number; now: () => number },
): StockChanges {
  return {
    async change(actor, productId, change) {
      const count = 'untrack' in change ? null : readCount(change.count);
      return db.transaction().execute(async (trx) => {
        const product = await trx.selectFrom('products').select('id').where('id', '=', productId).executeTakeFirst();
        if (!product)
          throw new StockChangeRefused('unknown_product', 'There is no product with this id. Nothing was changed.');
        const levels = createStockLevels(trx);
        const before = (await levels.levels([productId])).get(productId)!;
        const at = options.now();
        await countStockByHand(trx, productId, count, at);
        const after = (await levels.levels([productId])).get(productId)!;
        await noteStockChanges(trx, [{ before, after }], options.lowStock);
        await recordAudit(trx, {
          actor,
          action: 'stock.adjusted',
          subjectType: 'product',
          subjectId: productId,
          details: { from: describe(before), to: describe(after) },
          at,
        });
        return after;
      });
    },
  };
}

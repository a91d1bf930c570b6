/**
 * Stock reservations (SQL: stock lives in the database whatever holds the carts). Starting checkout reserves an
 * order's counted quantities, all or none and never more than is available; expiry, failure and cancel release
 * them; payment consumes them. Each step happens once per order: a conditional update of `orders.stock_state` is
 * its gate, in the same transaction as the stock rows it changes, and it runs first so that concurrent callers
 * queue on the order's row before touching any stock row (stock rows are then locked in product id order: no
 * deadlocks). "Available" is `on_hand - reserved`; the guarded update never lets it go below zero.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, StockState } from '../db/schema.js';
import { noteStockChanges } from './shown-stock.js';
import { createStockLevels, stockLevel, type StockLevel } from './stock-levels.js';

export interface ReservedLine {
  productId: string;
  name: string;
  quantity: number;
}

/** A product with less left than the order asks for. */
export interface StockShortage {
  productId: string;
  name: string;
  available: number;
}

export type ReserveResult = { ok: true; state: StockState } | { ok: false; shortages: StockShortage[] };

/** What payment did to the order's stock: taken from its reservation, nothing counted, or no reservation to take. */
export type ConsumeResult = 'consumed' | 'untracked' | 'not_reserved';

class Short extends Error {
  constructor(readonly shortages: StockShortage[]) {
    super('not enough stock');
  }
}

/** Quantities per product (an order may hold a product on several lines), in product id order. */
function perProduct(lines: readonly ReservedLine[]): ReservedLine[] {
  const totals = new Map<string, ReservedLine>();
  for (const line of lines) {
    const seen = totals.get(line.productId);
    totals.set(line.productId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  return [...totals.values()].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

async function moveState(
  trx: Transaction<Database>,
  orderId: string,
  from: StockState,
  to: StockState,
): Promise<boolean> {
  const result = await trx
    .updateTable('orders')
    .set({ stock_state: to })
    .where('id', '=', orderId)
    .where('stock_state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A stock row after an update that moved `on_hand` and `reserved` by these amounts, and before it. */
export function change(
  after: { on_hand: number; reserved: number },
  onHandBy: number,
  reservedBy: number,
): { before: StockLevel; after: StockLevel } {
  const [onHand, reserved] = [Number(after.on_hand), Number(after.reserved)];
  return { before: stockLevel(onHand - onHandBy, reserved - reservedBy), after: stockLevel(onHand, reserved) };
}

/** `lowStock`: below it the storefront says "Only N left"; a change of what it says refreshes cached pages. */
export function createStockReservations(db: Kysely<Database>, { lowStock }: { lowStock: number }) {
  const stockLevels = createStockLevels(db);
  return {
    /** The products of `lines` with less available than asked for (a read: checkout refuses before changing anything). */
    async shortages(lines: readonly ReservedLine[]): Promise<StockShortage[]> {
      const wanted = perProduct(lines);
      const levels = await stockLevels.levels(wanted.map((line) => line.productId));
      return wanted.flatMap((line) => {
        const level = levels.get(line.productId);
        return level?.tracked && level.available < line.quantity
          ? [{ productId: line.productId, name: line.name, available: level.available }]
          : [];
      });
    },

    /**
     * Holds the order's quantities of counted products. `ok: false` names every product short of stock, and
     * nothing changed. Reserving an order that was reserved (or found untracked) before is a no-op.
     */
    async reserve(orderId: string, lines: readonly ReservedLine[], now: number): Promise<ReserveResult> {
      try {
        return await db.transaction().execute(async (trx): Promise<ReserveResult> => {
          if (!(await moveState(trx, orderId, 'unreserved', 'reserved'))) {
            const row = await trx
              .selectFrom('orders')
              .select('stock_state')
              .where('id', '=', orderId)
              .executeTakeFirstOrThrow();
            return { ok: true, state: row.stock_state };
          }
          const shortages: StockShortage[] = [];
          const held: ReservedLine[] = [];
          const changes = [];
          for (const line of perProduct(lines)) {
            const taken = await trx
              .updateTable('stock_levels')
              .set((eb) => ({ reserved: eb('reserved', '+', line.quantity), updated_at: now }))
              .where('product_id', '=', line.productId)
              .where(sql<boolean>`on_hand - reserved >= ${line.quantity}`)
              .returning(['on_hand', 'reserved'])
              .executeTakeFirst();
            if (taken) {
              held.push(line);
              changes.push(change(taken, 0, line.quantity));
              continue;
            }
            const level = await trx
              .selectFrom('stock_levels')
              .select(['on_hand', 'reserved'])
              .where('product_id', '=', line.productId)
              .executeTakeFirst();
            if (level)
              shortages.push({
                productId: line.productId,
                name: line.name,
                available: Math.max(0, level.on_hand - level.reserved),
              });
          }
          if (shortages.length > 0) throw new Short(shortages); // rolls the whole reservation back
          if (held.length === 0) {
            await moveState(trx, orderId, 'reserved', 'untracked');
            return { ok: true, state: 'untracked' };
          }
          await trx
            .insertInto('stock_reservations')
            .values(held.map((line) => ({ order_id: orderId, product_id: line.productId, quantity: line.quantity })))
            .execute();
          await noteStockChanges(trx, changes, lowStock);
          return { ok: true, state: 'reserved' };
        });
      } catch (error) {
        if (error instanceof Short) return { ok: false, shortages: error.shortages };
        throw error;
      }
    },

    /** Gives a closed (expired, failed) order's reservation back; false when it holds none (any more). */
    async release(orderId: string, now: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const closed = await trx
          .updateTable('orders')
          .set({ stock_state: 'released' })
          .where('id', '=', orderId)
          .where('stock_state', '=', 'reserved')
          .where('status', 'in', ['expired', 'failed'])
          .executeTakeFirst();
        if (Number(closed.numUpdatedRows) === 0) return false;
        const held = await trx
          .selectFrom('stock_reservations')
          .select(['product_id', 'quantity'])
          .where('order_id', '=', orderId)
          .orderBy('product_id')
          .execute();
        const changes = [];
        for (const line of held) {
          const given = await trx
            .updateTable('stock_levels')
            .set((eb) => ({ reserved: eb('reserved', '-', line.quantity), updated_at: now }))
            .where('product_id', '=', line.product_id)
            .where('reserved', '>=', line.quantity) // a stocktake in between never drives it below zero
            .returning(['on_hand', 'reserved'])
            .executeTakeFirst();
          if (given) changes.push(change(given, 0, -line.quantity));
        }
        await noteStockChanges(trx, changes, lowStock);
        return true;
      });
    },

    /** Releases what closed orders still hold (a crash between closing and releasing); returns how many. */
    async releaseClosed(now: number, limit = 100): Promise<number> {
      const closed = await db
        .selectFrom('orders')
        .select('id')
        .where('stock_state', '=', 'reserved')
        .where('status', 'in', ['expired', 'failed'])
        .limit(limit)
        .execute();
      let released = 0;
      for (const { id } of closed) if (await this.release(id, now)) released += 1;
      return released;
    },

    /**
     * In the transaction that records the payment: takes the order's reservation out of the stock. `not_reserved`
     * when it holds none (released after its checkout ended, a late payment): the caller flags the order.
     */
    async consume(trx: Transaction<Database>, orderId: string, now: number): Promise<ConsumeResult> {
      if (!(await moveState(trx, orderId, 'reserved', 'consumed'))) {
        const row = await trx
          .selectFrom('orders')
          .select('stock_state')
          .where('id', '=', orderId)
          .executeTakeFirstOrThrow();
        return row.stock_state === 'untracked' || row.stock_state === 'consumed' ? 'untracked' : 'not_reserved';
      }
      const held = await trx
        .selectFrom('stock_reservations')
        .select(['product_id', 'quantity'])
        .where('order_id', '=', orderId)
        .orderBy('product_id')
        .execute();
      // What is available does not change (the units were held already): nothing the storefront shows changes.
      for (const line of held) {
        await trx
          .updateTable('stock_levels')
          .set((eb) => ({
            on_hand: eb('on_hand', '-', line.quantity),
            reserved: eb('reserved', '-', line.quantity),
            updated_at: now,
          }))
          .where('product_id', '=', line.product_id)
          .execute();
      }
      return 'consumed';
    },
  };
}

export type StockReservations = ReturnType<typeof createStockReservations>;

/**
 * Putting a refunded order's items back in stock: what payment took from its reservation (stock_reservations keeps
 * the quantities) goes back on hand, once per order. `orders.stock_state` moving from `consumed` to `returned` is
 * the once-only gate, as for every other stock step (reservations.ts); products no longer counted are skipped.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { noteStockChanges } from './shown-stock.js';
import { change } from './reservations.js';

export interface ReturnedLine {
  productId: string;
  quantity: number;
}

/**
 * In the caller's transaction: returns the order's taken stock. Undefined when there is nothing to return (the order
 * took no counted stock, or it was returned before); otherwise what went back (products still counted only).
 */
export async function returnOrderStock(
  trx: Transaction<Database>,
  orderId: string,
  now: number,
  lowStock: number,
): Promise<ReturnedLine[] | undefined> {
  const moved = await trx
    .updateTable('orders')
    .set({ stock_state: 'returned' })
    .where('id', '=', orderId)
    .where('stock_state', '=', 'consumed')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) return undefined;
  const held = await trx
    .selectFrom('stock_reservations')
    .select(['product_id', 'quantity'])
    .where('order_id', '=', orderId)
    .orderBy('product_id')
    .execute();
  const returned: ReturnedLine[] = [];
  const changes = [];
  for (const line of held) {
    const back = await trx
      .updateTable('stock_levels')
      .set((eb) => ({ on_hand: eb('on_hand', '+', line.quantity), updated_at: now }))
      .where('product_id', '=', line.product_id)
      .returning(['on_hand', 'reserved'])
      .executeTakeFirst();
    if (!back) continue;
    returned.push({ productId: line.product_id, quantity: line.quantity });
    changes.push(change(back, line.quantity, 0));
  }
  await noteStockChanges(trx, changes, lowStock); // a sold-out product is for sale again
  return returned;
}

/** Whether the order holds taken stock that a refund could put back. */
export async function hasStockToReturn(
  db: Pick<Transaction<Database>, 'selectFrom'>,
  orderId: string,
): Promise<boolean> {
  const row = await db.selectFrom('orders').select('stock_state').where('id', '=', orderId).executeTakeFirst();
  return row?.stock_state === 'consumed';
}

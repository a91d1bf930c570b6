/**
 * Carts in SQL. Every command is one transaction whose first statement bumps the session's cart version, which
 * takes the write lock (the session row in PostgreSQL, the database in SQLite) before anything is read: concurrent
 * commands on one cart run one after another, and the limits they check cannot be raced past. Quantities change by
 * `quantity = quantity + n`, never by writing back a value read earlier.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CartError } from './errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';

export interface AddLine {
  priceId: string;
  quantity: number;
  unitAmount: number;
  currency: string;
}

export interface CartStore {
  /** Sum of quantities in the session's cart (0 for none). */
  itemCount(sessionId: string): Promise<number>;
  /** Adds `line.quantity` of a price, all or nothing. Throws CartError when a limit or the currency forbids it. */
  add(sessionId: string, line: AddLine, now: number): Promise<void>;
}

export function createSqlCartStore(db: Kysely<Database>): CartStore {
  return {
    async itemCount(sessionId) {
      const row = await db
        .selectFrom('cart_lines')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), sql.lit(0)).as('count'))
        .where('session_id', '=', sessionId)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async add(sessionId, line, now) {
      await db.transaction().execute(async (trx) => {
        const locked = await trx
          .updateTable('sessions')
          .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
          .where('id', '=', sessionId)
          .executeTakeFirst();
        if (Number(locked.numUpdatedRows) === 0) throw new Error(`session ${sessionId} does not exist`);

        const otherCurrency = await trx
          .selectFrom('cart_lines')
          .innerJoin('prices', 'prices.id', 'cart_lines.price_id')
          .select('prices.currency')
          .where('cart_lines.session_id', '=', sessionId)
          .where('prices.currency', '<>', line.currency)
          .limit(1)
          .executeTakeFirst();
        if (otherCurrency) {
          throw new CartError(
            'currency_mismatch',
            'Different currency',
            `Your cart is in ${otherCurrency.currency.toUpperCase()}; this item is priced in ${line.currency.toUpperCase()}. A cart holds one currency.`,
          );
        }
        const existing = await trx
          .selectFrom('cart_lines')
          .select('quantity')
          .where('session_id', '=', sessionId)
          .where('price_id', '=', line.priceId)
          .executeTakeFirst();
        if (existing && existing.quantity + line.quantity > MAX_LINE_QUANTITY) {
          throw new CartError(
            'line_quantity_limit',
            'Quantity limit reached',
            `You can have at most ${MAX_LINE_QUANTITY} of one item in your cart; you already have ${existing.quantity}.`,
          );
        }
        if (!existing) {
          const lines = await trx
            .selectFrom('cart_lines')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('session_id', '=', sessionId)
            .executeTakeFirstOrThrow();
          if (Number(lines.n) >= MAX_CART_LINES) {
            throw new CartError('cart_line_limit', 'Cart is full', `A cart can hold at most ${MAX_CART_LINES} different items.`);
          }
        }
        await trx
          .insertInto('cart_lines')
          .values({
            session_id: sessionId,
            price_id: line.priceId,
            quantity: line.quantity,
            unit_amount_added: line.unitAmount,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['session_id', 'price_id']).doUpdateSet((eb) => ({
              quantity: eb('cart_lines.quantity', '+', eb.ref('excluded.quantity')),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      });
    },
  };
}

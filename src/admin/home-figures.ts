/**
 * The console's home: paid orders and revenue per currency today and this month (days and months in SHOP_TIMEZONE), orders
 * waiting to ship, and counted products running low (fewer than LOW_STOCK left, as the shop's "Only N left").
 */
import { TAB_CONDITIONS, TAB_RESIDUAL } from './orders/order-filters.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { calendarPeriods } from '../i18n/index.js';

export interface PaidTotals {
  currency: string;
  orders: number;
  /** What was paid, in the currency's minor unit, before refunds. */
  paid: number;
  refunded: number;
}

export interface LowStockProduct {
  id: string;
  name: string;
  available: number;
}

export interface HomeFigures {
  /** The periods' starts (epoch ms; midnights in the shop's zone) and the time the figures were taken. */
  now: number;
  dayStart: number;
  monthStart: number;
  today: PaidTotals[];
  month: PaidTotals[];
  toShip: number;
  lowStock: { count: number; first: LowStockProduct[]; threshold: number };
}

export interface HomeFigureQueries {
  figures(): Promise<HomeFigures>;
  /** LOW_STOCK: fewer than this many left is "running low". */
  lowStockThreshold: number;
}

/** How many low products the home page names (the rest are one click away). */
export const LOW_STOCK_SHOWN = 5;

export function createHomeFigures(
  db: Kysely<Database>,
  options: { lowStock: number; now: () => number; timeZone?: string },
): HomeFigureQueries {
  // Orders are paid once (paid_at); those in review were paid too, with a question about them.
  const paidBetween = async (start: number, end: number): Promise<PaidTotals[]> => {
    const rows = await db
      .selectFrom('orders')
      .select((eb) => [
        'currency',
        eb.fn.countAll<number>().as('orders'),
        eb.fn.sum<number>(eb.fn.coalesce('amount_paid', 'total_amount')).as('paid'),
        eb.fn.sum<number>('amount_refunded').as('refunded'),
      ])
      .where('paid_at', '>=', start)
      .where('paid_at', '<', end)
      .where('status', 'in', ['paid', 'review'])
      .groupBy('currency')
      .orderBy('currency')
      .execute();
    return rows.map((row) => ({
      currency: row.currency,
      orders: Number(row.orders),
      paid: Number(row.paid ?? 0),
      refunded: Number(row.refunded ?? 0),
    }));
  };
  const low = sql<boolean>`s.on_hand - s.reserved < ${options.lowStock}`;
  return {
    lowStockThreshold: options.lowStock,
    async figures() {
      const now = options.now();
      const { dayStart, dayEnd, monthStart, monthEnd } = calendarPeriods(now, options.timeZone ?? 'UTC');
      const [today, month, toShip, lowCount, lowFirst] = await Promise.all([
        paidBetween(dayStart, dayEnd),
        paidBetween(monthStart, monthEnd),
        // The orders list's "to ship" tab, by its own definition (paid, physical, not shipped, not refunded in full).
        db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(sql<boolean>`${sql.raw(TAB_CONDITIONS.to_ship!)} and ${sql.raw(TAB_RESIDUAL.to_ship!)}`)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('stock_levels as s')
          .innerJoin('products as p', 'p.id', 's.product_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('p.active', '=', 1)
          .where(low)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('stock_levels as s')
          .innerJoin('products as p', 'p.id', 's.product_id')
          .select(['p.id', 'p.name', sql<number>`s.on_hand - s.reserved`.as('available')])
          .where('p.active', '=', 1)
          .where(low)
          .orderBy(sql`s.on_hand - s.reserved`)
          .orderBy('p.name')
          .limit(LOW_STOCK_SHOWN)
          .execute(),
      ]);
      return {
        now,
        dayStart,
        monthStart,
        today,
        month,
        toShip: Number(toShip.n),
        lowStock: {
          count: Number(lowCount.n),
          first: lowFirst.map((row) => ({ id: row.id, name: row.name, available: Math.max(0, Number(row.available)) })),
          threshold: options.lowStock,
        },
      };
    },
  };
}

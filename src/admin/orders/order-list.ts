/**
 * The owner's order list: one tab, an optional search, newest first, a page at a time by keyset (the page after or
 * before an order's (created_at, id)), never OFFSET: a deep page costs what the first does. Each tab walks its own
 * index (migration 0011). A search (order number's beginning, or part of the email or name, any case) filters the
 * tab's walk. `walkOrders` gives the same query in batches, for the CSV export.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, OrderStatus } from '../../db/schema.js';
import {
  likeEscaped,
  orderIdPrefix,
  PAGE_SIZE,
  TAB_CONDITIONS,
  TAB_RESIDUAL,
  type Cursor,
  type OrderListQuery,
  type OrderTab,
} from './order-filters.js';

export interface OrderListRow {
  id: string;
  createdAt: number;
  status: OrderStatus;
  email: string | null;
  name: string | null;
  currency: string;
  /** What was paid once paid; the order's total before. */
  total: number;
  amountRefunded: number;
  shipCountry: string | null;
  shippingRequired: boolean;
  shippedAt: number | null;
  deliveredAt: number | null;
  reviewReason: string | null;
}

export interface OrderListPage {
  orders: OrderListRow[];
  /** Cursor for the page of newer orders (`before`), when there is one. */
  newer?: Cursor;
  /** Cursor for the page of older orders (`after`), when there is one. */
  older?: Cursor;
}

type OrdersQuery = SelectQueryBuilder<Database, 'orders', object>;

/** The tab's condition and the search, on a select from orders. */
export function filtered<Q extends OrdersQuery>(query: Q, tab: OrderTab, search: string): Q {
  let result = query;
  const condition = TAB_CONDITIONS[tab];
  if (condition) result = result.where(sql.raw<boolean>(condition)) as Q;
  const residual = TAB_RESIDUAL[tab];
  if (residual) result = result.where(sql.raw<boolean>(residual)) as Q;
  if (search !== '') {
    const pattern = `%${likeEscaped(search)}%`;
    const prefix = orderIdPrefix(search);
    result = result.where((eb: ExpressionBuilder<Database, 'orders'>) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('email')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('customer_name')}) like ${pattern} escape '\\'`,
        ...(prefix ? [eb(eb.fn('substr', ['id', sql.lit(1), sql.lit(prefix.length)]), '=', prefix)] : []),
      ]),
    ) as Q;
  }
  return result;
}

const COLUMNS = [
  'id',
  'created_at',
  'status',
  'email',
  'customer_name',
  'currency',
  'total_amount',
  'amount_paid',
  'amount_refunded',
  'ship_country',
  'shipping_required',
  'shipped_at',
  'delivered_at',
  'review_reason',
] as const;

type ListedRow = { [K in (typeof COLUMNS)[number]]: Selectable<Database['orders']>[K] };

function toRow(row: ListedRow): OrderListRow {
  const nullable = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    status: row.status,
    email: row.email,
    name: row.customer_name,
    currency: row.currency,
    total: Number(row.amount_paid ?? row.total_amount),
    amountRefunded: Number(row.amount_refunded),
    shipCountry: row.ship_country,
    shippingRequired: row.shipping_required === 1,
    shippedAt: nullable(row.shipped_at),
    deliveredAt: nullable(row.delivered_at),
    reviewReason: row.review_reason,
  };
}

const cursorOf = (row: OrderListRow): Cursor => ({ createdAt: row.createdAt, id: row.id });

/** The query of up to `limit` orders of the tab and search, newest first, after (older than) `after` when given. */
export function olderThanQuery(db: Kysely<Database>, query: Omit<OrderListQuery, 'before'>, limit: number) {
  let select = filtered(db.selectFrom('orders').select(COLUMNS), query.tab, query.search);
  const { after } = query;
  if (after)
    select = select.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
}

async function olderThan(
  db: Kysely<Database>,
  query: Omit<OrderListQuery, 'before'>,
  limit: number,
): Promise<OrderListRow[]> {
  return (await olderThanQuery(db, query, limit).execute()).map(toRow);
}

export function createOrderList(db: Kysely<Database>) {
  return {
    /** One page of the list: `PAGE_SIZE` orders (fewer on the last), with the cursors of its neighbours. */
    async page(query: OrderListQuery, size = PAGE_SIZE): Promise<OrderListPage> {
      const { before } = query;
      if (before) {
        // Newer than `before`: walk up from it, then put the page back in newest-first order.
        const rows = await filtered(db.selectFrom('orders').select(COLUMNS), query.tab, query.search)
          .where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(before.createdAt, before.id)))
          .orderBy('created_at', 'asc')
          .orderBy('id', 'asc')
          .limit(size + 1)
          .execute();
        const orders = rows.slice(0, size).map(toRow).reverse();
        const last = orders.at(-1);
        return {
          orders,
          ...(rows.length > size ? { newer: cursorOf(orders[0]!) } : {}),
          ...(last ? { older: cursorOf(last) } : { older: before }),
        };
      }
      const rows = await olderThan(db, query, size + 1);
      const orders = rows.slice(0, size);
      const first = orders[0];
      return {
        orders,
        ...(query.after && first ? { newer: cursorOf(first) } : {}),
        ...(rows.length > size ? { older: cursorOf(orders.at(-1)!) } : {}),
      };
    },

    /** Every order of the tab and search, newest first, `batch` at a time (the CSV export). */
    async *walk(query: Pick<OrderListQuery, 'tab' | 'search'>, batch = 500): AsyncGenerator<OrderListRow[]> {
      let after: Cursor | undefined;
      for (;;) {
        const rows = await olderThan(db, { ...query, ...(after ? { after } : {}) }, batch);
        if (rows.length > 0) yield rows;
        if (rows.length < batch) return;
        after = cursorOf(rows.at(-1)!);
      }
    },

    /** How many orders wait in review, and the newest few of them with their reasons (the list's top). */
    async inReview(limit = 10): Promise<{ count: number; orders: OrderListRow[] }> {
      const count = await filtered(db.selectFrom('orders'), 'review', '')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return { count: Number(count.n), orders: await olderThan(db, { tab: 'review', search: '' }, limit) };
    },
  };
}

export type OrderList = ReturnType<typeof createOrderList>;

/**
 * Orders in the owner's console, as the console's pages call them: the list by tab and search, one order in
 * detail, shipping and delivery, and the CSV export. No HTTP here (src/web/admin/routes/orders.tsx).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { Database } from '../../db/schema.js';
import { AdminOrderError } from './errors.js';
import { createOrderDetail, type StripeDashboard } from './order-detail.js';
import { orderExport } from './order-export.js';
import { parseOrderListQuery, type OrderListQuery } from './order-filters.js';
import { createOrderList } from './order-list.js';
import { parseShipment } from './shipment-input.js';
import { createShipments, type ShippingMailer } from './shipments.js';

export { AdminOrderError } from './errors.js';
export type { AdminOrderDetail } from './order-detail.js';
export { isTestKey } from './order-detail.js';
export {
  encodeCursor,
  ORDER_TABS,
  parseOrderListQuery,
  TAB_LABELS,
  type OrderListQuery,
  type OrderTab,
} from './order-filters.js';
export type { OrderListPage, OrderListRow } from './order-list.js';
export type { TimelineEntry } from './timeline.js';

export interface AdminOrdersDeps {
  db: Kysely<Database>;
  mail: ShippingMailer;
  now: () => number;
  /** Set when payments go through Stripe: the detail links each payment to its Dashboard page. */
  stripeDashboard: StripeDashboard | null;
}

export function createAdminOrders({ db, mail, now, stripeDashboard }: AdminOrdersDeps) {
  const list = createOrderList(db);
  const detail = createOrderDetail(db, stripeDashboard);
  const shipments = createShipments(db, mail, now);
  return {
    /** Checks a list query string (tab, q, after, before); throws `AdminOrderError` 400 on a bad one. */
    parseQuery: (input: Record<string, unknown>) => parseOrderListQuery(input),
    page: (query: OrderListQuery) => list.page(query),
    inReview: () => list.inReview(),
    /** One order; throws `AdminOrderError` 404 when there is none. */
    async detail(id: string) {
      const found = await detail(id);
      if (!found) throw new AdminOrderError('order_not_found', 'There is no order with this number.');
      return found;
    },
    /** Reads the ship form and ships; throws `AdminOrderError` (nothing changed) when refused. */
    ship: (id: string, form: Record<string, unknown>, actor: Actor) => shipments.ship(id, parseShipment(form), actor),
    markDelivered: (id: string, actor: Actor) => shipments.markDelivered(id, actor),
    /** The CSV of the tab and search, in chunks (see order-export.ts). */
    exportCsv: (query: Pick<OrderListQuery, 'tab' | 'search'>) => orderExport(db, list, query),
  };
}

export type AdminOrders = ReturnType<typeof createAdminOrders>;

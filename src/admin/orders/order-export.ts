/**
 * The orders CSV for accounting and label printing: one record per order line, with the order's contact, delivery
 * address, amounts (major units, as decimal strings: `29.90`, `1500`) and shipment repeated on each. UTF-8 with a
 * BOM. Made a batch of orders at a time from the list's keyset walk (same tab and search as the list), so memory
 * stays flat however many orders there are.
 */
import type { Kysely, Selectable } from 'kysely';
import { orderNumber } from '../../checkout/ids.js';
import type { Database, OrderLineTable, OrderTable } from '../../db/schema.js';
import { nameWithOption } from '../../catalog/options/index.js';
import { minorToMajor } from '../../money/index.js';
import { csvRecord, UTF8_BOM, type CsvCell } from './csv.js';
import type { OrderListQuery } from './order-filters.js';
import type { OrderList } from './order-list.js';

export const EXPORT_COLUMNS = [
  'order_number',
  'order_id',
  'created_at',
  'paid_at',
  'status',
  'review_reason',
  'email',
  'customer_name',
  'phone',
  'ship_postal_code',
  'ship_state',
  'ship_city',
  'ship_line1',
  'ship_line2',
  'ship_country',
  'shipping_method',
  'currency',
  'line',
  'product_id',
  'price_id',
  'item',
  'unit_price',
  'quantity',
  'line_total',
  'items_total',
  'shipping',
  'tax',
  'tax_included',
  'order_total',
  'refunded',
  'shipped_at',
  'carrier',
  'tracking_number',
  'tracking_url',
  'delivered_at',
] as const;

const iso = (epochMs: number | string | null) => (epochMs === null ? null : new Date(Number(epochMs)).toISOString());

function records(order: Selectable<OrderTable>, lines: Selectable<OrderLineTable>[]): string {
  const money = (minor: number | string) => minorToMajor(Number(minor), order.currency);
  const head: CsvCell[] = [
    orderNumber(order.id),
    order.id,
    iso(order.created_at),
    iso(order.paid_at),
    order.status,
    order.review_reason,
    order.email,
    order.customer_name,
    order.phone,
    order.ship_postal_code,
    order.ship_state,
    order.ship_city,
    order.ship_line1,
    order.ship_line2,
    order.ship_country,
    order.shipping_name,
    order.currency.toUpperCase(),
  ];
  const tail: CsvCell[] = [
    money(order.items_amount),
    money(order.shipping_amount),
    money(order.tax_amount),
    Number(order.tax_amount) > 0 ? (order.tax_added === 1 ? 'no' : 'yes') : null,
    money(order.amount_paid ?? order.total_amount),
    money(order.amount_refunded),
    iso(order.shipped_at),
    order.carrier,
    order.tracking_number,
    order.tracking_url,
    iso(order.delivered_at),
  ];
  if (lines.length === 0) return csvRecord([...head, null, null, null, null, null, null, null, ...tail]);
  return lines
    .map((line) =>
      csvRecord([
        ...head,
        line.position,
        line.product_id,
        line.price_id,
        nameWithOption(line.name, line.option_label),
        money(line.unit_amount),
        line.quantity,
        money(line.line_total),
        ...tail,
      ]),
    )
    .join('');
}

/** The CSV, in chunks: the BOM and header first, then the records of each batch of orders, newest first. */
export async function* orderExport(
  db: Kysely<Database>,
  list: OrderList,
  query: Pick<OrderListQuery, 'tab' | 'search'>,
  batch = 500,
): AsyncGenerator<string> {
  yield UTF8_BOM + csvRecord(EXPORT_COLUMNS);
  for await (const listed of list.walk(query, batch)) {
    const ids = listed.map((row) => row.id);
    const orders = new Map(
      (await db.selectFrom('orders').selectAll().where('id', 'in', ids).execute()).map((row) => [row.id, row]),
    );
    const lines = new Map<string, Selectable<OrderLineTable>[]>();
    for (const line of await db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', 'in', ids)
      .orderBy('order_id')
      .orderBy('position')
      .execute()) {
      lines.set(line.order_id, [...(lines.get(line.order_id) ?? []), line]);
    }
    // In the walk's order; an order deleted since the walk read it is left out.
    yield ids.map((id) => (orders.has(id) ? records(orders.get(id)!, lines.get(id) ?? []) : '')).join('');
  }
}

/**
 * Why the console refused something about an order: one stable code each, with its HTTP status and words for the
 * owner. Pages turn these into the shop's error page; nothing was changed when one is thrown.
 */

export type AdminOrderErrorCode =
  | 'order_not_found'
  | 'bad_list_query'
  | 'bad_shipment'
  | 'order_not_paid'
  | 'nothing_to_ship'
  | 'order_refunded'
  | 'already_shipped'
  | 'not_shipped'
  | 'already_delivered';

const STATUS: Record<AdminOrderErrorCode, number> = {
  order_not_found: 404,
  bad_list_query: 400,
  bad_shipment: 422,
  order_not_paid: 409,
  nothing_to_ship: 409,
  order_refunded: 409,
  already_shipped: 409,
  not_shipped: 409,
  already_delivered: 409,
};

const TITLE: Record<AdminOrderErrorCode, string> = {
  order_not_found: 'Order not found',
  bad_list_query: 'Cannot show this list',
  bad_shipment: 'Shipment details are not valid',
  order_not_paid: 'Order not paid',
  nothing_to_ship: 'Nothing to ship',
  order_refunded: 'Order refunded',
  already_shipped: 'Already shipped',
  not_shipped: 'Not shipped yet',
  already_delivered: 'Already delivered',
};

export class AdminOrderError extends Error {
  override name = 'AdminOrderError';
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: AdminOrderErrorCode,
    /** One or two sentences for the owner. */
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
    this.status = STATUS[code];
    this.title = TITLE[code];
  }
}

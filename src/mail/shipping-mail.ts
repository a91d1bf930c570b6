/**
 * The shipping mail: "your order is on its way", with the carrier, the tracking number and link, what was sent and
 * where. One per order: its dedupe key (`order-shipped:<order id>`) makes writing it again a no-op. Pure.
 */
import { orderNumber } from '../checkout/ids.js';
import { isMailAddress } from './address.js';
import type { OrderMailAddress } from './order-mail.js';
import type { OutgoingMail } from './outbox.js';
import { shippingHtml } from './templates/shipping-html.js';
import { addressLines, type ShopMailSettings } from './templates/order-summary.js';

export const ORDER_SHIPPED = 'order-shipped';

export interface ShippingMail {
  orderId: string;
  /** The shopper's contact email, as the order keeps it. */
  email: string;
  name: string | null;
  lines: { name: string; quantity: number }[];
  address: OrderMailAddress | null;
  shippingName: string | null;
  carrier: string;
  trackingNumber: string;
  /** http(s) only (the console checks it); null when the carrier gave none. */
  trackingUrl: string | null;
}

/** What both parts of the mail show, formatted once. */
export interface ShippingSummary {
  shopName: string;
  shopEmail: string | undefined;
  number: string;
  orderUrl: string;
  name: string | null;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  lines: { name: string; quantity: number }[];
  address: string[] | null;
}

function shippingText(summary: ShippingSummary): string {
  return [
    `${summary.name ? `${summary.name}, your` : 'Your'} order ${summary.number} from ${summary.shopName} is on its way.`,
    '',
    `Carrier: ${summary.carrier}`,
    `Tracking number: ${summary.trackingNumber}`,
    ...(summary.trackingUrl ? [`Track it: ${summary.trackingUrl}`] : []),
    '',
    'In the parcel:',
    ...summary.lines.map((line) => `  ${line.quantity} × ${line.name}`),
    ...(summary.address ? ['', 'Sent to:', ...summary.address.map((line) => `  ${line}`)] : []),
    '',
    `Your order: ${summary.orderUrl}`,
    ...(summary.shopEmail ? [`Questions? Reply to this mail or write to ${summary.shopEmail}.`] : []),
    '',
    `— ${summary.shopName}`,
    '',
  ].join('\n');
}

/** The mail, or undefined when the order's email is not one plain address (nothing to send it to). */
export function shippingMail(data: ShippingMail, shop: ShopMailSettings): OutgoingMail | undefined {
  if (!isMailAddress(data.email)) return undefined;
  const summary: ShippingSummary = {
    shopName: shop.shopName,
    shopEmail: shop.shopEmail,
    number: orderNumber(data.orderId),
    orderUrl: new URL(`/orders/${encodeURIComponent(data.orderId)}`, shop.origin).href,
    name: data.name,
    carrier: data.carrier,
    trackingNumber: data.trackingNumber,
    trackingUrl: data.trackingUrl,
    lines: data.lines,
    address: data.address ? addressLines(data.address, shop.locale) : null,
  };
  return {
    dedupeKey: `${ORDER_SHIPPED}:${data.orderId}`,
    kind: ORDER_SHIPPED,
    to: data.email,
    replyTo: shop.shopEmail ?? null,
    subject: `${shop.shopName}: your order ${summary.number} has shipped`,
    text: shippingText(summary),
    html: shippingHtml(summary),
  };
}

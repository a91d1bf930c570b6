/**
 * The shipping mail: "your order is on its way", with the carrier, the tracking number and link, what was sent and
 * where. One per order: its dedupe key (`order-shipped:<order id>`) makes writing it again a no-op. Pure.
 */
import { orderNumber } from '../checkout/ids.js';
import { isMailAddress } from './address.js';
import type { OrderMailAddress } from './order-mail.js';
import type { OutgoingMail } from './outbox.js';
import { shippingHtml } from './templates/shipping-html.js';
import { addressLines, mailWords, type MailWords, type ShopMailSettings } from './templates/order-summary.js';

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
  /** The language of the order (`ja`); the shop's default when absent. */
  language?: string | null;
}

/** What both parts of the mail show, formatted once. */
export interface ShippingSummary extends MailWords {
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
  const { t } = summary;
  return [
    summary.name
      ? t('mail.shipped.introNamed', { name: summary.name, number: summary.number, shop: summary.shopName })
      : t('mail.shipped.intro', { number: summary.number, shop: summary.shopName }),
    '',
    t('mail.shipped.carrier', { carrier: summary.carrier }),
    t('mail.shipped.tracking', { tracking: summary.trackingNumber }),
    ...(summary.trackingUrl ? [t('mail.shipped.trackIt', { url: summary.trackingUrl })] : []),
    '',
    t('mail.shipped.inParcel'),
    ...summary.lines.map((line) => `  ${t('mail.shipped.line', { quantity: line.quantity, name: line.name })}`),
    ...(summary.address ? ['', t('mail.shipped.sentTo'), ...summary.address.map((line) => `  ${line}`)] : []),
    '',
    t('mail.yourOrder', { url: summary.orderUrl }),
    ...(summary.shopEmail ? [t('mail.questions', { email: summary.shopEmail })] : []),
    '',
    `— ${summary.shopName}`,
    '',
  ].join('\n');
}

/** The mail, or undefined when the order's email is not one plain address (nothing to send it to). */
export function shippingMail(data: ShippingMail, shop: ShopMailSettings): OutgoingMail | undefined {
  if (!isMailAddress(data.email)) return undefined;
  const words = mailWords(shop, data.language);
  const summary: ShippingSummary = {
    ...words,
    shopName: shop.shopName,
    shopEmail: shop.shopEmail,
    number: orderNumber(data.orderId),
    orderUrl: new URL(`/orders/${encodeURIComponent(data.orderId)}`, shop.origin).href,
    name: data.name,
    carrier: data.carrier,
    trackingNumber: data.trackingNumber,
    trackingUrl: data.trackingUrl,
    lines: data.lines,
    address: data.address ? addressLines(data.address, words.locale) : null,
  };
  return {
    dedupeKey: `${ORDER_SHIPPED}:${data.orderId}`,
    kind: ORDER_SHIPPED,
    to: data.email,
    replyTo: shop.shopEmail ?? null,
    subject: words.t('mail.shipped.subject', { shop: shop.shopName, number: summary.number }),
    text: shippingText(summary),
    html: shippingHtml(summary),
  };
}

/**
 * The order mails: what an order must say to be mailed (`OrderMail`, which the order type is mapped to), and the two
 * mails made of it: the confirmation to the shopper and the new-order notice to the shop (SHOP_EMAIL). Rendering is
 * pure and cannot fail on any order, so it can run inside the transaction that marks the order paid.
 */
import { isMailAddress } from './address.js';
import type { OutgoingMail } from './outbox.js';
import { confirmationHtml, noticeHtml } from './templates/order-html.js';
import { mailWords, orderSummary, type ShopMailSettings } from './templates/order-summary.js';
import { confirmationText, noticeText } from './templates/order-text.js';

export type { ShopMailSettings } from './templates/order-summary.js';

export interface OrderMailLine {
  name: string;
  quantity: number;
  /** Minor units of the order's currency, as every amount here. */
  unitAmount: number;
  lineTotal: number;
}

/** A delivery address as Stripe Checkout collects it (country: ISO 3166-1 alpha-2). */
export interface OrderMailAddress {
  name: string | null;
  line1: string;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string;
}

export interface OrderMail {
  orderId: string;
  /** Lower-case ISO 4217, as orders keep it. */
  currency: string;
  lines: OrderMailLine[];
  amounts: {
    items: number;
    shipping: number;
    tax: number;
    /** What the shopper paid. */
    total: number;
  };
  /** The tax is part of the prices (shown as "included"), not added on top. */
  taxIncluded: boolean;
  contact: { email: string; name: string | null; phone: string | null };
  /** Null for an order of digital or service items only. */
  address: OrderMailAddress | null;
  /** The shipping rate the shopper chose (`Standard (2-4 days)`), null when nothing ships. */
  shippingName: string | null;
  /** Paid, but the amount or currency paid is not the order's: the shop checks it before packing. */
  review: boolean;
  /** The language the shopper read the shop in (`ja`); the shop's default language when absent or not one it has. */
  language?: string | null;
  /** When the order was placed (ms since the epoch); shown in SHOP_TIMEZONE. */
  placedAt?: number;
}

export const ORDER_CONFIRMATION = 'order-confirmation';
export const ORDER_NOTICE = 'order-notice';

/**
 * The mails for a newly paid order: the confirmation (left out when the contact email is not one plain address) and
 * the notice (left out when the shop has no SHOP_EMAIL). Their dedupe keys make writing them again a no-op.
 */
export function orderMails(order: OrderMail, shop: ShopMailSettings): OutgoingMail[] {
  const summary = orderSummary(order, shop);
  const shopper = isMailAddress(order.contact.email) ? order.contact.email : null;
  const mails: OutgoingMail[] = [];
  if (shopper) {
    mails.push({
      dedupeKey: `${ORDER_CONFIRMATION}:${order.orderId}`,
      kind: ORDER_CONFIRMATION,
      to: shopper,
      replyTo: shop.shopEmail ?? null,
      subject: summary.t('mail.confirmation.subject', { shop: shop.shopName, number: summary.number }),
      text: confirmationText(summary),
      html: confirmationHtml(summary),
    });
  }
  if (shop.shopEmail) {
    const who = (order.contact.name ?? order.contact.email).slice(0, 80);
    // The shop's notice is in the shop's own (default) language, whatever the shopper read.
    const notice = orderSummary(order, shop, mailWords(shop));
    mails.push({
      dedupeKey: `${ORDER_NOTICE}:${order.orderId}`,
      kind: ORDER_NOTICE,
      to: shop.shopEmail,
      replyTo: shopper,
      subject: notice.t(order.review ? 'mail.notice.subjectReview' : 'mail.notice.subject', {
        number: notice.number,
        total: notice.total,
        who,
      }),
      text: noticeText(notice),
      html: noticeHtml(notice),
    });
  }
  return mails;
}

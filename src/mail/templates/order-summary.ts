/**
 * An order as both its mails show it, formatted once: order number, link, lines, totals in the order's currency
 * with the shop's locale, and the delivery address as lines. The text and HTML templates only lay this out.
 */
import { orderNumber } from '../../checkout/ids.js';
import { formatMoney } from '../../money/index.js';
import type { OrderMail, OrderMailAddress } from '../order-mail.js';

export interface ShopMailSettings {
  shopName: string;
  /** BCP 47 locale for amounts and country names (SHOP_LOCALE). */
  locale: string;
  /** The shop's public origin; order links are `<origin>/orders/<id>`. */
  origin: URL;
  /** Where new-order notices go (SHOP_EMAIL); also the Reply-To of confirmations. */
  shopEmail: string | undefined;
}

export interface OrderSummary {
  shopName: string;
  shopEmail: string | undefined;
  /** `K7Q4-M2XP-A9TR`. */
  number: string;
  url: string;
  review: boolean;
  lines: { name: string; quantity: number; unitPrice: string; total: string }[];
  /** Items, shipping, tax, total, in that order; the last is the total. */
  totals: { label: string; value: string }[];
  total: string;
  shippingName: string | null;
  /** The delivery address, one entry per line; null when nothing ships. */
  address: string[] | null;
  contact: { email: string; name: string | null; phone: string | null };
}

export function orderSummary(order: OrderMail, shop: ShopMailSettings): OrderSummary {
  const money = (amount: number) => formatMoney(amount, order.currency, shop.locale);
  const total = money(order.amounts.total);
  return {
    shopName: shop.shopName,
    shopEmail: shop.shopEmail,
    number: orderNumber(order.orderId),
    url: new URL(`/orders/${encodeURIComponent(order.orderId)}`, shop.origin).href,
    review: order.review,
    lines: order.lines.map((line) => ({ name: line.name, quantity: line.quantity, unitPrice: money(line.unitAmount), total: money(line.lineTotal) })),
    totals: [
      { label: 'Items', value: money(order.amounts.items) },
      { label: order.shippingName ? `Shipping (${order.shippingName})` : 'Shipping', value: money(order.amounts.shipping) },
      { label: order.taxIncluded ? 'Tax (included)' : 'Tax', value: money(order.amounts.tax) },
      { label: 'Total', value: total },
    ],
    total,
    shippingName: order.shippingName,
    address: order.address ? addressLines(order.address, shop.locale) : null,
    contact: order.contact,
  };
}

/**
 * The address as it goes on a parcel: Japanese order (postal code, prefecture, city, street) for JP, the usual
 * western order elsewhere; the country by name in the shop's language.
 */
export function addressLines(address: OrderMailAddress, locale: string): string[] {
  const country = countryName(address.country, locale);
  const present = (parts: (string | null)[], separator = ' ') => parts.filter((part): part is string => Boolean(part?.trim())).join(separator);
  const lines =
    address.country.toUpperCase() === 'JP'
      ? [address.postalCode ? `〒${address.postalCode}` : '', present([address.state, address.city, address.line1]), address.line2 ?? '', address.name ?? '', country]
      : [address.name ?? '', address.line1, address.line2 ?? '', present([present([address.city, address.state], ', '), address.postalCode]), country];
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}

function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a region code Intl knows
  }
}

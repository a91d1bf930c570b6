/**
 * An order as its mails show it, formatted once in the mail's language: order number, link, when it was placed (in
 * SHOP_TIMEZONE), lines, totals in the order's currency, and the delivery address as lines. The text and HTML
 * templates only lay this out, with the words of `t`.
 */
import { orderNumber } from '../../checkout/ids.js';
import { formatDateTime, isLanguage, localeFor, translator, type Language, type Translator } from '../../i18n/index.js';
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
  /** SHOP_LANGUAGES: mail to the shop, and to shoppers whose order has no language, is in the first. English when absent. */
  languages?: readonly Language[];
  /** SHOP_TIMEZONE for the times mails show; UTC when absent. */
  timeZone?: string;
}

/** The language and formats of one mail: the order's language when it has one, else the shop's default. */
export interface MailWords {
  t: Translator;
  lang: Language;
  locale: string;
  timeZone: string;
}

export function mailWords(shop: ShopMailSettings, language?: string | null): MailWords {
  const languages = shop.languages ?? ['en'];
  const lang = isLanguage(language) ? language : languages[0]!;
  return {
    t: translator(lang),
    lang,
    locale: localeFor(lang, shop.locale, languages),
    timeZone: shop.timeZone ?? 'UTC',
  };
}

export interface OrderSummary extends MailWords {
  shopName: string;
  shopEmail: string | undefined;
  /** `K7Q4-M2XP-A9TR`. */
  number: string;
  url: string;
  /** When the order was placed, in the shop's time zone with the zone named; null when not known. */
  placed: string | null;
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

/** The order in `words`' language (the confirmation in the shopper's, the shop's notice in the shop's default). */
export function orderSummary(
  order: OrderMail,
  shop: ShopMailSettings,
  words: MailWords = mailWords(shop, order.language),
): OrderSummary {
  const { t, locale } = words;
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const total = money(order.amounts.total);
  return {
    ...words,
    shopName: shop.shopName,
    shopEmail: shop.shopEmail,
    number: orderNumber(order.orderId),
    url: new URL(`/orders/${encodeURIComponent(order.orderId)}`, shop.origin).href,
    placed: order.placedAt === undefined ? null : formatDateTime(order.placedAt, { locale, timeZone: words.timeZone }),
    review: order.review,
    lines: order.lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitAmount),
      total: money(line.lineTotal),
    })),
    totals: [
      { label: t('order.items'), value: money(order.amounts.items) },
      {
        label: order.shippingName ? t('mail.shippingNamed', { name: order.shippingName }) : t('order.shipping'),
        value: money(order.amounts.shipping),
      },
      { label: order.taxIncluded ? t('mail.taxIncluded') : t('order.tax'), value: money(order.amounts.tax) },
      { label: t('order.total'), value: total },
    ],
    total,
    shippingName: order.shippingName,
    address: order.address ? addressLines(order.address, locale) : null,
    contact: order.contact,
  };
}

/**
 * The address as it goes on a parcel: Japanese order (postal code, prefecture, city, street) for JP, the usual
 * western order elsewhere; the country by name in the shop's language.
 */
export function addressLines(address: OrderMailAddress, locale: string): string[] {
  const country = countryName(address.country, locale);
  const present = (parts: (string | null)[], separator = ' ') =>
    parts.filter((part): part is string => Boolean(part?.trim())).join(separator);
  const lines =
    address.country.toUpperCase() === 'JP'
      ? [
          address.postalCode ? `〒${address.postalCode}` : '',
          present([address.state, address.city, address.line1]),
          address.line2 ?? '',
          address.name ?? '',
          country,
        ]
      : [
          address.name ?? '',
          address.line1,
          address.line2 ?? '',
          present([present([address.city, address.state], ', '), address.postalCode]),
          country,
        ];
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}

function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a region code Intl knows
  }
}

/**
 * Amounts as Shopify's Ajax API and its money formatters expect them (docs/decisions/0009-shopify-compatible-amounts.md): hundredths of the major unit,
 * whatever the currency's own minor unit. 1,320 yen is 132000, $29.90 is 2990, 1.250 KWD is 125. Integer
 * arithmetic only; a three-decimal amount that is not a whole number of hundredths rounds half away from zero.
 */
import { currencyExponent } from './currencies.js';

/** Minor units of `currency` -> Shopify's hundredths of the major unit. */
export function toShopifyCents(minor: number, currency: string): number {
  switch (currencyExponent(currency)) {
    case 0:
      return minor * 100;
    case 2:
      return minor;
    case 3: {
      const rounded = Math.floor((Math.abs(minor) + 5) / 10);
      return minor < 0 ? -rounded : rounded;
    }
  }
}

/** Shopify's decimal price string (`"29.90"`, `"1320.00"`, `"1.25"`), as its product and shipping-rate JSON write it. */
export function toShopifyDecimal(minor: number, currency: string): string {
  const cents = toShopifyCents(minor, currency);
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

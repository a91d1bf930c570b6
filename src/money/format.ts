/**
 * Display of amounts with Intl.NumberFormat, always with the currency's Stripe exponent of decimals.
 * Formatters are costly to build, so one is kept per locale and currency.
 */
import { currencyExponent } from './currencies.js';
import { minorToMajor } from './convert.js';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = currencyExponent(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Formats an integer of minor units for display: formatMoney(2990, 'usd', 'en-US') -> "$29.90". */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  // The exact decimal string keeps large amounts exact (Intl reads strings as decimals).
  return formatterFor(currency, locale).format(minorToMajor(minor, currency) as unknown as number);
}

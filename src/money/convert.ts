/**
 * Major <-> minor unit conversion by string arithmetic. Floats never touch an amount:
 * "29.90" USD is 2990, "1500" JPY is 1500, "1.250" KWD is 1250.
 */
import { currencyExponent } from './currencies.js';

/** Largest minor amount accepted (12 digits, Stripe's widest limit); keeps every total a safe integer. */
export const MAX_MINOR_AMOUNT = 999_999_999_999;

/** Thrown when a major-unit string is not an amount of the currency. The message says why. */
export class AmountFormatError extends Error {
  override name = 'AmountFormatError';
}

const PLAIN_DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Parses a major-unit decimal string ("29.90", "0", "1500") into an integer of minor units.
 * Rejects signs, exponents, thousands separators, spaces, more decimals than the currency has, and overflow.
 */
export function majorToMinor(amount: string, currency: string): number {
  const match = PLAIN_DECIMAL.exec(amount);
  if (!match) throw new AmountFormatError(`"${amount}" is not a plain decimal amount like 29.90`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    const allowed = exponent === 0 ? 'no decimals' : `at most ${exponent} decimals`;
    throw new AmountFormatError(
      `"${amount}" has ${fraction.length} decimals; ${currency.toUpperCase()} has ${allowed}`,
    );
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > String(MAX_MINOR_AMOUNT).length || Number(digits) > MAX_MINOR_AMOUNT) {
    throw new AmountFormatError(`"${amount}" is larger than the largest amount accepted`);
  }
  return Number(digits);
}

/** Writes minor units as an exact major-unit decimal string: 2990 USD -> "29.90", -5 USD -> "-0.05". */
export function minorToMajor(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${minor} is not a safe integer`);
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor));
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

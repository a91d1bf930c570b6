/**
 * Shipping rates as the shop defines them (`SHIPPING_RATES`, a JSON list), and the rates that apply to a cart.
 * Amounts are written in the currency's major units as strings ("800", "5.99") and become integers of minor
 * units with src/money, as the catalog import does: floats never touch them. Pure.
 */
import { AmountFormatError, isKnownCurrency, majorToMinor } from '../money/index.js';
import { countryProblem } from './countries.js';

/** Stripe Checkout takes at most 5 shipping options per session. */
export const MAX_SHIPPING_OPTIONS = 5;

export interface ShippingRate {
  /** The shop's own name for the rate (`standard`), kept on orders. */
  id: string;
  /** What the shopper reads (`Standard shipping`). */
  name: string;
  /** Lower-case ISO currency; null for a free rate that applies to carts in any currency. */
  currency: string | null;
  /** Minor units. */
  amount: number;
  /** The rate is free when the cart's items come to at least this much (minor units); null when never. */
  freeAbove: number | null;
  /** Upper-case ISO country codes it delivers to; null for every country the shop ships to. */
  countries: string[] | null;
  /** Delivery estimate in business days. */
  minDays: number;
  maxDays: number;
}

/** A rate as offered for one cart: its amount for that cart. What orders keep. */
export interface ShippingOption {
  id: string;
  name: string;
  amount: number;
  minDays: number;
  maxDays: number;
}

/** Used when the shop defines no rates: free standard shipping in any currency, so the demo works out of the box. */
export const DEFAULT_SHIPPING_RATES: ShippingRate[] = [
  {
    id: 'standard',
    name: 'Standard shipping',
    currency: null,
    amount: 0,
    freeAbove: null,
    countries: null,
    minDays: 3,
    maxDays: 7,
  },
];

/** A problem in SHIPPING_RATES; the message says which rate and what is wrong. */
export class ShippingRatesError extends Error {
  override name = 'ShippingRatesError';
}

const FIELDS = new Set(['id', 'name', 'currency', 'amount', 'free_above', 'countries', 'days']);

function rateFrom(value: unknown, index: number): ShippingRate {
  const where = `rate ${index + 1}`;
  const fail = (message: string) => new ShippingRatesError(`${where}: ${message}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(
      'must be an object such as {"id":"standard","name":"Standard shipping","currency":"jpy","amount":"800","days":[2,4]}',
    );
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).find((key) => !FIELDS.has(key));
  if (unknown) throw fail(`unknown field "${unknown}" (fields: ${[...FIELDS].join(', ')})`);
  if (typeof raw.id !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(raw.id))
    throw fail('"id" must be 1-40 characters of a-z, 0-9, _ and -');
  if (typeof raw.name !== 'string' || raw.name.trim() === '' || raw.name.length > 100)
    throw fail('"name" must be a display name of 1-100 characters');
  let currency: string | null = null;
  if (raw.currency !== undefined) {
    if (typeof raw.currency !== 'string' || !isKnownCurrency(raw.currency.toLowerCase()))
      throw fail('"currency" must be an ISO currency code such as jpy or usd');
    currency = raw.currency.toLowerCase();
  }
  const amountIn = (field: 'amount' | 'free_above'): number => {
    const text = raw[field];
    if (typeof text !== 'string')
      throw fail(`"${field}" must be a string amount in major units, such as "800" or "5.99"`);
    try {
      return majorToMinor(text, currency ?? 'jpy');
    } catch (error) {
      if (error instanceof AmountFormatError) throw fail(`"${field}": ${error.message}`);
      throw error;
    }
  };
  const amount = amountIn('amount');
  if (currency === null && amount !== 0) throw fail('"currency" is needed unless the rate is free ("amount": "0")');
  const freeAbove = raw.free_above === undefined ? null : amountIn('free_above');
  if (currency === null && freeAbove !== null) throw fail('"free_above" needs a "currency"');
  let countries: string[] | null = null;
  if (raw.countries !== undefined) {
    if (
      !Array.isArray(raw.countries) ||
      raw.countries.length === 0 ||
      raw.countries.some((code) => typeof code !== 'string')
    )
      throw fail('"countries" must be a non-empty list of ISO codes such as ["JP"]');
    countries = (raw.countries as string[]).map((code) => code.toUpperCase());
    for (const code of countries) {
      const problem = countryProblem(code);
      if (problem) throw fail(`"countries": ${problem}`);
    }
  }
  const days = raw.days;
  if (
    !Array.isArray(days) ||
    days.length !== 2 ||
    !days.every((day) => Number.isInteger(day) && day >= 1 && day <= 365) ||
    days[0] > days[1]
  ) {
    throw fail('"days" must be [minimum, maximum] business days, whole numbers from 1 to 365, such as [2, 4]');
  }
  return {
    id: raw.id,
    name: raw.name.trim(),
    currency,
    amount,
    freeAbove,
    countries,
    minDays: days[0],
    maxDays: days[1],
  };
}

/**
 * Parses SHIPPING_RATES and checks it against the countries the shop ships to: every rate delivers to at least
 * one of them, ids are unique, and no cart could be offered more than Stripe's 5 options.
 */
export function parseShippingRates(json: string, shipTo: readonly string[]): ShippingRate[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ShippingRatesError(`is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new ShippingRatesError('must be a non-empty JSON list of rates');
  const rates = parsed.map(rateFrom);
  const ids = new Set<string>();
  for (const rate of rates) {
    if (ids.has(rate.id)) throw new ShippingRatesError(`two rates have the id "${rate.id}"`);
    ids.add(rate.id);
    const outside = rate.countries?.find((code) => !shipTo.includes(code));
    if (outside)
      throw new ShippingRatesError(
        `rate "${rate.id}" delivers to ${outside}, which is not in SHIP_TO_COUNTRIES (${shipTo.join(',')})`,
      );
  }
  const currencies = new Set(rates.map((rate) => rate.currency));
  for (const country of shipTo) {
    for (const currency of currencies) {
      const count = rates.filter((rate) => applies(rate, currency ?? '', country)).length;
      if (count > MAX_SHIPPING_OPTIONS) {
        throw new ShippingRatesError(
          `${count} rates apply to ${currency ? currency.toUpperCase() : 'a'} cart shipped to ${country}; Stripe Checkout offers at most ${MAX_SHIPPING_OPTIONS}`,
        );
      }
    }
  }
  return rates;
}

function applies(rate: ShippingRate, currency: string, country: string): boolean {
  return (
    (rate.currency === null || rate.currency === currency) &&
    (rate.countries === null || rate.countries.includes(country))
  );
}

/** The options offered for a cart of `subtotal` (minor units of `currency`) shipped to `country`, cheapest first. */
export function shippingOptionsFor(
  rates: readonly ShippingRate[],
  cart: { currency: string; subtotal: number; country: string },
): ShippingOption[] {
  return rates
    .filter((rate) => applies(rate, cart.currency, cart.country))
    .map((rate) => ({
      id: rate.id,
      name: rate.name,
      amount: rate.freeAbove !== null && cart.subtotal >= rate.freeAbove ? 0 : rate.amount,
      minDays: rate.minDays,
      maxDays: rate.maxDays,
    }))
    .sort((a, b) => a.amount - b.amount || a.minDays - b.minDays)
    .slice(0, MAX_SHIPPING_OPTIONS);
}

/** What the cart page says about shipping: the cheapest option now, and the smallest subtotal that ships free. */
export interface ShippingEstimate {
  cheapest: ShippingOption | undefined;
  /** The lowest `free_above` of the rates that still cost something for this cart; undefined when none. */
  freeAbove: number | undefined;
}

export function shippingEstimate(
  rates: readonly ShippingRate[],
  cart: { currency: string; subtotal: number; country: string },
): ShippingEstimate {
  const cheapest = shippingOptionsFor(rates, cart)[0];
  const thresholds = rates
    .filter(
      (rate) => applies(rate, cart.currency, cart.country) && rate.freeAbove !== null && cart.subtotal < rate.freeAbove,
    )
    .map((rate) => rate.freeAbove!);
  return {
    cheapest,
    freeAbove: cheapest && cheapest.amount > 0 && thresholds.length > 0 ? Math.min(...thresholds) : undefined,
  };
}

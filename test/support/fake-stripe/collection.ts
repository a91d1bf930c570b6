/**
 * What a fake Checkout Session collects besides payment, checked as Stripe checks it: `shipping_address_collection`
 * (known country codes only), `shipping_options` (at most 5, `shipping_rate_data` with a fixed amount in the
 * session's currency and a delivery estimate), `phone_number_collection` and `automatic_tax`; and what a completed
 * session reports back (customer_details, collected_information.shipping_details, shipping_cost, total_details).
 */
import { allowOnly, enumParam, integerParam, metadataParam, objectParam, stringParam } from './params.js';
import { invalidRequest, randomId, type Params } from './wire.js';

// Valid ISO codes that Stripe's allowed_countries does not take (it lists territories under their parent country).
// A copy of src/shipping/countries.ts's list on purpose: the fake stands for Stripe, so it keeps Stripe's list as
// written from Stripe's documentation; importing the shop's would let a wrong entry there agree with itself here.
const REFUSED_COUNTRIES = new Set([
  'AS',
  'CC',
  'CU',
  'CX',
  'FM',
  'HM',
  'IR',
  'KP',
  'MH',
  'MP',
  'NF',
  'PR',
  'PW',
  'SD',
  'SY',
  'UM',
  'VI',
]);
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const UNITS = ['business_day', 'day', 'hour', 'month', 'week'];

export interface FakeShippingOption {
  shipping_amount: number;
  shipping_rate: string;
}

export interface FakeCollection {
  shipping_address_collection: { allowed_countries: string[] } | null;
  shipping_options: FakeShippingOption[];
  phone_number_collection: { enabled: boolean };
  automatic_tax: { enabled: boolean; liability: null; status: null };
  collected_information: { shipping_details: { name: string; address: FakeAddress } | null } | null;
  shipping_cost: { amount_subtotal: number; amount_tax: number; amount_total: number; shipping_rate: string } | null;
}

export interface FakeAddress {
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postal_code: string;
  country: string;
}

function estimateBound(value: unknown, param: string) {
  const bound = objectParam(value, param);
  allowOnly(bound, ['unit', 'value'], param);
  const unit = enumParam(bound.unit, `${param}[unit]`, UNITS);
  if (!unit) throw invalidRequest(`Missing required param: ${param}[unit].`, `${param}[unit]`, 'parameter_missing');
  return { unit, value: integerParam(bound.value, `${param}[value]`, 1, 10_000) };
}

function shippingOption(value: unknown, param: string, currency: string): FakeShippingOption {
  const option = objectParam(value, param);
  allowOnly(option, ['shipping_rate', 'shipping_rate_data'], param);
  if (option.shipping_rate !== undefined)
    throw invalidRequest('The fake Stripe models only `shipping_rate_data`.', `${param}[shipping_rate]`);
  const data = objectParam(option.shipping_rate_data, `${param}[shipping_rate_data]`);
  const at = `${param}[shipping_rate_data]`;
  allowOnly(
    data,
    ['delivery_estimate', 'display_name', 'fixed_amount', 'metadata', 'tax_behavior', 'tax_code', 'type'],
    at,
  );
  enumParam(data.type, `${at}[type]`, ['fixed_amount']);
  const name = stringParam(data.display_name, `${at}[display_name]`, 100);
  if (!name)
    throw invalidRequest(`Missing required param: ${at}[display_name].`, `${at}[display_name]`, 'parameter_missing');
  const fixed = objectParam(data.fixed_amount, `${at}[fixed_amount]`);
  allowOnly(fixed, ['amount', 'currency', 'currency_options'], `${at}[fixed_amount]`);
  const amount = integerParam(fixed.amount, `${at}[fixed_amount][amount]`, 0, 99_999_999);
  const rateCurrency = stringParam(fixed.currency, `${at}[fixed_amount][currency]`)?.toLowerCase();
  if (rateCurrency !== currency) {
    throw invalidRequest(
      `The shipping rate's currency (${rateCurrency}) must match the currency of the Checkout Session (${currency}).`,
      `${at}[fixed_amount][currency]`,
    );
  }
  if (data.delivery_estimate !== undefined) {
    const estimate = objectParam(data.delivery_estimate, `${at}[delivery_estimate]`);
    allowOnly(estimate, ['minimum', 'maximum'], `${at}[delivery_estimate]`);
    const min =
      estimate.minimum === undefined ? undefined : estimateBound(estimate.minimum, `${at}[delivery_estimate][minimum]`);
    const max =
      estimate.maximum === undefined ? undefined : estimateBound(estimate.maximum, `${at}[delivery_estimate][maximum]`);
    if (min && max && min.unit === max.unit && min.value > max.value)
      throw invalidRequest(
        'The delivery estimate minimum must not be more than its maximum.',
        `${at}[delivery_estimate]`,
      );
  }
  metadataParam(data.metadata, `${at}[metadata]`);
  return { shipping_amount: amount, shipping_rate: randomId('shr') };
}

/** Checks the collection parameters of a create call for a session in `currency`. */
export function collectionParams(params: Params, currency: string): FakeCollection {
  let shippingAddress: FakeCollection['shipping_address_collection'] = null;
  if (params.shipping_address_collection !== undefined) {
    const collection = objectParam(params.shipping_address_collection, 'shipping_address_collection');
    allowOnly(collection, ['allowed_countries'], 'shipping_address_collection');
    const countries = collection.allowed_countries;
    if (!Array.isArray(countries) || countries.length === 0)
      throw invalidRequest(
        'Missing required param: shipping_address_collection[allowed_countries].',
        'shipping_address_collection[allowed_countries]',
        'parameter_missing',
      );
    countries.forEach((code, index) => {
      const param = `shipping_address_collection[allowed_countries][${index}]`;
      if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code) || !regions.of(code) || REFUSED_COUNTRIES.has(code)) {
        throw invalidRequest(
          `Invalid ${param}: must be one of AC, AD, AE, AF, ... (the countries Stripe ships to)`,
          param,
        );
      }
    });
    shippingAddress = { allowed_countries: countries as string[] };
  }
  const options = params.shipping_options ?? [];
  if (!Array.isArray(options)) throw invalidRequest('Invalid array', 'shipping_options');
  if (options.length > 5) throw invalidRequest('You can only specify up to 5 shipping options.', 'shipping_options');
  if (options.length > 0 && !shippingAddress)
    throw invalidRequest('`shipping_options` requires `shipping_address_collection`.', 'shipping_options');
  const enabled = (name: 'phone_number_collection' | 'automatic_tax') => {
    if (params[name] === undefined) return false;
    const value = objectParam(params[name], name);
    allowOnly(value, name === 'automatic_tax' ? ['enabled', 'liability'] : ['enabled'], name);
    const flag = enumParam(value.enabled, `${name}[enabled]`, ['true', 'false']);
    if (!flag)
      throw invalidRequest(`Missing required param: ${name}[enabled].`, `${name}[enabled]`, 'parameter_missing');
    return flag === 'true';
  };
  return {
    shipping_address_collection: shippingAddress,
    shipping_options: options.map((option, index) => shippingOption(option, `shipping_options[${index}]`, currency)),
    phone_number_collection: { enabled: enabled('phone_number_collection') },
    automatic_tax: { enabled: enabled('automatic_tax'), liability: null, status: null },
    collected_information: null,
    shipping_cost: null,
  };
}

/** What the customer entered on the fake's hosted page. */
export interface FakeCustomer {
  email?: string;
  name?: string;
  phone?: string;
  address?: FakeAddress;
  /** Which shipping option (index), default the first. */
  shippingOption?: number;
  /** Tax Stripe Tax computed, added on top (exclusive prices). */
  taxAdded?: number;
}

export const DEFAULT_ADDRESS: FakeAddress = {
  line1: '神宮前1-2-3',
  line2: null,
  city: '渋谷区',
  state: '東京都',
  postal_code: '150-0001',
  country: 'JP',
};

/** The fields a completed session gets from what the customer entered. */
export function completedCollection(session: FakeCollection & { amount_subtotal: number }, customer: FakeCustomer) {
  const option = session.shipping_options[customer.shippingOption ?? 0];
  const address = session.shipping_address_collection
    ? (customer.address ?? { ...DEFAULT_ADDRESS, country: session.shipping_address_collection.allowed_countries[0]! })
    : null;
  if (address && !session.shipping_address_collection!.allowed_countries.includes(address.country))
    throw new Error(`fake Stripe: ${address.country} is not an allowed country`);
  const shipping = option?.shipping_amount ?? 0;
  const tax = customer.taxAdded ?? 0;
  return {
    customer_details: {
      email: customer.email ?? 'customer@example.com',
      name: customer.name ?? 'Jenny Rosen',
      phone: session.phone_number_collection.enabled ? (customer.phone ?? '+81312345678') : null,
      address,
      business_name: null,
      individual_name: null,
      tax_exempt: 'none' as const,
      tax_ids: [],
    },
    collected_information: { shipping_details: address ? { name: customer.name ?? 'Jenny Rosen', address } : null },
    shipping_cost: option
      ? { amount_subtotal: shipping, amount_tax: 0, amount_total: shipping, shipping_rate: option.shipping_rate }
      : null,
    total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: tax },
    amount_total: session.amount_subtotal + shipping + tax,
  };
}

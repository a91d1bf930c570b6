/**
 * Country codes a shop may ship to: ISO 3166-1 alpha-2 codes that name a region, minus those Stripe Checkout's
 * `shipping_address_collection.allowed_countries` does not take (territories it lists under their parent country,
 * and countries it cannot serve). Pure.
 */

/** Valid ISO codes Stripe Checkout refuses in allowed_countries. */
const NOT_SHIPPABLE_BY_STRIPE = new Set([
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

const regions = new Map<string, Intl.DisplayNames>();

/** The name of an ISO country code in a language (English unless asked), or undefined when it names no country. */
export function countryName(code: string, language = 'en'): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  let names = regions.get(language);
  if (!names) regions.set(language, (names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' })));
  return names.of(code) ?? undefined;
}

/** Why `code` cannot be a delivery country, or undefined when it can. */
export function countryProblem(code: string): string | undefined {
  if (!countryName(code)) return `"${code}" is not an ISO 3166-1 country code such as JP or US`;
  if (NOT_SHIPPABLE_BY_STRIPE.has(code)) return `"${code}" is not a country Stripe Checkout ships to`;
  return undefined;
}

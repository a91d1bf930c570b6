/**
 * Currency facts as Stripe sees them: which codes exist and how many decimals their minor unit has.
 * Stripe's lists differ from ISO 4217 in places (UGX is zero-decimal at Stripe), so Stripe's lists win.
 */

/** Stripe's zero-decimal currencies: amounts are already in the smallest unit. */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Stripe's three-decimal currencies. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Every ISO 4217 code this runtime knows, lower-case as Stripe writes them. Computed once. */
const KNOWN = new Set(Intl.supportedValuesOf('currency').map((code) => code.toLowerCase()));

/** True for a lower-case three-letter code of a real currency (`jpy`, `usd`). */
export function isKnownCurrency(code: string): boolean {
  return KNOWN.has(code);
}

/** Number of decimals of the currency's minor unit: 0 (JPY), 3 (KWD) or 2 (everything else). */
export function currencyExponent(code: string): 0 | 2 | 3 {
  const lower = code.toLowerCase();
  if (ZERO_DECIMAL.has(lower)) return 0;
  if (THREE_DECIMAL.has(lower)) return 3;
  return 2;
}

/** Money: integers of minor units, converted and formatted without floats. Pure, no I/O. */
export { currencyExponent, isKnownCurrency } from './currencies.js';
export { AmountFormatError, MAX_MINOR_AMOUNT, majorToMinor, minorToMajor } from './convert.js';
export { formatMoney } from './format.js';
export { toShopifyCents, toShopifyDecimal } from './shopify-cents.js';

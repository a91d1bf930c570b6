/**
 * A catalog whose products have options (several prices to choose from), as Dashboard exports: nicknames,
 * `option (metadata)` and `position (metadata)`, and prices in a second currency.
 */
import { csvLine, writeCsvFiles } from './catalog.js';

const PRODUCTS = [
  ['id', 'Name', 'Description', 'Created (UTC)'],
  ['prod_tea', 'Sencha tea', 'Green tea from Shizuoka.', '2024-01-03 00:00:00'],
  ['prod_cup', 'Tea cup', 'A small cup.', '2024-01-02 00:00:00'],
  ['prod_mug', 'Dollar mug', 'Only sold in dollars.', '2024-01-01 00:00:00'],
];

const PRICE_HEADER = [
  'Price ID',
  'Product ID',
  'Description',
  'Created (UTC)',
  'Amount',
  'Currency',
  'Tax Behavior',
  'option (metadata)',
  'position (metadata)',
];

/** Sencha sells in three options (a nickname, an `option` that wins over a nickname, a position that puts one first). */
export const OPTION_PRICES = [
  ['price_tea_100', 'prod_tea', '100 g', '2024-02-01 00:00:00', '1200', 'jpy', 'inclusive', '', ''],
  ['price_tea_200', 'prod_tea', 'internal v2', '2024-02-02 00:00:00', '2000', 'jpy', 'inclusive', '200 g', ''],
  ['price_tea_gift', 'prod_tea', 'Gift box', '2024-02-03 00:00:00', '3500', 'jpy', 'inclusive', '', '1'],
  ['price_tea_usd', 'prod_tea', '100 g', '2024-02-04 00:00:00', '12.00', 'usd', 'exclusive', '', ''],
  ['price_cup', 'prod_cup', 'Standard', '2024-02-01 00:00:00', '3000', 'jpy', 'inclusive', '', ''],
  ['price_mug', 'prod_mug', '', '2024-02-01 00:00:00', '29.90', 'usd', 'exclusive', '', ''],
];

/**
 * The option catalog's export files; `prices` replaces the prices export's rows; `defaultPrices` (product id -> price
 * id) adds a `Default Price` column, as Stripe's `default_price`.
 */
export function optionCatalogFiles(
  prices: string[][] = OPTION_PRICES,
  defaultPrices?: Record<string, string>,
): { products: string; prices: string } {
  const products = defaultPrices
    ? PRODUCTS.map((row, at) => [...row, at === 0 ? 'Default Price' : (defaultPrices[row[0]!] ?? '')])
    : PRODUCTS;
  const files = writeCsvFiles({
    'products.csv': products.map(csvLine).join('\n'),
    'prices.csv': [PRICE_HEADER, ...prices].map(csvLine).join('\n'),
  });
  return { products: files['products.csv']!, prices: files['prices.csv']! };
}

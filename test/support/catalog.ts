/** Test helpers for the catalog: temp CSV files and a snapshot of every catalog row, to prove "nothing changed". */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export const MESSY = {
  products: fileURLToPath(new URL('../fixtures/messy/products.csv', import.meta.url)),
  prices: fileURLToPath(new URL('../fixtures/messy/prices.csv', import.meta.url)),
};

export const PRICE_HEADER = [
  'Price ID',
  'Product ID',
  'Product Name',
  'Product Statement Descriptor',
  'Product Tax Code',
  'Description',
  'Created (UTC)',
  'Amount',
  'Currency',
  'Interval',
  'Interval Count',
  'Usage Type',
  'Aggregate Usage',
  'Billing Scheme',
  'Trial Period Days',
  'Tax Behavior',
];

/** One CSV line, quoting as Stripe does (only when needed). */
export function csvLine(fields: string[]): string {
  return fields.map((field) => (/[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');
}

/** A CSV line under `header`: each column's value from `values`, empty where it names none. */
export function csvRowUnder(header: readonly string[], values: Record<string, string>): string {
  return csvLine(header.map((column) => values[column] ?? ''));
}

/** A prices export row with the 16 Dashboard columns. */
export function priceRow(
  id: string,
  productId: string,
  amount: string,
  currency: string,
  extra: { interval?: string; created?: string } = {},
): string[] {
  return [
    id,
    productId,
    'Name',
    '',
    '',
    '',
    extra.created ?? '2024-03-01 00:00:00',
    amount,
    currency,
    extra.interval ?? '',
    extra.interval ? '1' : '',
    '',
    '',
    'per_unit',
    '',
    '',
  ];
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes files into a fresh temp dir (removed when the test process exits); returns their paths. */
export function writeCsvFiles(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-import-'));
  tempDirs.push(dir);
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return [name, file];
    }),
  );
}

/** The product ids of these product numbers (`num_id`, the ids Shopify's API shows), in the same order. */
export async function productIdsOf(db: Kysely<Database>, numbers: readonly number[]): Promise<string[]> {
  if (numbers.length === 0) return [];
  const rows = await db.selectFrom('products').select(['id', 'num_id']).where('num_id', 'in', numbers).execute();
  const ids = new Map(rows.map((row) => [Number(row.num_id), row.id]));
  return numbers.map((n) => ids.get(n)!);
}

/** Every row of the catalog and stock tables, ordered: equal snapshots mean nothing changed. */
export async function snapshotCatalog(db: Kysely<Database>) {
  return {
    products: await db.selectFrom('products').selectAll().orderBy('id').execute(),
    prices: await db.selectFrom('prices').selectAll().orderBy('id').execute(),
    stock: await db.selectFrom('stock_levels').selectAll().orderBy('product_id').execute(),
  };
}

export interface ShopProduct {
  id: string;
  name: string;
  active?: boolean;
}

export interface ShopPrice {
  id: string;
  product: string;
  /** In major units, as the export writes it. */
  amount: string;
  currency: string;
  interval?: string;
  /** Newer prices become the product's selling price. */
  created?: string;
}

/** A small catalog as export files, for tests that re-import it with changes. */
export function catalogFiles(products: ShopProduct[], prices: ShopPrice[]): { products: string; prices: string } {
  const productLines = products.map((product) =>
    csvLine([product.id, product.name, product.active === false ? 'false' : 'true', '2024-01-01 00:00:00']),
  );
  const priceLines = prices.map((price) =>
    csvLine(priceRow(price.id, price.product, price.amount, price.currency, price)),
  );
  const files = writeCsvFiles({
    'products.csv': ['id,Name,Active,Created (UTC)', ...productLines].join('\n'),
    'prices.csv': [PRICE_HEADER.join(','), ...priceLines].join('\n'),
  });
  return { products: files['products.csv']!, prices: files['prices.csv']! };
}

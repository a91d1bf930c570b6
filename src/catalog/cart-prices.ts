/**
 * Catalog lookups the cart needs, each one query for any number of ids (never one per line): prices with their
 * product and the product's current selling price, and products by id.
 */
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { Price } from './queries.js';

export interface PriceDetails extends Price {
  active: boolean;
  oneTime: boolean;
  productId: string;
  productNumId: number;
  productHandle: string;
  productDescription: string;
  /** The price's own name (Stripe's nickname), '' when none. */
  description: string;
  productName: string;
  productImage: string | null;
  productActive: boolean;
  /** The product is shipped (physical); false for digital goods and services. */
  productShippable: boolean;
  /** The product's selling price now (an active one-time price), which may be another price than this one. */
  sellingPrice: Price | null;
}

/** Compiled once per number of ids (src/db/prepared.ts): every cart read runs it. */
const pricesQuery = prepare((db, ids: readonly string[]) =>
  db
    .selectFrom('prices')
    .innerJoin('products', 'products.id', 'prices.product_id')
    .leftJoin('prices as selling', 'selling.id', 'products.default_price_id')
    .select([
      'prices.id',
      'prices.num_id',
      'prices.description',
      'products.num_id as product_num_id',
      'products.handle',
      'products.description as product_description',
      'selling.num_id as selling_num_id',
      'prices.unit_amount',
      'prices.currency',
      'prices.active',
      'prices.type',
      'prices.tax_behavior',
      'products.id as product_id',
      'products.name',
      'products.image',
      'products.active as product_active',
      'products.shippable as product_shippable',
      'selling.id as selling_id',
      'selling.unit_amount as selling_amount',
      'selling.currency as selling_currency',
      'selling.tax_behavior as selling_tax_behavior',
    ])
.where('prices.id', 'in', ids),
);

export async function pricesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, PriceDetails>> {
  if (ids.length === 0) return new Map();
  const rows = await pricesQuery.all(db, [...new Set(ids)]);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        numId: Number(row.num_id),
        description: row.description,
        productNumId: Number(row.product_num_id),
        productHandle: row.handle ?? row.product_id,
        productDescription: row.product_description,
        unitAmount: Number(row.unit_amount),
        currency: row.currency,
        taxBehavior: row.tax_behavior,
        active: row.active === 1,
        oneTime: row.type === 'one_time',
        productId: row.product_id,
        productName: row.name,
        productImage: row.image,
        productActive: row.product_active === 1,
        productShippable: row.product_shippable === 1, // the import decides (shippable metadata, or Type: service)
        sellingPrice:
          row.selling_id && row.selling_currency && row.selling_amount !== null
            ? { id: row.selling_id, numId: Number(row.selling_num_id), unitAmount: Number(row.selling_amount), currency: row.selling_currency, taxBehavior: row.selling_tax_behavior ?? 'unspecified' }
            : null,
      },
    ]),
  );
}

/** `ref` as a catalog integer id, when it is one (digits only, a safe integer above 0). */
export function asCatalogNumber(ref: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(ref)) return undefined;
  const number = Number(ref);
  return Number.isSafeInteger(number) ? number : undefined;
}

/**
 * Integer ids -> the Stripe id of the product or price each names (one sequence: an integer names one row of either).
 * Refs that are not integers, or name nothing, are absent. Two queries for any number of refs.
 */
export async function resolveNumbers(db: Kysely<Database>, refs: readonly string[]): Promise<Map<string, string>> {
  const numbers = [...new Set(refs.flatMap((ref) => asCatalogNumber(ref) ?? []))];
  if (numbers.length === 0) return new Map();
  const [products, prices] = await Promise.all([
    db.selectFrom('products').select(['id', 'num_id']).where('num_id', 'in', numbers).execute(),
    db.selectFrom('prices').select(['id', 'num_id']).where('num_id', 'in', numbers).execute(),
  ]);
  return new Map([...products, ...prices].map((row) => [String(row.num_id), row.id]));
}

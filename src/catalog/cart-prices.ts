/**
 * Catalog lookups the cart needs, each one query for any number of ids (never one per line): prices with their
 * product and whether they are sold (one of the product's options), and products by id. A price no longer sold
 * is given the option its line moves to (src/catalog/options/), read with one more query only then.
 */
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { replacementOption } from './options/index.js';
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
  /** One of the product's options: it can be added and bought. */
  sold: boolean;
  /** The option's label as the shopper sees it ("Large"); '' when the product offers no choice. */
  optionLabel: string;
  /** What a line of this price sells at: itself when sold, else the option it moves to (same label, or the only one). */
  sellingPrice: (Price & { optionLabel: string }) | null;
}

/** Compiled once per number of ids (src/db/prepared.ts): every cart read runs it. */
const pricesQuery = prepare((db, ids: readonly string[]) =>
  db
    .selectFrom('prices')
    .innerJoin('products', 'products.id', 'prices.product_id')
    .select([
      'prices.id',
      'prices.num_id',
      'prices.description',
      'products.num_id as product_num_id',
      'products.handle',
      'products.description as product_description',
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
      'products.option_count',
      'prices.option_position',
      'prices.option_label',
    ])
    .where('prices.id', 'in', ids),
);

/** The options of some products, in the shopper's order: where lines of prices no longer sold move. */
async function optionsOf(db: Kysely<Database>, productIds: readonly string[]) {
  const rows = await db
    .selectFrom('prices')
    .select(['id', 'num_id', 'product_id', 'unit_amount', 'currency', 'tax_behavior', 'option_label'])
    .where('product_id', 'in', [...new Set(productIds)])
    .where('option_position', 'is not', null)
    .orderBy('option_position')
    .execute();
  const byProduct = new Map<string, Array<Price & { label: string }>>();
  for (const row of rows) {
    const option = {
      id: row.id,
      numId: Number(row.num_id),
      unitAmount: Number(row.unit_amount),
      currency: row.currency,
      taxBehavior: row.tax_behavior,
      label: row.option_label,
    };
    const list = byProduct.get(row.product_id);
    if (list) list.push(option);
    else byProduct.set(row.product_id, [option]);
  }
  return byProduct;
}

export async function pricesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, PriceDetails>> {
  if (ids.length === 0) return new Map();
  const rows = await pricesQuery.all(db, [...new Set(ids)]);
  const gone = rows.filter((row) => row.option_position === null && row.product_active === 1);
  const options =
    gone.length > 0
      ? await optionsOf(
          db,
          gone.map((row) => row.product_id),
        )
      : new Map<string, Array<Price & { label: string }>>();
  return new Map(
    rows.map((row) => {
      const sold = row.option_position !== null && row.product_active === 1;
      const shownLabel = (label: string, count: number) => (count > 1 ? label : '');
      const base = {
        id: row.id,
        numId: Number(row.num_id),
        unitAmount: Number(row.unit_amount),
        currency: row.currency,
        taxBehavior: row.tax_behavior,
      };
      let sellingPrice: PriceDetails['sellingPrice'] = null;
      if (sold) sellingPrice = { ...base, optionLabel: shownLabel(row.option_label, Number(row.option_count)) };
      else {
        const productOptions = options.get(row.product_id) ?? [];
        const moved = replacementOption({ label: row.option_label, currency: row.currency }, productOptions);
        if (moved)
          sellingPrice = {
            id: moved.id,
            numId: moved.numId,
            unitAmount: moved.unitAmount,
            currency: moved.currency,
            taxBehavior: moved.taxBehavior,
            optionLabel: shownLabel(moved.label, productOptions.length),
          };
      }
      const details: PriceDetails = {
        ...base,
        description: row.description,
        productNumId: Number(row.product_num_id),
        productHandle: row.handle ?? row.product_id,
        productDescription: row.product_description,
        active: row.active === 1,
        oneTime: row.type === 'one_time',
        productId: row.product_id,
        productName: row.name,
        productImage: row.image,
        productActive: row.product_active === 1,
        productShippable: row.product_shippable === 1, // the import decides (shippable metadata, or Type: service)
        sold,
        optionLabel: sold ? shownLabel(row.option_label, Number(row.option_count)) : '',
        sellingPrice,
      };
      return [row.id, details];
    }),
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

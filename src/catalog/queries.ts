/**
 * What the storefront reads: listed products page by page, and single products. Each is one query
 * (products joined to their selling price), never one per product; a single product with a choice of prices reads
 * its options with a second.
 */
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database, TaxBehavior } from '../db/schema.js';
import { stockLevel, UNTRACKED, type StockLevel } from '../stock/stock-levels.js';
import { asCatalogNumber, pricesByIds, resolveNumbers } from './cart-prices.js';

export interface Price {
  id: string;
  /** Stable integer id (Shopify's variant id). */
  numId: number;
  unitAmount: number;
  currency: string;
  /** Whether unitAmount includes tax, as the export said. */
  taxBehavior: TaxBehavior;
}

export interface Product {
  id: string;
  /** Stable integer id (Shopify's product id). */
  numId: number;
  /** Unique URL name: the product page is /products/<handle>. */
  handle: string;
  createdAt: number;
  updatedAt: number;
  name: string;
  description: string;
  image: string | null;
  active: boolean;
  metadata: Record<string, string>;
  /** Sent to an address (false for services and digital goods). */
  shippable: boolean;
  /** Stock as the storefront shows it, read with the product (a sold-out product cannot be added). */
  stock: StockLevel;
  /** The price it sells at when no option is chosen (src/catalog/options/); null when it has none (not sold). */
  price: Price | null;
  /** How many prices it is sold at: more than one, and the shopper chooses (src/catalog/options/). */
  optionCount: number;
  /** Its lowest option's amount (a card's "from ¥X"); null when not listed. */
  fromAmount: number | null;
}

/** One of the prices a product is sold at, as the shopper chooses it. */
export interface ProductOption extends Price {
  /** `option (metadata)` or the nickname; '' when the product offers no choice (or the price has no label). */
  label: string;
}

/** A product as its own page shows it: with every option, in the shopper's order. */
export interface ProductDetail extends Product {
  /** Empty when it is not sold; one option when there is no choice. */
  options: ProductOption[];
}

export interface CatalogPage {
  products: Product[];
  page: number;
  pageCount: number;
  totalProducts: number;
}

export const PAGE_SIZE = 24;

function productQuery(db: Kysely<Database>) {
  return db
    .selectFrom('products')
    .leftJoin('prices', 'prices.id', 'products.default_price_id')
    .leftJoin('stock_levels', 'stock_levels.product_id', 'products.id')
    .select([
      'products.shippable',
      'prices.tax_behavior',
      'stock_levels.on_hand',
      'stock_levels.reserved',
      'products.id',
      'products.name',
      'products.description',
      'products.image',
      'products.active',
      'products.metadata',
      'products.num_id',
      'products.handle',
      'products.created_at',
      'products.updated_at',
      'products.option_count',
      'products.list_price',
      'prices.num_id as price_num_id',
      'prices.id as price_id',
      'prices.unit_amount',
      'prices.currency',
    ]);
}

/** The shop's currency: every JSON cart answer names it. Compiled once. */
const currencyQuery = prepare((db) => db.selectFrom('catalog_state').select('currency').where('id', '=', 1));

/** Products by id, compiled once per number of ids (src/db/prepared.ts): every add runs it. */
const productsQuery = prepare((db, ids: readonly string[]) => productQuery(db).where('products.id', 'in', ids));
/** Products by integer id, likewise: a search's pages (src/search/match-list.ts). */
const productsByNumbersQuery = prepare((db, numbers: readonly number[]) =>
  productQuery(db).where('products.num_id', 'in', numbers),
);

type ProductRow = Awaited<ReturnType<ReturnType<typeof productQuery>['executeTakeFirstOrThrow']>>;

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    numId: Number(row.num_id),
    handle: row.handle ?? row.id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    name: row.name,
    description: row.description,
    image: row.image,
    active: row.active === 1,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    shippable: row.shippable === 1,
    stock:
      row.on_hand === null || row.reserved === null ? UNTRACKED : stockLevel(Number(row.on_hand), Number(row.reserved)),
    price:
      row.price_id && row.currency && row.unit_amount !== null
        ? {
            id: row.price_id,
            numId: Number(row.price_num_id),
            unitAmount: row.unit_amount,
            currency: row.currency,
            taxBehavior: row.tax_behavior ?? 'unspecified',
          }
        : null,
    optionCount: Number(row.option_count),
    fromAmount: row.list_price === null ? null : Number(row.list_price),
  };
}

/** A product's options in the shopper's order (src/catalog/options/ numbered them). */
const optionsQuery = prepare((db, productId: string) =>
  db
    .selectFrom('prices')
    .select(['id', 'num_id', 'unit_amount', 'currency', 'tax_behavior', 'option_label'])
    .where('product_id', '=', productId)
    .where('option_position', 'is not', null)
    .orderBy('option_position'),
);

/** The product with its options: one more query, only when it has a choice to offer. */
async function withOptions(db: Kysely<Database>, product: Product): Promise<ProductDetail> {
  if (product.optionCount <= 1) return { ...product, options: product.price ? [{ ...product.price, label: '' }] : [] };
  const rows = await optionsQuery.all(db, product.id);
  const options = rows.map((row) => ({
    id: row.id,
    numId: Number(row.num_id),
    unitAmount: Number(row.unit_amount),
    currency: row.currency,
    taxBehavior: row.tax_behavior,
    label: row.option_label,
  }));
  return { ...product, options };
}

/** The catalog as the storefront shows it: listed products are numbered 1..N by import, so a page is a range. */
export function createCatalogQueries(db: Kysely<Database>) {
  return {
    /** Page `page` (1-based) of listed products. A page past the end has no products. */
    async listPage(page: number, pageSize = PAGE_SIZE): Promise<CatalogPage> {
      const first = (page - 1) * pageSize + 1;
      const [rows, total] = await Promise.all([
        productQuery(db)
          .where('products.listing_position', '>=', first)
          .where('products.listing_position', '<', first + pageSize)
          .orderBy('products.listing_position')
          .execute(),
        db
          .selectFrom('products')
          .select((eb) => eb.fn.max('listing_position').as('last'))
          .executeTakeFirst(),
      ]);
      const totalProducts = Number(total?.last ?? 0);
      return {
        products: rows.map(toProduct),
        page,
        pageCount: Math.max(1, Math.ceil(totalProducts / pageSize)),
        totalProducts,
      };
    },

    /** One product by id with its options, listed or not (an archived product still has a page that says so). */
    async getProduct(id: string): Promise<ProductDetail | undefined> {
      const row = await productQuery(db).where('products.id', '=', id).executeTakeFirst();
      return row && withOptions(db, toProduct(row));
    },

    /**
     * One product by any of its names: handle, Stripe id, or integer id (in that order). `by` says which matched,
     * so the page can send old links to the handle.
     */
    async findProduct(ref: string): Promise<{ product: ProductDetail; by: 'handle' | 'id' | 'num_id' } | undefined> {
      const byHandle = await productQuery(db).where('products.handle', '=', ref).executeTakeFirst();
      if (byHandle) return { product: await withOptions(db, toProduct(byHandle)), by: 'handle' };
      const byId = await productQuery(db).where('products.id', '=', ref).executeTakeFirst();
      if (byId) return { product: await withOptions(db, toProduct(byId)), by: 'id' };
      const number = asCatalogNumber(ref);
      const byNumber =
        number === undefined
          ? undefined
          : await productQuery(db).where('products.num_id', '=', number).executeTakeFirst();
      return byNumber && { product: await withOptions(db, toProduct(byNumber)), by: 'num_id' };
    },

    /** Integer ids (as sent: `42`) -> the Stripe id of the product or price they name; anything else is left out. */
    resolveNumbers: (refs: readonly string[]) => resolveNumbers(db, refs),

    /** Products by id, in one query; ids that do not exist are absent from the map. */
    async productsByIds(ids: readonly string[]): Promise<Map<string, Product>> {
      if (ids.length === 0) return new Map();
      const rows = await productsQuery.all(db, [...new Set(ids)]);
      return new Map(rows.map((row) => [row.id, toProduct(row)]));
    },

    /** Products by integer id, in one query; numbers that do not exist are absent from the map. */
    async productsByNumIds(numbers: readonly number[]): Promise<Map<number, Product>> {
      if (numbers.length === 0) return new Map();
      const rows = await productsByNumbersQuery.all(db, [...new Set(numbers)]);
      return new Map(rows.map((row) => [Number(row.num_id), toProduct(row)]));
    },

    /** Prices by id with their product and its selling price, in one query (what a cart shows and sells). */
    pricesByIds: (ids: readonly string[]) => pricesByIds(db, ids),

    /** The shop's currency (lower-case ISO), what an empty cart is in; null for an empty catalog. */
    async shopCurrency(): Promise<string | null> {
      const row = await currencyQuery.first(db);
      return row?.currency ?? null;
    },

    /** True when the catalog has no products at all (a fresh shop). */
    async isEmpty(): Promise<boolean> {
      const row = await db.selectFrom('products').select('id').limit(1).executeTakeFirst();
      return row === undefined;
    },
  };
}

export type CatalogQueries = ReturnType<typeof createCatalogQueries>;

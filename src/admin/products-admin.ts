/**
 * The console's view of the catalog: products by name, keyset-paged (a page costs the same on the last page as on
 * the first), searched by name or filtered to those running low; and one product with its prices and stock.
 * Stock levels come from the stock module's one query (stock-levels.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, TaxBehavior } from '../db/schema.js';
import { createStockLevels, type StockLevel } from '../stock/stock-levels.js';

export const PRODUCTS_PAGE_SIZE = 50;
/** Longer searches are cut: no product name needs more. */
export const MAX_SEARCH_LENGTH = 200;

export interface ProductSummary {
  id: string;
  name: string;
  active: boolean;
  /** The price the shop sells it at when none is chosen (src/catalog/options/); null when it has none. */
  price: { amount: number; currency: string } | null;
  stock: StockLevel;
}

export interface ProductList {
  products: ProductSummary[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

export interface ProductListQuery {
  search?: string;
  /** Only active, counted products with fewer than LOW_STOCK left (sold out included), as the home page counts them. */
  low?: boolean;
  /** From a previous page's `next`. */
  after?: string;
  limit?: number;
}

export interface ProductPrice {
  id: string;
  amount: number;
  currency: string;
  type: 'one_time' | 'recurring';
  interval: string | null;
  intervalCount: number | null;
  taxBehavior: TaxBehavior;
  active: boolean;
  /** Sold in the cart (one of the product's options). */
  selling: boolean;
  /** The option's label when the product offers several; '' otherwise. */
  option: string;
}

export interface ProductDetail {
  id: string;
  name: string;
  description: string;
  active: boolean;
  image: string | null;
  shippable: boolean;
  createdAt: number;
  updatedAt: number;
  prices: ProductPrice[];
  stock: StockLevel;
}

/** A cursor that cannot be read (edited by hand, or from another version). */
export class BadCursor extends Error {
  override name = 'BadCursor';
}

export interface ProductsAdmin {
  list(query: ProductListQuery): Promise<ProductList>;
  get(id: string): Promise<ProductDetail | undefined>;
}

const encodeCursor = (name: string, id: string) => Buffer.from(JSON.stringify([name, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string'))
      return value as [string, string];
  } catch {
    // fall through
  }
  throw new BadCursor('the page cursor is not one this shop made');
}

/** `%`, `_` and `\` match themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export function createProductsAdmin(db: Kysely<Database>, options: { lowStock: number }): ProductsAdmin {
  const stock = createStockLevels(db);
  return {
    async list({ search, low, after, limit = PRODUCTS_PAGE_SIZE }) {
      let query = db
        .selectFrom('products as p')
        .leftJoin('prices as pr', 'pr.id', 'p.default_price_id')
        .select(['p.id', 'p.name', 'p.active', 'pr.unit_amount', 'pr.currency'])
        .orderBy('p.name')
        .orderBy('p.id')
        .limit(limit + 1);
      const text = search?.trim().slice(0, MAX_SEARCH_LENGTH);
      // Case-insensitive on both databases (SQLite's LIKE already is for ASCII; lower() covers the rest alike).
      if (text) query = query.where(sql<boolean>`lower(p.name) like lower(${likePattern(text)}) escape '\\'`);
      if (low)
        query = query.where('p.active', '=', 1).where((eb) =>
          eb.exists(
            eb
              .selectFrom('stock_levels as s')
              .select('s.product_id')
              .whereRef('s.product_id', '=', 'p.id')
              .where(sql<boolean>`s.on_hand - s.reserved < ${options.lowStock}`),
          ),
        );
      if (after) {
        const [name, id] = decodeCursor(after);
        query = query.where((eb) => eb(eb.refTuple('p.name', 'p.id'), '>', eb.tuple(name, id)));
      }
      const rows = await query.execute();
      const page = rows.slice(0, limit);
      const levels = await stock.levels(page.map((row) => row.id));
      const last = page.at(-1);
      return {
        products: page.map((row) => ({
          id: row.id,
          name: row.name,
          active: Number(row.active) === 1,
          price:
            row.unit_amount === null || row.currency === null
              ? null
              : { amount: Number(row.unit_amount), currency: row.currency },
          stock: levels.get(row.id)!,
        })),
        next: rows.length > limit && last ? encodeCursor(last.name, last.id) : null,
      };
    },

    async get(id) {
      const product = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
      if (!product) return undefined;
      const prices = await db
        .selectFrom('prices')
        .selectAll()
        .where('product_id', '=', id)
        .orderBy('active', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      const levels = await stock.levels([id]);
      return {
        id: product.id,
        name: product.name,
        description: product.description,
        active: Number(product.active) === 1,
        image: product.image,
        shippable: Number(product.shippable) === 1,
        createdAt: Number(product.created_at),
        updatedAt: Number(product.updated_at),
        prices: prices.map((price) => ({
          id: price.id,
          amount: Number(price.unit_amount),
          currency: price.currency,
          type: price.type,
          interval: price.recurring_interval,
          intervalCount: price.recurring_interval_count === null ? null : Number(price.recurring_interval_count),
          taxBehavior: price.tax_behavior,
          active: Number(price.active) === 1,
          // Sold: one of the product's options (src/catalog/options/), labelled when the shopper chooses among several.
          selling: price.option_position !== null,
          option: Number(product.option_count) > 1 && price.option_position !== null ? price.option_label : '',
        })),
        stock: levels.get(id)!,
      };
    },
  };
}

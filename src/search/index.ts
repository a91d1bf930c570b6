/**
 * Finding products: search, collections, sorted and filtered lists, and the lists a sitemap needs. What the web
 * layer calls; products come back whole (through the catalog's queries), in the order asked.
 */
import type { Kysely } from 'kysely';
import type { CatalogQueries, Product } from '../catalog/index.js';
import type { Database } from '../db/schema.js';
import type { BrowseRequest } from './browse-options.js';
import { createBrowseQueries } from './browse-queries.js';
import { createKeptListProducts } from './kept-list-products.js';
import { createMatchCache } from './match-cache.js';
import { listCollections, listedProductCount, listedProductPage, type Collection } from './collections.js';

export {
  MAX_BROWSE_PAGE,
  SORT_LABELS,
  SORTS,
  type BrowseFilter,
  type BrowseRequest,
  type SortKey,
} from './browse-options.js';
export { BROWSE_PAGE_SIZE } from './browse-queries.js';
export type { Collection } from './collections.js';
export { foldText, MAX_QUERY_LENGTH, queryTerms } from './search-text.js';

export interface ProductList {
  products: Product[];
  page: number;
  hasNext: boolean;
  approximate: boolean;
}

export interface FinderOptions {
  /**
   * The catalog's version: with it, searches keep their matches (match-cache.ts) and lists their products
   * (kept-list-products.ts) in memory while it stays the same.
   */
  catalogVersion?: () => number;
}

export function createProductFinder(db: Kysely<Database>, catalog: CatalogQueries, options: FinderOptions = {}) {
  const version = options.catalogVersion;
  const browse = createBrowseQueries(db, version && createMatchCache(version));
  const kept = createKeptListProducts(catalog, version);
  return {
    async list(request: BrowseRequest, pageSize?: number): Promise<ProductList> {
      const seenVersion = version?.() ?? 0; // before the list is read: see kept-list-products.ts
      const result = await browse.browse(request, pageSize);
      const numbers = result.productNumbers;
      const found = await (numbers ? kept.byNumbers(numbers, seenVersion) : kept.byIds(result.productIds, seenVersion));
      const products = found.filter((product): product is Product => product !== undefined);
      return { products, page: result.page, hasNext: result.hasNext, approximate: result.approximate };
    },
    collections: (): Promise<Collection[]> => listCollections(db),
    listedProductPage: (offset: number, limit: number) => listedProductPage(db, offset, limit),
    listedProductCount: () => listedProductCount(db),
  };
}

export type ProductFinder = ReturnType<typeof createProductFinder>;

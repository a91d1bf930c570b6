/**
 * What a shopper can ask of a product list: the sort orders and filters of catalog, collection and search pages
 * (Shopify's `sort_by` values), and the page. Pure; the web layer reads them from the query string.
 */

export const SORTS = [
  'created-descending',
  'price-ascending',
  'price-descending',
  'title-ascending',
  'relevance',
] as const;
export type SortKey = (typeof SORTS)[number];

export const SORT_LABELS: Record<SortKey, string> = {
  relevance: 'Best match',
  'created-descending': 'Newest',
  'price-ascending': 'Price, low to high',
  'price-descending': 'Price, high to low',
  'title-ascending': 'Name, A to Z',
};

export interface BrowseFilter {
  /** Lowest price, in the minor unit of the listed price's currency (inclusive). */
  minPrice?: number;
  /** Highest price, likewise (inclusive). */
  maxPrice?: number;
  /** Only products that can be bought now (untracked, or counted with some left). */
  inStock: boolean;
}

export interface BrowseRequest {
  /** A collection's handle; undefined lists every product (`/collections/all`, `/`). */
  collection?: string;
  /** The search query's words (src/search/search-text.ts queryTerms), when this is a search. */
  terms?: string[];
  sort: SortKey;
  filter: BrowseFilter;
  /** 1-based. */
  page: number;
}

/** Pages of a filtered or sorted list know whether another follows (no count of the whole list per request). */
export interface BrowseResult {
  productIds: string[];
  /** The page's products by integer id instead (a search cut from its cached matches); productIds is then empty. */
  productNumbers?: number[];
  page: number;
  hasNext: boolean;
  /** The search found nothing as typed and these are near matches (typos). */
  approximate: boolean;
}

/** Deepest page a sorted or filtered list serves: past it a shopper should narrow the list (keeps OFFSET bounded). */
export const MAX_BROWSE_PAGE = 500;

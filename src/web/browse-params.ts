/**
 * The query string of catalog, collection and search pages, read strictly into one normal form: known parameters
 * (Shopify's names: `sort_by`, `filter.v.price.gte`/`.lte` in the shop currency's major units,
 * `filter.v.availability=1`, `page`, and `q` on search) with bad values refused (400), unknown ones ignored
 * (shared links carry `utm_*` and `fbclid`), defaults dropped. The normal form is the page's canonical query and its
 * cache key, so junk query strings all land on a few keys.
 */
import { majorToMinor, minorToMajor } from '../money/index.js';
import {
  MAX_BROWSE_PAGE,
  MAX_QUERY_LENGTH,
  queryTerms,
  SORTS,
  type BrowseFilter,
  type SortKey,
} from '../search/index.js';
import type { RefusalNaming } from '../refusals/words.js';
import { HttpError } from './errors.js';

export interface BrowseParams {
  sort: SortKey;
  filter: BrowseFilter;
  page: number;
  /** Search only: the query as typed (trimmed), and its words. */
  query?: string;
  terms?: string[];
  /** The normal query string (`?sort_by=...`, or '' for the defaults), without `page`. */
  canonicalQuery: string;
  /** True when anything but the page differs from the plain list (a sort or a filter). */
  refined: boolean;
}

type Query = Record<string, unknown>;

const AMOUNT = /^[0-9]{1,9}(\.[0-9]{1,3})?$/;
const PAGE = /^[1-9][0-9]{0,5}$/;

const bad = (code: string, title: string, description: string, words?: RefusalNaming) =>
  new HttpError(400, code, title, description, words);

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad('invalid_parameter', 'Invalid address', `"${name}" may be given once.`);
  return value;
}

function amount(query: Query, name: string, currency: string | null): number | undefined {
  const value = single(query, name)?.trim();
  if (value === undefined || value === '') return undefined;
  if (!AMOUNT.test(value) || !currency)
    throw bad('invalid_price_filter', 'Invalid price', 'A price filter must be an amount such as 1500 or 12.50.');
  try {
    return majorToMinor(value, currency);
  } catch {
    throw bad(
      'invalid_price_filter',
      'Invalid price',
      `A price filter has more decimals than ${currency.toUpperCase()} has.`,
      { variant: 'decimals', values: { currency: currency.toUpperCase() } },
    );
  }
}

export function readBrowseParams(query: Query, options: { currency: string | null; search?: boolean }): BrowseParams {
  const sortValue = single(query, 'sort_by') || undefined;
  const defaultSort: SortKey = options.search ? 'relevance' : 'created-descending';
  if (sortValue !== undefined && !(SORTS as readonly string[]).includes(sortValue)) {
    throw bad(
      'invalid_sort',
      'Invalid sort order',
      `Sort by one of: ${SORTS.filter((s) => options.search || s !== 'relevance').join(', ')}.`,
      { values: { sorts: SORTS.filter((s) => options.search || s !== 'relevance').join(', ') } },
    );
  }
  const sort = (sortValue as SortKey | undefined) ?? defaultSort;
  if (sort === 'relevance' && !options.search)
    throw bad('invalid_sort', 'Invalid sort order', 'Best match sorts search results only.', { variant: 'searchOnly' });
  const availability = single(query, 'filter.v.availability');
  if (availability !== undefined && availability !== '' && availability !== '1')
    throw bad('invalid_availability_filter', 'Invalid filter', 'filter.v.availability takes 1 (in stock only).');
  const minPrice = amount(query, 'filter.v.price.gte', options.currency);
  const maxPrice = amount(query, 'filter.v.price.lte', options.currency);
  const pageValue = single(query, 'page');
  if (pageValue !== undefined && !PAGE.test(pageValue))
    throw bad('invalid_page', 'Invalid page', 'The page number must be a whole number from 1.');
  const page = pageValue === undefined ? 1 : Number(pageValue);
  const filter: BrowseFilter = { inStock: availability === '1', minPrice, maxPrice };
  const refined = sort !== defaultSort || filter.inStock || minPrice !== undefined || maxPrice !== undefined;
  if (refined && page > MAX_BROWSE_PAGE)
    throw bad(
      'page_too_deep',
      'Too many pages',
      `Sorted and filtered lists show ${MAX_BROWSE_PAGE} pages; narrow the list to see more.`,
      { values: { max: MAX_BROWSE_PAGE } },
    );

  const parts: string[] = [];
  let search: { query: string; terms: string[] } | undefined;
  if (options.search) {
    const q = (single(query, 'q') ?? '').trim();
    if (Array.from(q).length > MAX_QUERY_LENGTH)
      throw bad('query_too_long', 'Search too long', `A search may be at most ${MAX_QUERY_LENGTH} characters.`, {
        values: { max: MAX_QUERY_LENGTH },
      });
    const terms = queryTerms(q);
    search = { query: q, terms };
    if (terms.length > 0) parts.push(`q=${encodeURIComponent(terms.join(' '))}`);
  }
  if (sort !== defaultSort) parts.push(`sort_by=${sort}`);
  if (filter.inStock) parts.push('filter.v.availability=1');
  if (minPrice !== undefined) parts.push(`filter.v.price.gte=${minorToMajor(minPrice, options.currency!)}`);
  if (maxPrice !== undefined) parts.push(`filter.v.price.lte=${minorToMajor(maxPrice, options.currency!)}`);
  return {
    sort,
    filter,
    page,
    query: search?.query,
    terms: search?.terms,
    canonicalQuery: parts.length ? `?${parts.join('&')}` : '',
    refined,
  };
}

/** The URL of page `page` of a list: its path, its normal query, and `page` when past the first. */
export function pageUrl(path: string, canonicalQuery: string, page: number): string {
  if (page === 1) return `${path}${canonicalQuery}`;
  return `${path}${canonicalQuery ? `${canonicalQuery}&` : '?'}page=${page}`;
}

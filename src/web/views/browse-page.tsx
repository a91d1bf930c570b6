/**
 * Collection, search and sorted catalog pages: the sort and filter form (a plain GET, works without JavaScript),
 * the product grid, and previous/next links that keep the query.
 */
import type { Child } from 'hono/jsx';
import type { Product } from '../../catalog/index.js';
import { SORT_LABELS, SORTS, type SortKey } from '../../search/index.js';
import type { BrowseParams } from '../browse-params.js';
import { pageUrl } from '../browse-params.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { ProductCard } from './product-card.js';
import type { SeoFacts } from './seo-head.js';
import { SeoHead } from './seo-head.js';

/** Cards in the first rows load at once; the rest lazily (below the fold on every screen). */
const EAGER_CARDS = 4;

export function ListControls({ action, params, priceFilter }: { action: string; params: BrowseParams; priceFilter: { min?: string; max?: string } }) {
  const sorts = SORTS.filter((sort) => params.query !== undefined || sort !== 'relevance');
  return (
    <form class="list-controls" action={action} method="get" aria-label="Sort and filter">
      {params.query !== undefined ? <input type="hidden" name="q" value={params.query} /> : null}
      <label>
        Sort by{' '}
        <select name="sort_by">
          {sorts.map((sort: SortKey) => (
            <option value={sort} selected={sort === params.sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Price from <input type="text" inputmode="decimal" name="filter.v.price.gte" value={priceFilter.min ?? ''} size={7} />
      </label>
      <label>
        to <input type="text" inputmode="decimal" name="filter.v.price.lte" value={priceFilter.max ?? ''} size={7} />
      </label>
      <label>
        <input type="checkbox" name="filter.v.availability" value="1" checked={params.filter.inStock} /> In stock only
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

export function ProductGrid({ ctx, products, addForm }: { ctx: PageContext; products: Product[]; addForm?: (product: Product) => unknown }) {
  return (
    <ul class="product-grid" role="list">
      {products.map((product, index) => (
        <ProductCard ctx={ctx} product={product} eager={index < EAGER_CARDS} action={addForm?.(product) as never} />
      ))}
    </ul>
  );
}

export function ListPagination({ path, query, page, hasNext }: { path: string; query: string; page: number; hasNext: boolean }) {
  if (page === 1 && !hasNext) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={pageUrl(path, query, page - 1)} rel="prev">
          ← Previous
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
      <span aria-current="page">Page {page}</span>
      {hasNext ? (
        <a href={pageUrl(path, query, page + 1)} rel="next">
          Next →
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
    </nav>
  );
}

export interface BrowsePageProps {
  ctx: PageContext;
  title: string;
  heading: string;
  seo: SeoFacts;
  crumbs: Array<{ name: string; href?: string }>;
  listing: Child;
}

export function BrowsePageView({ ctx, title, heading, seo, crumbs, listing }: BrowsePageProps) {
  return (
    <Layout ctx={ctx} title={title} description={seo.description} head={<SeoHead seo={seo} ctx={ctx} />}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        {crumbs.map((crumb, index) => (
          <>
            {index > 0 ? <span aria-hidden="true"> › </span> : null}
            {crumb.href ? <a href={crumb.href}>{crumb.name}</a> : <span aria-current="page">{crumb.name}</span>}
          </>
        ))}
      </nav>
      <h1 class="page-title">{heading}</h1>
      {listing}
    </Layout>
  );
}

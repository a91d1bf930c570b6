/**
 * Collection, search and sorted catalog pages: the sort and filter form (a plain GET, works without JavaScript),
 * the page around the product grid (src/web/views/list-cards.tsx), and previous/next links that keep the query.
 */
import type { Child } from 'hono/jsx';
import { SORTS, type SortKey } from '../../search/index.js';
import type { BrowseParams } from '../browse-params.js';
import { pageUrl } from '../browse-params.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import type { SeoFacts } from './seo-head.js';
import { SeoHead } from './seo-head.js';

export function ListControls({
  ctx,
  action,
  params,
  priceFilter,
}: {
  ctx: Pick<PageContext, 't'>;
  action: string;
  params: BrowseParams;
  priceFilter: { min?: string; max?: string };
}) {
  const sorts = SORTS.filter((sort) => params.query !== undefined || sort !== 'relevance');
  return (
    <form class="list-controls" action={action} method="get" aria-label={ctx.t('list.controls')}>
      {params.query !== undefined ? <input type="hidden" name="q" value={params.query} /> : null}
      <label>
        {ctx.t('list.sortBy')}{' '}
        <select name="sort_by">
          {sorts.map((sort: SortKey) => (
            <option value={sort} selected={sort === params.sort}>
              {ctx.t(`sort.${sort}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {ctx.t('list.priceFrom')}{' '}
        <input type="text" inputmode="decimal" name="filter.v.price.gte" value={priceFilter.min ?? ''} size={7} />
      </label>
      <label>
        {ctx.t('list.priceTo')}{' '}
        <input type="text" inputmode="decimal" name="filter.v.price.lte" value={priceFilter.max ?? ''} size={7} />
      </label>
      <label>
        <input type="checkbox" name="filter.v.availability" value="1" checked={params.filter.inStock} />{' '}
        {ctx.t('list.inStock')}
      </label>
      <button type="submit">{ctx.t('list.apply')}</button>
    </form>
  );
}

export function ListPagination({
  ctx,
  path,
  query,
  page,
  hasNext,
}: {
  ctx: Pick<PageContext, 't'>;
  path: string;
  query: string;
  page: number;
  hasNext: boolean;
}) {
  if (page === 1 && !hasNext) return null;
  return (
    <nav class="pagination" aria-label={ctx.t('pagination.label')}>
      {page > 1 ? (
        <a href={pageUrl(path, query, page - 1)} rel="prev">
          {ctx.t('pagination.previous')}
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
      <span aria-current="page">{ctx.t('pagination.page', { page })}</span>
      {hasNext ? (
        <a href={pageUrl(path, query, page + 1)} rel="next">
          {ctx.t('pagination.next')}
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
      <nav class="breadcrumbs" aria-label={ctx.t('breadcrumb.label')}>
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

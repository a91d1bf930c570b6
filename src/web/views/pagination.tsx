/** Previous / next links and "page N of M" for the catalog. */
import type { PageContext } from './page-context.js';

export function Pagination({ ctx, page, pageCount }: { ctx: Pick<PageContext, 't'>; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const href = (n: number) => (n === 1 ? '/' : `/?page=${n}`);
  return (
    <nav class="pagination" aria-label={ctx.t('pagination.label')}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {ctx.t('pagination.previous')}
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
      <span aria-current="page">{ctx.t('pagination.pageOf', { page, count: pageCount })}</span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          {ctx.t('pagination.next')}
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
    </nav>
  );
}

/** Previous / next links and "page N of M" for the catalog. */
export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const href = (n: number) => (n === 1 ? '/' : `/?page=${n}`);
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Previous
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          Next →
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
    </nav>
  );
}

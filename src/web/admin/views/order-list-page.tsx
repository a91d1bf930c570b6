/**
 * /admin/orders: the orders needing review at the top, with why; tabs; a search; one page of the tab as a table,
 * newest first; links to the newer and older pages; the tab and search as CSV. Plain links and a GET form: no
 * JavaScript needed.
 */
import { orderNumber } from '../../../checkout/ids.js';
import {
  encodeCursor,
  ORDER_TABS,
  TAB_LABELS,
  type OrderListPage,
  type OrderListQuery,
  type OrderListRow,
  type OrderTab,
} from '../../../admin/orders/index.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';
import { orderStateText, reviewReasonText } from './order-words.js';
import { TableScroll } from './table-scroll.js';

export interface OrderListPageProps {
  ctx: AdminPageContext;
  query: OrderListQuery;
  page: OrderListPage;
  review: { count: number; orders: OrderListRow[] };
}

/** `/admin/orders?tab=..&q=..` plus more parameters; the defaults are left out. */
export function listHref(base: string, tab: OrderTab, search: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    ...(tab === 'to_ship' ? {} : { tab }),
    ...(search ? { q: search } : {}),
    ...extra,
  });
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

const orderHref = (id: string) => `/admin/orders/${encodeURIComponent(id)}`;

function ReviewPanel({ review, ctx }: { review: OrderListPageProps['review']; ctx: AdminPageContext }) {
  if (review.count === 0) return null;
  return (
    <section class="console-problem order-review" aria-labelledby="review-heading">
      <h2 id="review-heading">{review.count === 1 ? '1 order needs review' : `${review.count} orders need review`}</h2>
      <p>Check these before packing: the payment or the stock did not match the order.</p>
      <ul>
        {review.orders.map((row) => (
          <li data-review-order={row.id}>
            <a href={orderHref(row.id)}>{orderNumber(row.id)}</a> ({ctx.formatPrice(row.total, row.currency)},{' '}
            {row.name ?? row.email ?? 'no contact'}): {reviewReasonText(row.reviewReason)}
          </li>
        ))}
      </ul>
      {review.count > review.orders.length ? (
        <p>
          <a href="/admin/orders?tab=review">All {review.count} orders needing review</a>
        </p>
      ) : null}
    </section>
  );
}

function Tabs({ query }: { query: OrderListQuery }) {
  return (
    <nav aria-label="Order lists">
      <ul class="order-tabs">
        {ORDER_TABS.map((tab) => (
          <li>
            <a
              href={listHref('/admin/orders', tab, query.search)}
              aria-current={tab === query.tab ? 'page' : undefined}
            >
              {TAB_LABELS[tab]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Search({ query }: { query: OrderListQuery }) {
  return (
    <form method="get" action="/admin/orders" class="order-search" role="search">
      {query.tab === 'to_ship' ? null : <input type="hidden" name="tab" value={query.tab} />}
      <label for="order-search">Search by order number, email or name</label>
      <input id="order-search" name="q" type="search" value={query.search} maxlength={200} />
      <button type="submit" class="console-button">
        Search
      </button>
      {query.search ? <a href={listHref('/admin/orders', query.tab, '')}>Clear search</a> : null}
    </form>
  );
}

function Rows({ rows, ctx }: { rows: OrderListRow[]; ctx: AdminPageContext }) {
  return (
    <tbody>
      {rows.map((row) => (
        <tr data-order={row.id} class={row.status === 'review' ? 'order-row--review' : undefined}>
          <th scope="row">
            <a href={orderHref(row.id)}>{orderNumber(row.id)}</a>
          </th>
          <td>{ctx.formatTime(row.createdAt)}</td>
          <td>
            {row.name ?? ''}
            {row.name && row.email ? <br /> : null}
            {row.email ?? (row.name ? '' : '—')}
          </td>
          <td class="num">{ctx.formatPrice(row.total, row.currency)}</td>
          <td>
            {orderStateText(row)}
            {row.status === 'review' ? <span class="order-flag">: {reviewReasonText(row.reviewReason)}</span> : null}
          </td>
          <td>{row.shipCountry ?? '—'}</td>
        </tr>
      ))}
    </tbody>
  );
}

function Pages({ query, page }: { query: OrderListQuery; page: OrderListPage }) {
  if (!page.newer && !page.older) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page.newer ? (
        <a href={listHref('/admin/orders', query.tab, query.search, { before: encodeCursor(page.newer) })} rel="prev">
          ← Newer orders
        </a>
      ) : null}
      {query.after || query.before ? <a href={listHref('/admin/orders', query.tab, query.search)}>Newest</a> : null}
      {page.older ? (
        <a href={listHref('/admin/orders', query.tab, query.search, { after: encodeCursor(page.older) })} rel="next">
          Older orders →
        </a>
      ) : null}
    </nav>
  );
}

export function OrderListPageView({ ctx, query, page, review }: OrderListPageProps) {
  const caption = `${TAB_LABELS[query.tab]}${query.tab === 'all' ? ' orders' : ''}, newest first${query.search ? `, matching “${query.search}”` : ''}`;
  return (
    <AdminLayout ctx={ctx} title="Orders" section="orders">
      <h1>Orders</h1>
      <ReviewPanel review={review} ctx={ctx} />
      <Tabs query={query} />
      <Search query={query} />
      <p>
        <a href={listHref('/admin/orders/export.csv', query.tab, query.search)} download>
          Download these orders as CSV
        </a>{' '}
        (one row per item, with the delivery address)
      </p>
      {page.orders.length === 0 ? (
        <p data-empty>{query.search ? 'No orders match this search here.' : 'No orders here.'}</p>
      ) : (
        <TableScroll label={caption}>
          <table class="console-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Customer</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">State</th>
                <th scope="col">Ship to</th>
              </tr>
            </thead>
            <Rows rows={page.orders} ctx={ctx} />
          </table>
        </TableScroll>
      )}
      <Pages query={query} page={page} />
    </AdminLayout>
  );
}

/** The console's home: today's and this month's paid orders per currency (UTC), orders to ship, stock running low. */
import type { HomeFigures, PaidTotals } from '../../../admin/home-figures.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';
import { TableScroll } from './table-scroll.js';

function Totals({
  ctx,
  id,
  title,
  totals,
}: {
  ctx: AdminPageContext;
  id: string;
  title: string;
  totals: PaidTotals[];
}) {
  return (
    <section aria-labelledby={id} class="console-card">
      <h2 id={id}>{title}</h2>
      {totals.length === 0 ? (
        <p>No paid orders.</p>
      ) : (
        <TableScroll label={`${title}: paid orders and revenue by currency`}>
          <table class="console-table">
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col" class="num">
                  Paid orders
                </th>
                <th scope="col" class="num">
                  Revenue
                </th>
                <th scope="col" class="num">
                  Refunded since
                </th>
              </tr>
            </thead>
            <tbody>
              {totals.map((row) => (
                <tr>
                  <th scope="row">{row.currency.toUpperCase()}</th>
                  <td class="num">{row.orders}</td>
                  <td class="num">{ctx.formatPrice(row.paid, row.currency)}</td>
                  <td class="num">{ctx.formatPrice(row.refunded, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function HomePage({ ctx, figures }: { ctx: AdminPageContext; figures: HomeFigures }) {
  const { lowStock } = figures;
  const day = ctx.formatDay;
  const zone = ctx.timeZone;
  return (
    <AdminLayout ctx={ctx} title="Home" section="home">
      <h1>{ctx.shopName}</h1>
      <p>
        Days and months are in {zone}: today is {day(figures.dayStart)} {zone}; figures as of{' '}
        {ctx.formatTime(figures.now)}. Revenue is what shoppers paid, before refunds.
      </p>
      <div class="console-cards">
        <Totals ctx={ctx} id="today" title={`Today (${day(figures.dayStart)}, ${zone})`} totals={figures.today} />
        <Totals
          ctx={ctx}
          id="month"
          title={`This month (${day(figures.monthStart).slice(0, 7)}, ${zone})`}
          totals={figures.month}
        />
        <section aria-labelledby="to-ship" class="console-card">
          <h2 id="to-ship">Waiting to ship</h2>
          <p>
            <strong>{figures.toShip}</strong> paid {figures.toShip === 1 ? 'order' : 'orders'} not shipped yet.{' '}
            <a href="/admin/orders?tab=to_ship">Orders to ship</a>
          </p>
        </section>
        <section aria-labelledby="low-stock" class="console-card">
          <h2 id="low-stock">Stock running low</h2>
          <p>
            <strong>{lowStock.count}</strong> active {lowStock.count === 1 ? 'product has' : 'products have'} fewer than{' '}
            {lowStock.threshold} left (<code>LOW_STOCK</code>).{' '}
            {lowStock.count > 0 ? <a href="/admin/products?stock=low">See them all</a> : null}
          </p>
          {lowStock.first.length > 0 ? (
            <ul>
              {lowStock.first.map((product) => (
                <li>
                  <a href={`/admin/products/${encodeURIComponent(product.id)}`}>{product.name}</a>:{' '}
                  {product.available === 0 ? 'sold out' : `${product.available} left`}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
    </AdminLayout>
  );
}

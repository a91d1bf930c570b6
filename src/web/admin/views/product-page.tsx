/** One product: its details, prices, stock (with the form to count it), and everything the console did to it. */
import type { AuditRecord } from '../../../admin/audit-log.js';
import type { ProductDetail } from '../../../admin/products-admin.js';
import { MAX_STOCK } from '../../../catalog/import/fields.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';
import { stockText } from './stock-text.js';
import { TableScroll } from './table-scroll.js';

const NOTICES: Record<string, string> = {
  stock_set: 'The stock count was saved.',
  stock_untracked: 'The product is no longer counted: it never sells out.',
};

export interface ProductPageProps {
  ctx: AdminPageContext;
  product: ProductDetail;
  history: AuditRecord[];
  notice?: string;
  /** A refused stock change, and what was typed. */
  problem?: string;
  typed?: string;
}

function historyLine(record: AuditRecord): string {
  if (record.action === 'stock.adjusted') {
    const level = (value: unknown) =>
      value && typeof value === 'object' && 'onHand' in value ? `${String(value.onHand)} on hand` : 'not counted';
    return `Stock: ${level(record.details.from)} → ${level(record.details.to)}`;
  }
  return `${record.action} ${JSON.stringify(record.details)}`;
}

export function ProductPage({ ctx, product, history, notice, problem, typed }: ProductPageProps) {
  const noticeText = notice ? NOTICES[notice] : undefined;
  const value = typed ?? (product.stock.tracked ? String(product.stock.onHand) : '');
  return (
    <AdminLayout ctx={ctx} title={product.name} section="products">
      <p>
        <a href="/admin/products">All products</a>
      </p>
      <h1>{product.name}</h1>
      {noticeText ? (
        <p class="console-notice" role="status">
          {noticeText}
        </p>
      ) : null}
      <dl class="console-facts">
        <dt>Id</dt>
        <dd>
          <code>{product.id}</code>
        </dd>
        <dt>Status</dt>
        <dd>{product.active ? 'active (for sale)' : 'inactive (not for sale)'}</dd>
        <dt>Shipped</dt>
        <dd>{product.shippable ? 'yes' : 'no (digital good or service)'}</dd>
        <dt>Updated</dt>
        <dd>{ctx.formatTime(product.updatedAt)}</dd>
      </dl>
      {product.active ? (
        <p>
          <a href={`/products/${encodeURIComponent(product.id)}`}>See it in the shop</a>
        </p>
      ) : null}

      <h2 id="prices">Prices</h2>
      {product.prices.length === 0 ? (
        <p>No prices: the product cannot be sold until an import gives it one.</p>
      ) : (
        <TableScroll label="Prices">
          <table class="console-table" aria-labelledby="prices">
            <thead>
              <tr>
                <th scope="col">Price id</th>
                <th scope="col" class="num">
                  Amount
                </th>
                <th scope="col">Kind</th>
                <th scope="col">Tax</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {product.prices.map((price) => (
                <tr>
                  <td>
                    <code>{price.id}</code>
                  </td>
                  <td class="num">{ctx.formatPrice(price.amount, price.currency)}</td>
                  <td>
                    {price.type === 'recurring'
                      ? `every ${price.intervalCount ?? 1} ${price.interval ?? ''} (not sold in the cart)`
                      : 'one-time'}
                  </td>
                  <td>{price.taxBehavior}</td>
                  <td>
                    {price.selling
                      ? price.option
                        ? `sold: option “${price.option}”`
                        : 'sold at this price'
                      : price.active
                        ? 'active'
                        : 'inactive'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 id="stock">Stock</h2>
      <p>
        Now: <strong>{stockText(product.stock)}</strong>.
      </p>
      {problem ? (
        <p class="console-problem" role="alert" id="stock-problem">
          {problem}
        </p>
      ) : null}
      <form method="post" action={`/admin/products/${encodeURIComponent(product.id)}/stock`} class="console-form">
        <label for="count">Number on hand (a whole number from 0 to {MAX_STOCK.toLocaleString('en')})</label>
        <input
          id="count"
          name="count"
          type="number"
          inputmode="numeric"
          min={0}
          max={MAX_STOCK}
          step={1}
          value={value}
          aria-describedby={problem ? 'stock-problem' : 'stock-help'}
        />
        <p id="stock-help">
          What checkouts hold stays held. A later import with a new <code>stock (metadata)</code> number replaces this
          count; the same number as before keeps it.
        </p>
        <button type="submit" name="action" value="set" class="console-button">
          Save the count
        </button>
        {product.stock.tracked ? (
          <button
            type="submit"
            name="action"
            value="untrack"
            class="console-button console-button--quiet"
            formnovalidate
          >
            Stop counting
          </button>
        ) : null}
      </form>

      <h2>History</h2>
      {history.length === 0 ? (
        <p>No changes were made to this product in the console.</p>
      ) : (
        <ol class="console-history">
          {history.map((record) => (
            <li>
              <time datetime={new Date(record.at).toISOString()}>{ctx.formatTime(record.at)}</time> ·{' '}
              {record.actorEmail ?? 'the shop'}
              {record.ip ? ` (${record.ip})` : ''}: {historyLine(record)}
            </li>
          ))}
        </ol>
      )}
    </AdminLayout>
  );
}

/** The products list: name, price, active, stock; search by name, "running low" filter, keyset pages. */
import type { ProductList } from '../../../admin/products-admin.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';
import { stockText } from './stock-text.js';
import { TableScroll } from './table-scroll.js';

export interface ProductsPageProps {
  ctx: AdminPageContext;
  list: ProductList;
  search: string;
  low: boolean;
  lowStock: number;
  /** The address of the next page, or null. */
  nextHref: string | null;
  /** Not the first page: a way back to it. */
  paged: boolean;
}

export function ProductsPage({ ctx, list, search, low, lowStock, nextHref, paged }: ProductsPageProps) {
  const caption = low
    ? `Active products with fewer than ${lowStock} left`
    : search
      ? `Products whose name contains “${search}”`
      : 'Products by name';
  return (
    <AdminLayout ctx={ctx} title="Products" section="products">
      <h1>Products</h1>
      <form method="get" action="/admin/products" class="console-form console-form--inline" role="search">
        <label for="q">Search by name</label>
        <input id="q" name="q" type="search" value={search} maxlength={200} />
        <label class="console-check">
          <input type="checkbox" name="stock" value="low" checked={low} /> Running low only (fewer than {lowStock} left)
        </label>
        <button type="submit" class="console-button">
          Search
        </button>
      </form>
      <p>
        New products and prices come from the Stripe exports: <a href="/admin/import">import them</a>.
      </p>
      {list.products.length === 0 ? (
        <p>{search || low ? 'No product matches.' : 'The catalog is empty.'}</p>
      ) : (
        <TableScroll label={caption}>
          <table class="console-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col">Active</th>
                <th scope="col">Stock</th>
              </tr>
            </thead>
            <tbody>
              {list.products.map((product) => (
                <tr>
                  <th scope="row">
                    <a href={`/admin/products/${encodeURIComponent(product.id)}`}>{product.name}</a>
                  </th>
                  <td class="num">
                    {product.price ? ctx.formatPrice(product.price.amount, product.price.currency) : 'no price'}
                  </td>
                  <td>{product.active ? 'active' : 'inactive'}</td>
                  <td>{stockText(product.stock)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav aria-label="Pages" class="console-pages">
        {paged ? (
          <a
            href={`/admin/products${search || low ? `?${new URLSearchParams({ ...(search ? { q: search } : {}), ...(low ? { stock: 'low' } : {}) })}` : ''}`}
          >
            First page
          </a>
        ) : null}
        {nextHref ? <a href={nextHref}>Next page</a> : null}
      </nav>
    </AdminLayout>
  );
}

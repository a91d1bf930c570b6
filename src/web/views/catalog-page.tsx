/** GET / : the catalog, a page of listed products. */
import type { CatalogPage } from '../../catalog/index.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { Pagination } from './pagination.js';
import { ProductCard } from './product-card.js';

export function CatalogPageView({ ctx, catalog, addForm }: { ctx: PageContext; catalog: CatalogPage; addForm?: (productId: string) => unknown }) {
  const title = catalog.page === 1 ? ctx.shopName : `Page ${catalog.page}`;
  return (
    <Layout ctx={ctx} title={title} description={`${ctx.shopName}: ${catalog.totalProducts} products`}>
      <h1 class="page-title">{catalog.page === 1 ? 'All products' : `All products, page ${catalog.page}`}</h1>
      {catalog.products.length === 0 ? (
        <p class="empty">{catalog.totalProducts === 0 ? 'There are no products for sale yet.' : 'This page has no products.'}</p>
      ) : (
        <ul class="product-grid" role="list">
          {catalog.products.map((product) => (
            <ProductCard ctx={ctx} product={product} action={addForm?.(product.id) as never} />
          ))}
        </ul>
      )}
      <Pagination page={catalog.page} pageCount={catalog.pageCount} />
    </Layout>
  );
}

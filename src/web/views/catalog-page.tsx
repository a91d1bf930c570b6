/** GET / : the catalog, a page of listed products. The listing is rendered once per catalog version (see page-cache). */
import type { Child } from 'hono/jsx';
import type { CatalogPage } from '../../catalog/index.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { Pagination } from './pagination.js';
import { ProductCard } from './product-card.js';
import { readBrowseParams } from '../browse-params.js';
import { breadcrumbList } from '../structured-data.js';
import { ListControls } from './browse-page.js';
import { SeoHead } from './seo-head.js';

/** The products and the links between pages: the same for every shopper. */
export function CatalogListing({
  ctx,
  catalog,
  addForm,
}: {
  ctx: PageContext;
  catalog: CatalogPage;
  addForm?: (productId: string) => unknown;
}) {
  return (
    <>
      {catalog.products.length === 0 ? (
        <p class="empty">{catalog.totalProducts === 0 ? ctx.t('catalog.empty') : ctx.t('catalog.emptyPage')}</p>
      ) : (
        <ul class="product-grid" role="list">
          {catalog.products.map((product, index) => (
            <ProductCard
              ctx={ctx}
              product={product}
              eager={index < 4}
              first={index === 0}
              action={addForm?.(product.id) as never}
            />
          ))}
        </ul>
      )}
      <Pagination ctx={ctx} page={catalog.page} pageCount={catalog.pageCount} />
    </>
  );
}

export function CatalogPageView({
  ctx,
  catalog,
  listing,
  origin,
}: {
  ctx: PageContext;
  catalog: CatalogPage;
  listing: Child;
  origin: string;
}) {
  const title = catalog.page === 1 ? ctx.shopName : ctx.t('catalog.pageTitle', { page: catalog.page });
  const description = ctx.t('catalog.description', { shop: ctx.shopName, count: catalog.totalProducts });
  const image = catalog.products.find((product) => product.image)?.image;
  const seo = {
    canonical: `${origin}${catalog.page === 1 ? '/' : `/?page=${catalog.page}`}`,
    title,
    description,
    image: image ? new URL(image, origin).href : undefined,
    jsonLd: [breadcrumbList([{ name: ctx.t('breadcrumb.home'), url: `${origin}/` }])],
  };
  return (
    <Layout ctx={ctx} title={title} description={description} head={<SeoHead seo={seo} ctx={ctx} />}>
      <h1 class="page-title">
        {catalog.page === 1 ? ctx.t('catalog.heading') : ctx.t('catalog.headingPage', { page: catalog.page })}
      </h1>
      {catalog.totalProducts > 0 ? (
        <ListControls
          ctx={ctx}
          action="/collections/all"
          params={readBrowseParams({}, { currency: null })}
          priceFilter={{}}
        />
      ) : null}
      {listing}
    </Layout>
  );
}

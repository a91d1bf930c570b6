/** The storefront's pages: the catalog (GET /, ?page=N) and product pages (GET /products/:id). */
import type { FastifyInstance } from 'fastify';
import type { CatalogQueries } from '../../catalog/index.js';
import { HttpError, notFound } from '../errors.js';
import { AddToCartForm } from '../views/add-to-cart-form.js';
import { CatalogPageView } from '../views/catalog-page.js';
import { ProductPageView } from '../views/product-page.js';

const PAGE_PARAM = /^[1-9][0-9]{0,5}$/;

function parsePage(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !PAGE_PARAM.test(value)) {
    throw new HttpError(400, 'invalid_page', 'Invalid page', 'The page number must be a whole number from 1.');
  }
  return Number(value);
}

export function catalogRoutes(catalog: CatalogQueries) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { page?: string } }>('/', { preHandler: app.loadSession }, async (request, reply) => {
      const page = parsePage(request.query.page);
      const listing = await catalog.listPage(page);
      if (page > listing.pageCount) throw notFound(`The catalog has ${listing.pageCount} page${listing.pageCount === 1 ? '' : 's'}.`);
      const ctx = await request.pageContext();
      const returnTo = page === 1 ? '/' : `/?page=${page}`;
      const names = new Map(listing.products.map((product) => [product.id, product.name]));
      const addForm = (id: string) => <AddToCartForm productId={id} productName={names.get(id) ?? ''} returnTo={returnTo} />;
      return reply.html(<CatalogPageView ctx={ctx} catalog={listing} addForm={addForm} />);
    });

    app.get<{ Params: { id: string } }>('/products/:id', { preHandler: app.loadSession }, async (request, reply) => {
      const product = await catalog.getProduct(request.params.id);
      if (!product) throw notFound('This product does not exist. It may have been removed from the catalog.');
      const ctx = await request.pageContext();
      const returnTo = `/products/${encodeURIComponent(product.id)}`;
      const addForm = <AddToCartForm productId={product.id} productName={product.name} returnTo={returnTo} withQuantity />;
      return reply.html(<ProductPageView ctx={ctx} product={product} addForm={addForm} />);
    });
  };
}

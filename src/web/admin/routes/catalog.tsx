/** GET /admin/products (search, running low, keyset pages), GET /admin/products/:id, POST .../stock (count it by hand). */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BadCursor, MAX_SEARCH_LENGTH } from '../../../admin/products-admin.js';
import { StockChangeRefused } from '../../../admin/stock-changes.js';
import { HttpError, notFound } from '../../errors.js';
import type { AdminServices } from '../services.js';
import { ProductPage } from '../views/product-page.js';
import { ProductsPage } from '../views/products-page.js';

const ListQuery = z.object({
  q: z.string().max(MAX_SEARCH_LENGTH).optional(),
  stock: z.enum(['low']).optional(),
  after: z.string().max(1000).optional(),
});
const StockForm = z.object({ action: z.enum(['set', 'untrack']), count: z.string().max(100).optional() });
const NOTICE = z.enum(['stock_set', 'stock_untracked']).optional().catch(undefined);

const unknownProduct = () => notFound('There is no product with this id in the catalog.');

export function catalogAdminRoutes(services: AdminServices): FastifyPluginAsync {
  const { products, stock } = services.catalog;
  return async (app) => {
    app.get('/admin/products', async (request, reply) => {
      const parsed = ListQuery.safeParse(request.query);
      if (!parsed.success)
        throw new HttpError(
          400,
          'bad_query',
          'Bad search',
          `Search with a name of at most ${MAX_SEARCH_LENGTH} characters.`,
        );
      const { q = '', stock: filter, after } = parsed.data;
      const low = filter === 'low';
      let list;
      try {
        list = await products.list({ search: q, low, after });
      } catch (error) {
        if (error instanceof BadCursor)
          throw new HttpError(
            400,
            'bad_cursor',
            'Bad page address',
            'This page address was not made by the shop. Start again from the first page.',
          );
        throw error;
      }
      const params = (extra: Record<string, string>) =>
        new URLSearchParams({ ...(q ? { q } : {}), ...(low ? { stock: 'low' } : {}), ...extra }).toString();
      const nextHref = list.next ? `/admin/products?${params({ after: list.next })}` : null;
      const lowStock = services.catalog.home.lowStockThreshold;
      return reply.adminHtml(
        <ProductsPage
          ctx={request.adminPage()}
          list={list}
          search={q}
          low={low}
          lowStock={lowStock}
          nextHref={nextHref}
          paged={after !== undefined}
        />,
      );
    });

    app.get<{ Params: { id: string }; Querystring: { notice?: string } }>(
      '/admin/products/:id',
      async (request, reply) => {
        const product = await products.get(request.params.id);
        if (!product) throw unknownProduct();
        const history = await services.audit('product', product.id);
        return reply.adminHtml(
          <ProductPage
            ctx={request.adminPage()}
            product={product}
            history={history}
            notice={NOTICE.parse(request.query.notice)}
          />,
        );
      },
    );

    app.post<{ Params: { id: string } }>('/admin/products/:id/stock', async (request, reply) => {
      const parsed = StockForm.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new HttpError(
          400,
          'bad_request',
          'Bad request',
          'Send the stock form: a count and "Save the count", or "Stop counting".',
        );
      const { id } = request.params;
      const change = parsed.data.action === 'untrack' ? { untrack: true as const } : { count: parsed.data.count ?? '' };
      try {
        await stock.change(request.owner!, id, change);
      } catch (error) {
        if (!(error instanceof StockChangeRefused)) throw error;
        if (error.code === 'unknown_product') throw unknownProduct();
        const product = await products.get(id);
        if (!product) throw unknownProduct();
        const history = await services.audit('product', id);
        return reply.adminHtml(
          <ProductPage
            ctx={request.adminPage()}
            product={product}
            history={history}
            problem={error.message}
            typed={parsed.data.count}
          />,
          422,
        );
      }
      return reply.redirect(
        `/admin/products/${encodeURIComponent(id)}?notice=${parsed.data.action === 'untrack' ? 'stock_untracked' : 'stock_set'}#stock`,
        303,
      );
    });
  };
}

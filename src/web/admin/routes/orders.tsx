/**
 * The console's orders: GET /admin/orders (tabs, search, keyset pages), GET /admin/orders/export.csv (same filters,
 * streamed), GET /admin/orders/:id, and the changes POST /admin/orders/:id/ship and /delivered, each answering 303
 * back to the order (POST-redirect-GET). Refusals are the console's error page with the reason; nothing changed.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { AdminOrderError } from '../../../admin/orders/index.js';
import { HttpError } from '../../errors.js';
import type { AdminServices } from '../services.js';
import { OrderDetailPageView } from '../views/order-detail-page.js';
import { OrderListPageView } from '../views/order-list-page.js';

const NOTICES: Record<string, string> = {
  shipped: 'Marked shipped. The customer gets the shipping mail with the tracking details.',
  delivered: 'Marked delivered.',
  refunded: 'Refunded.',
  refund_pending: 'Refund sent to Stripe: it shows as pending until Stripe confirms it.',
};

/** Order ids are letters and digits (src/checkout/ids.ts); anything else names no order. */
const ORDER_ID = /^[0-9A-Za-z]{1,64}$/;

/** The domain's refusal as the shop's HttpError (rendered by the error handler); anything else as it was. */
function asHttp(error: unknown): unknown {
  return error instanceof AdminOrderError
    ? new HttpError(error.status, error.code, error.title, error.description)
    : error;
}

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asHttp(error);
  }
}

function orderId(params: unknown): string {
  const id = (params as { id?: unknown }).id;
  if (typeof id !== 'string' || !ORDER_ID.test(id))
    throw asHttp(new AdminOrderError('order_not_found', 'There is no order with this number.'));
  return id;
}

export function ordersAdminRoutes(services: AdminServices): FastifyPluginAsync {
  const { orders } = services;
  return async (app) => {
    app.get('/admin/orders', async (request, reply) => {
      const query = await refusing(async () => orders.parseQuery(request.query as Record<string, unknown>));
      const [page, review] = await Promise.all([orders.page(query), orders.inReview()]);
      return reply.adminHtml(<OrderListPageView ctx={request.adminPage()} query={query} page={page} review={review} />);
    });

    app.get('/admin/orders/export.csv', async (request, reply) => {
      const { tab, search } = await refusing(async () => orders.parseQuery(request.query as Record<string, unknown>));
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orders-${tab}-${day}.csv"`)
        .send(Readable.from(orders.exportCsv({ tab, search })));
    });

    app.get('/admin/orders/:id', async (request, reply) => {
      const id = orderId(request.params);
      const detail = await refusing(() => orders.detail(id));
      const code = (request.query as Record<string, unknown>).notice;
      const notice = typeof code === 'string' ? NOTICES[code] : undefined;
      return reply.adminHtml(
        <OrderDetailPageView ctx={request.adminPage()} detail={detail} {...(notice ? { notice } : {})} />,
      );
    });

    app.post('/admin/orders/:id/ship', async (request, reply) => {
      const id = orderId(request.params);
      await refusing(() => orders.ship(id, (request.body ?? {}) as Record<string, unknown>, request.owner!));
      return reply.redirect(`/admin/orders/${encodeURIComponent(id)}?notice=shipped`, 303);
    });

    app.post('/admin/orders/:id/delivered', async (request, reply) => {
      const id = orderId(request.params);
      await refusing(() => orders.markDelivered(id, request.owner!));
      return reply.redirect(`/admin/orders/${encodeURIComponent(id)}?notice=delivered`, 303);
    });
  };
}

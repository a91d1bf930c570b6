/**
 * Checkout pages: POST /checkout (cart page button) gives the shopper a new session cookie and sends them to the
 * provider's payment page; GET /checkout/success (where the provider sends the shopper back) shows the order, and
 * settles it first when it is the shopper's own and still waits for payment; a provider session the shop never
 * made is a 404 and costs no provider call. GET /orders/:id shows an order to the session that placed it, and 404
 * to anyone else. A checkout that cannot start returns to /cart with the reason.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CheckoutService } from '../../checkout/checkout-service.js';
import { notFound } from '../errors.js';
import { OrderPageView, PaymentReceivedView } from '../views/order-view.js';

const noSuchOrder = () =>
  notFound('There is no order here for you. Orders can only be seen from the browser that placed them.', {
    variant: 'order',
  });

export interface CheckoutRoutesOptions {
  checkout: CheckoutService;
  /** The shop's origin for the return URLs (web/shop-origin.ts: BASE_URL, or a Host that names this machine). */
  origin: (request: FastifyRequest) => string;
}

export function checkoutRoutes({ checkout, origin }: CheckoutRoutesOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };

    app.post('/checkout', withSession, async (request, reply) => {
      const urls = {
        successUrl: `${origin(request)}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${origin(request)}/cart?notice=cancelled`,
      };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const country = typeof body.country === 'string' ? body.country.slice(0, 2) : undefined;
      const result = await checkout.start(
        request.sessionId,
        urls,
        (session) => void reply.setSessionCookie(session.id, session.expiresAt),
        { country, language: request.language },
      );
      switch (result.kind) {
        case 'redirect':
          return reply.redirect(result.url, 303);
        case 'refused':
          return reply.redirect(`/cart?notice=${result.code}`, 303);
      }
    });

    app.get<{ Querystring: { session_id?: string } }>('/checkout/success', withSession, async (request, reply) => {
      const checkoutSessionId = request.query.session_id;
      const found =
        typeof checkoutSessionId === 'string' && /^[A-Za-z0-9_-]{1,255}$/.test(checkoutSessionId)
          ? await checkout.returnFromProvider(request.sessionId, checkoutSessionId)
          : undefined;
      if (!found) throw notFound('This checkout does not exist.', { variant: 'checkout' });
      const { order, own } = found;
      reply.header('cache-control', 'no-store');
      const ctx = await request.pageContext();
      if (!own) return reply.html(<PaymentReceivedView ctx={ctx} order={order} />);
      return reply.html(
        <OrderPageView ctx={ctx} order={order}>
          <p>
            <a href={`/orders/${encodeURIComponent(order.id)}`}>{ctx.t('order.view')}</a> ·{' '}
            <a href="/">{ctx.t('cart.continueShopping')}</a>
          </p>
        </OrderPageView>,
      );
    });

    app.get<{ Params: { id: string } }>('/orders/:id', withSession, async (request, reply) => {
      const order = await checkout.orderFor(request.sessionId, request.params.id);
      if (!order) throw noSuchOrder();
      reply.header('cache-control', 'no-store');
      return reply.html(<OrderPageView ctx={await request.pageContext()} order={order} />);
    });
  };
}

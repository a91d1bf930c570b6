/**
 * The demo provider's pages (only when no Stripe key is set): GET /checkout/demo/:id shows the order with Pay,
 * Fail and Cancel. Pay and Fail settle through the same fulfilment as Stripe's webhooks, then go where Stripe
 * would send the shopper: the success page, or back to the cart.
 */
import type { FastifyInstance } from 'fastify';
import type { CheckoutService } from '../../checkout/checkout-service.js';
import type { OrderStore } from '../../checkout/order-store.js';
import type { DemoPayments } from '../../checkout/providers/demo.js';
import type { PaymentOutcome } from '../../checkout/providers/provider.js';
import { notFound } from '../errors.js';
import { DemoPaymentPageView } from '../views/demo-payment-page.js';

const noSuchPayment = () => notFound('This demo payment does not exist.');

/** Where the shopper goes once the demo payment has ended, as Stripe would send them. */
function after(outcome: PaymentOutcome | undefined, successUrl: string): string {
  if (outcome?.kind === 'paid') return successUrl;
  return outcome?.kind === 'failed' ? '/cart?notice=payment_failed' : '/cart?notice=expired';
}

export function demoPaymentRoutes({ demo, orders, checkout }: { demo: DemoPayments; orders: OrderStore; checkout: CheckoutService }) {
  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };
    type WithId = { Params: { id: string } };

    app.get<WithId>('/checkout/demo/:id', withSession, async (request, reply) => {
      const session = await demo.find(request.params.id);
      const order = session && (await orders.get(session.order_id));
      if (!session || !order) throw noSuchPayment();
      const outcome = await demo.provider.retrieve(session.id);
      const ctx = await request.pageContext();
      reply.header('cache-control', 'no-store');
      return reply.html(<DemoPaymentPageView ctx={ctx} order={order} sessionId={session.id} open={outcome?.kind === 'open'} />);
    });

    app.post<WithId>('/checkout/demo/:id/pay', withSession, async (request, reply) => {
      const session = await demo.find(request.params.id);
      if (!session) throw noSuchPayment();
      await demo.pay(session.id);
      const outcome = await demo.provider.retrieve(session.id);
      if (outcome) await checkout.settle(outcome); // as a webhook would; the success page settles again, harmlessly
      return reply.redirect(after(outcome, session.success_url), 303);
    });

    app.post<WithId>('/checkout/demo/:id/fail', withSession, async (request, reply) => {
      const session = await demo.find(request.params.id);
      if (!session) throw noSuchPayment();
      await demo.fail(session.id);
      const outcome = await demo.provider.retrieve(session.id);
      if (outcome) await checkout.settle(outcome);
      return reply.redirect(after(outcome, session.success_url), 303);
    });

    app.post<WithId>('/checkout/demo/:id/cancel', withSession, async (request, reply) => {
      const session = await demo.find(request.params.id);
      if (!session) throw noSuchPayment();
      return reply.redirect(session.cancel_url, 303);
    });
  };
}

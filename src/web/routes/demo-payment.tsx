/**
 * The demo provider's pages (only when no Stripe key is set): GET /checkout/demo/:id shows the order with Pay,
 * Fail and Cancel, to the session that placed the order only (404 for anyone else, and nothing changes). Pay and
 * Fail settle through the same fulfilment as Stripe's webhooks, then go where Stripe would send the shopper: the
 * success page, or back to the cart. Pay carries the contact and delivery form; a form that does not pass is shown
 * again with its problems (422) and nothing is recorded.
 */
import type { FastifyInstance } from 'fastify';
import type { DemoCheckout } from '../../checkout/demo-checkout.js';
import type { PaymentOutcome } from '../../checkout/providers/provider.js';
import type { PhoneRule } from '../../shipping/address.js';
import { notFound } from '../errors.js';
import { DemoPaymentPageView } from '../views/demo-payment-page.js';

const noSuchPayment = () => notFound('This demo payment does not exist.');

/** Where the shopper goes once the demo payment has ended, as Stripe would send them. */
function after(outcome: PaymentOutcome | undefined, successUrl: string): string {
  if (outcome?.kind === 'paid') return successUrl;
  return outcome?.kind === 'failed' ? '/cart?notice=payment_failed' : '/cart?notice=expired';
}

/** The form fields as strings (the body parser gives arrays for repeated names; the first one counts). */
function formFields(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first.slice(0, 1000);
  }
  return fields;
}

export function demoPaymentRoutes({ demoCheckout, phone }: { demoCheckout: DemoCheckout; phone: PhoneRule }) {
  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };
    type WithId = { Params: { id: string } };

    app.get<WithId>('/checkout/demo/:id', withSession, async (request, reply) => {
      const payment = await demoCheckout.show(request.sessionId, request.params.id);
      if (!payment) throw noSuchPayment();
      const ctx = await request.pageContext();
      reply.header('cache-control', 'no-store');
      return reply.html(<DemoPaymentPageView ctx={ctx} order={payment.order} checkoutSessionId={payment.session.id} open={payment.outcome?.kind === 'open'} phone={phone} />);
    });

    app.post<WithId>('/checkout/demo/:id/pay', withSession, async (request, reply) => {
      const form = formFields(request.body);
      const payment = await demoCheckout.pay(request.sessionId, request.params.id, form);
      if (!payment) throw noSuchPayment();
      if ('errors' in payment) {
        // Refused field by field, with the shopper's input kept; nothing was recorded.
        const ctx = await request.pageContext();
        reply.header('cache-control', 'no-store');
        return reply.html(<DemoPaymentPageView ctx={ctx} order={payment.order} checkoutSessionId={payment.session.id} open phone={phone} input={form} errors={payment.errors} />, 422);
      }
      return reply.redirect(after(payment.outcome, payment.session.success_url), 303);
    });

    app.post<WithId>('/checkout/demo/:id/fail', withSession, async (request, reply) => {
      const payment = await demoCheckout.fail(request.sessionId, request.params.id);
      if (!payment) throw noSuchPayment();
      return reply.redirect(after(payment.outcome, payment.session.success_url), 303);
    });

    app.post<WithId>('/checkout/demo/:id/cancel', withSession, async (request, reply) => {
      const payment = await demoCheckout.cancel(request.sessionId, request.params.id);
      if (!payment) throw noSuchPayment();
      return reply.redirect(payment.session.cancel_url, 303);
    });
  };
}

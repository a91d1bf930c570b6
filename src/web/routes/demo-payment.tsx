/**
 * The demo provider's pages (only when no Stripe key is set): GET /checkout/demo/:id shows the order with Pay,
 * Fail and Cancel, to the session that placed the order only (404 for anyone else, and nothing changes). Pay and
 * Fail settle through the same fulfilment as Stripe's webhooks, then go where Stripe would send the shopper: the
 * success page, or back to the cart. Pay carries the contact and delivery form; a form that does not pass is shown
 * again with its problems (422) and nothing is recorded.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DemoCheckout, DemoPaymentResult } from '../../checkout/demo-checkout.js';
import type { PhoneRule } from '../../shipping/address.js';
import { notFound } from '../errors.js';
import { DemoPaymentPageView } from '../views/demo-payment-page.js';
import type { FormInput } from '../views/checkout-details-form.js';

const noSuchPayment = () => notFound('This demo payment does not exist.', { variant: 'demoPayment' });

/** Where the shopper goes once the demo payment has ended, as Stripe would send them. */
function after(outcome: DemoPaymentResult & { kind: 'ended' }): string {
  if (outcome.outcome === 'paid') return outcome.successUrl;
  return outcome.outcome === 'failed' ? '/cart?notice=payment_failed' : '/cart?notice=expired';
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
  /** The page, the page with the pay form's problems (422), or where the ended payment leads. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    result: DemoPaymentResult,
    input?: FormInput,
    afterCancel = false,
  ) {
    switch (result.kind) {
      case 'not_found':
        throw noSuchPayment();
      case 'page':
      case 'refused': {
        const { checkoutSessionId, order, open } = result.view;
        const ctx = await request.pageContext();
        reply.header('cache-control', 'no-store');
        // Refused field by field, with the shopper's input kept; nothing was recorded.
        if (result.kind === 'refused')
          return reply.html(
            <DemoPaymentPageView
              ctx={ctx}
              order={order}
              checkoutSessionId={checkoutSessionId}
              open
              phone={phone}
              input={input ?? {}}
              errors={result.errors}
            />,
            422,
          );
        return reply.html(
          <DemoPaymentPageView
            ctx={ctx}
            order={order}
            checkoutSessionId={checkoutSessionId}
            open={open}
            phone={phone}
          />,
        );
      }
      case 'ended':
        return reply.redirect(afterCancel ? result.cancelUrl : after(result), 303);
    }
  }

  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };
    type WithId = { Params: { id: string } };

    app.get<WithId>('/checkout/demo/:id', withSession, async (request, reply) =>
      answer(request, reply, await demoCheckout.show(request.sessionId, request.params.id)),
    );

    app.post<WithId>('/checkout/demo/:id/pay', withSession, async (request, reply) => {
      const form = formFields(request.body);
      return answer(request, reply, await demoCheckout.pay(request.sessionId, request.params.id, form), form);
    });

    app.post<WithId>('/checkout/demo/:id/fail', withSession, async (request, reply) =>
      answer(request, reply, await demoCheckout.fail(request.sessionId, request.params.id)),
    );

    app.post<WithId>('/checkout/demo/:id/cancel', withSession, async (request, reply) =>
      answer(request, reply, await demoCheckout.cancel(request.sessionId, request.params.id), undefined, true),
    );
  };
}

/**
 * The demo payment page's backend: a demo checkout session is shown and can be paid, failed or cancelled only by
 * the session that owns its order; for anyone else it does not exist. Paying first checks what the page collected
 * (contact, delivery address, shipping option) as Stripe Checkout would: a problem is answered field by field and
 * nothing is recorded. Paying and failing settle through the same fulfilment as Stripe's webhooks.
 */
import { checkDetails, type DetailsErrors, type PhoneRule } from '../shipping/address.js';
import type { CheckoutService } from './checkout-service.js';
import type { Order } from './order-store.js';
import type { DemoPayments, DemoSession } from './providers/demo.js';
import type { CollectedDetails, PaymentOutcome } from './providers/provider.js';

export interface DemoCheckoutDeps {
  demo: DemoPayments;
  checkout: Pick<CheckoutService, 'orderFor' | 'settle'>;
  phone: PhoneRule;
}

export interface DemoPayment {
  session: DemoSession;
  order: Order;
  outcome: PaymentOutcome | undefined;
}

/** A pay form that did not pass: a message per field, to show beside the shopper's own input. */
export interface DemoPaymentRefused extends DemoPayment {
  errors: DetailsErrors;
}

export function createDemoCheckout({ demo, checkout, phone }: DemoCheckoutDeps) {
  /** The demo session and its order, when `sessionId` owns the order; undefined otherwise (nothing is revealed). */
  async function owned(sessionId: string | undefined, id: string): Promise<DemoPayment | undefined> {
    const session = sessionId ? await demo.find(id) : undefined;
    const order = session && (await checkout.orderFor(sessionId, session.order_id));
    if (!session || !order) return undefined;
    return { session, order, outcome: await demo.provider.retrieve(session.id) };
  }

  /** Ends an owned demo session, then settles the order as a webhook would. */
  async function finish(payment: DemoPayment, end: (id: string) => Promise<boolean>): Promise<DemoPayment> {
    await end(payment.session.id);
    const outcome = await demo.provider.retrieve(payment.session.id);
    if (outcome) await checkout.settle(outcome); // the success page settles again, harmlessly
    return { ...payment, outcome };
  }

  /** What the form collected, as the provider reports it back: the shipping option by its place in the order's list. */
  function collected(order: Order, form: Readonly<Record<string, string | undefined>>): { details: CollectedDetails } | { errors: DemoPaymentRefused['errors'] } {
    const rules = { phone, shipTo: order.shippingRequired && order.shipTo ? [order.shipTo] : null, shippingOptionIds: order.shippingOptions.map((option) => option.id) };
    const checked = checkDetails(form, rules);
    if (!checked.ok) return { errors: checked.errors };
    const { contact, address, shippingOptionId } = checked.details;
    const index = order.shippingOptions.findIndex((option) => option.id === shippingOptionId);
    return {
      details: {
        ...contact,
        address,
        shippingOptionIndex: index < 0 ? null : index,
        shippingAmount: index < 0 ? 0 : order.shippingOptions[index]!.amount,
        taxAmount: 0, // the demo computes no tax: prices are shown as they are in the catalog
        paymentIntentId: null,
      },
    };
  }

  return {
    show: owned,
    /** Ends the demo session and its order (the stock it held comes back); undefined when not owned. */
    async cancel(sessionId: string | undefined, id: string): Promise<DemoPayment | undefined> {
      const payment = await owned(sessionId, id);
      return payment && finish(payment, demo.expire);
    },
    /** Pays with the form's details; `errors` (and nothing recorded) when they do not pass, undefined when not owned. */
    async pay(sessionId: string | undefined, id: string, form: Readonly<Record<string, string | undefined>>): Promise<DemoPayment | DemoPaymentRefused | undefined> {
      const payment = await owned(sessionId, id);
      if (!payment) return undefined;
      if (payment.outcome?.kind !== 'open') return finish(payment, async () => false); // closed: nothing to collect
      const result = collected(payment.order, form);
      if ('errors' in result) return { ...payment, errors: result.errors };
      return finish(payment, (demoId) => demo.pay(demoId, result.details));
    },
    async fail(sessionId: string | undefined, id: string): Promise<DemoPayment | undefined> {
      const payment = await owned(sessionId, id);
      return payment && finish(payment, demo.fail);
    },
  };
}

export type DemoCheckout = ReturnType<typeof createDemoCheckout>;

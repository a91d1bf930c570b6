/**
 * The demo payment page's backend: a demo checkout session is shown and can be paid, failed or cancelled only by
 * the session that owns its order; for anyone else it does not exist. Paying first checks what the page collected
 * (contact, delivery address, shipping option) as Stripe Checkout would: a problem is answered field by field and
 * nothing is recorded. Paying and failing settle through the same fulfilment as Stripe's webhooks. Routes get results
 * (`DemoPaymentResult`), never the demo session's rows.
 */
import { checkDetails, type DetailsErrors, type PhoneRule } from '../shipping/address.js';
import type { CheckoutService } from './checkout-service.js';
import type { Order } from './order.js';
import type { DemoPayments, DemoSession } from './providers/demo.js';
import type { CollectedDetails, PaymentOutcome } from './providers/provider.js';

export interface DemoCheckoutDeps {
  demo: DemoPayments;
  checkout: Pick<CheckoutService, 'orderFor' | 'settle'>;
  phone: PhoneRule;
}

interface DemoPayment {
  session: DemoSession;
  order: Order;
  outcome: PaymentOutcome | undefined;
}

/** What the demo payment page shows: the order, and whether Pay, Fail and Cancel are still offered. */
export interface DemoPaymentView {
  /** The demo provider's Checkout Session, which names the page. */
  checkoutSessionId: string;
  order: Order;
  open: boolean;
}

/** A pay form's problems: a problem per field (worded by the page in the shopper's language), beside the shopper's own input. */
export type DemoFormErrors = DetailsErrors;

/**
 * What asking for a demo payment gave: nothing for this session (never revealed), the page, the page again with the
 * pay form's problems (nothing recorded), or the payment ended: how it ended, and where the shopper was to go for
 * a success (`successUrl`) or a cancel (`cancelUrl`), as Stripe would send them.
 */
export type DemoPaymentResult =
  | { kind: 'not_found' }
  | { kind: 'page'; view: DemoPaymentView }
  | { kind: 'refused'; view: DemoPaymentView; errors: DemoFormErrors }
  | { kind: 'ended'; outcome: PaymentOutcome['kind'] | undefined; successUrl: string; cancelUrl: string };

export interface DemoCheckout {
  show(sessionId: string | undefined, checkoutSessionId: string): Promise<DemoPaymentResult>;
  /** Pays with the form's details; `refused` (nothing recorded) when they do not pass. */
  pay(
    sessionId: string | undefined,
    checkoutSessionId: string,
    form: Readonly<Record<string, string | undefined>>,
  ): Promise<DemoPaymentResult>;
  fail(sessionId: string | undefined, checkoutSessionId: string): Promise<DemoPaymentResult>;
  /** Ends the demo session and its order (the stock it held comes back). */
  cancel(sessionId: string | undefined, checkoutSessionId: string): Promise<DemoPaymentResult>;
}

const NOT_FOUND: DemoPaymentResult = { kind: 'not_found' };

const viewOf = ({ session, order, outcome }: DemoPayment): DemoPaymentView => ({
  checkoutSessionId: session.id,
  order,
  open: outcome?.kind === 'open',
});

const ended = ({ session, outcome }: DemoPayment): DemoPaymentResult => ({
  kind: 'ended',
  outcome: outcome?.kind,
  successUrl: session.success_url,
  cancelUrl: session.cancel_url,
});

export function createDemoCheckout({ demo, checkout, phone }: DemoCheckoutDeps): DemoCheckout {
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
  function collected(
    order: Order,
    form: Readonly<Record<string, string | undefined>>,
  ): { details: CollectedDetails } | { errors: DemoFormErrors } {
    const rules = {
      phone,
      shipTo: order.shippingRequired && order.shipTo ? [order.shipTo] : null,
      shippingOptionIds: order.shippingOptions.map((option) => option.id),
    };
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
    async show(sessionId, id) {
      const payment = await owned(sessionId, id);
      return payment ? { kind: 'page', view: viewOf(payment) } : NOT_FOUND;
    },
    async cancel(sessionId, id) {
      const payment = await owned(sessionId, id);
      return payment ? ended(await finish(payment, demo.expire)) : NOT_FOUND;
    },
    async pay(sessionId, id, form) {
      const payment = await owned(sessionId, id);
      if (!payment) return NOT_FOUND;
      if (payment.outcome?.kind !== 'open') return ended(await finish(payment, async () => false)); // closed: nothing to collect
      const result = collected(payment.order, form);
      if ('errors' in result) return { kind: 'refused', view: viewOf(payment), errors: result.errors };
      return ended(await finish(payment, (demoId) => demo.pay(demoId, result.details)));
    },
    async fail(sessionId, id) {
      const payment = await owned(sessionId, id);
      return payment ? ended(await finish(payment, demo.fail)) : NOT_FOUND;
    },
  };
}

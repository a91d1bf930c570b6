/**
 * The demo payment page's backend: a demo checkout session is shown and can be paid, failed or cancelled only by
 * the session that owns its order; for anyone else it does not exist. Paying and failing settle through the same
 * fulfilment as Stripe's webhooks.
 */
import type { CheckoutService } from './checkout-service.js';
import type { Order } from './order-store.js';
import type { DemoPayments, DemoSession } from './providers/demo.js';
import type { PaymentOutcome } from './providers/provider.js';

export interface DemoCheckoutDeps {
  demo: DemoPayments;
  checkout: Pick<CheckoutService, 'orderFor' | 'settle'>;
}

export interface DemoPayment {
  session: DemoSession;
  order: Order;
  outcome: PaymentOutcome | undefined;
}

export function createDemoCheckout({ demo, checkout }: DemoCheckoutDeps) {
  /** The demo session and its order, when `sessionId` owns the order; undefined otherwise (nothing is revealed). */
  async function owned(sessionId: string | undefined, id: string): Promise<DemoPayment | undefined> {
    const session = sessionId ? await demo.find(id) : undefined;
    const order = session && (await checkout.orderFor(sessionId, session.order_id));
    if (!session || !order) return undefined;
    return { session, order, outcome: await demo.provider.retrieve(session.id) };
  }

  /** Ends an owned, open demo session (pay or fail), then settles the order as a webhook would. */
  async function finish(sessionId: string | undefined, id: string, end: (id: string) => Promise<boolean>): Promise<DemoPayment | undefined> {
    const payment = await owned(sessionId, id);
    if (!payment) return undefined;
    await end(payment.session.id);
    const outcome = await demo.provider.retrieve(payment.session.id);
    if (outcome) await checkout.settle(outcome); // the success page settles again, harmlessly
    return { ...payment, outcome };
  }

  return {
    show: owned,
    cancel: owned,
    pay: (sessionId: string | undefined, id: string) => finish(sessionId, id, demo.pay),
    fail: (sessionId: string | undefined, id: string) => finish(sessionId, id, demo.fail),
  };
}

export type DemoCheckout = ReturnType<typeof createDemoCheckout>;

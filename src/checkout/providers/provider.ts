/**
 * A payment provider as checkout sees it: start a hosted payment for an order, and tell how a payment ended.
 * Stripe Checkout in production, the offline demo otherwise; both feed the same fulfilment.
 */
import type { Order } from '../order-store.js';

export interface CheckoutRequest {
  order: Order;
  /** Where the provider sends the shopper after paying; `{CHECKOUT_SESSION_ID}` is replaced by the provider. */
  successUrl: string;
  cancelUrl: string;
}

export interface ProviderCheckout {
  sessionId: string;
  url: string;
}

/** What the provider says about a checkout session: the one input fulfilment trusts. */
export type PaymentOutcome =
  | { kind: 'paid'; sessionId: string; orderId: string | undefined; amountPaid: number; currency: string }
  | { kind: 'failed' | 'expired' | 'open'; sessionId: string; orderId: string | undefined };

export interface PaymentProvider {
  readonly name: 'stripe' | 'demo';
  /** Idempotent per order: asking twice for one order gives the same session. */
  createCheckout(request: CheckoutRequest): Promise<ProviderCheckout>;
  /** The outcome of a session, or undefined when the provider does not know it. */
  retrieve(sessionId: string): Promise<PaymentOutcome | undefined>;
}

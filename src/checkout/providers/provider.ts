/**
 * A payment provider as checkout sees it: start a hosted payment for an order, and tell how a payment ended.
 * Stripe Checkout in production, the offline demo otherwise; both feed the same fulfilment.
 */
import type { Address } from '../../shipping/address.js';
import type { Order } from '../order-store.js';

export interface CheckoutRequest {
  order: Order;
  /** Where the provider sends the shopper after paying; `{CHECKOUT_SESSION_ID}` is replaced by the provider. */
  successUrl: string;
  cancelUrl: string;
}

export interface ProviderCheckout {
  /** The provider's Checkout Session (Stripe's `cs_...`), not the shop's session. */
  checkoutSessionId: string;
  url: string;
}

/** What the provider collected from the shopper and charged besides the items, read back from its session. */
export interface CollectedDetails {
  email: string | null;
  name: string | null;
  phone: string | null;
  /** The delivery address; null when none was collected (nothing physical). */
  address: Address | null;
  /** Which of the order's offered shipping options was chosen (providers keep them in the order given); null when none. */
  shippingOptionIndex: number | null;
  /** What the provider charged for shipping, minor units. */
  shippingAmount: number;
  /** Tax the provider computed (included in the prices or added on top), minor units; 0 without tax. */
  taxAmount: number;
  paymentIntentId: string | null;
}

/** What the provider says about a checkout session: the one input fulfilment trusts. */
export type PaymentOutcome =
  | {
      kind: 'paid';
      checkoutSessionId: string;
      orderId: string | undefined;
      amountPaid: number;
      currency: string;
      details: CollectedDetails;
    }
  | { kind: 'failed' | 'expired' | 'open'; checkoutSessionId: string; orderId: string | undefined };

export interface PaymentProvider {
  readonly name: 'stripe' | 'demo';
  /** Idempotent per order: asking twice for one order gives the same session. */
  createCheckout(request: CheckoutRequest): Promise<ProviderCheckout>;
  /** The outcome of a session, or undefined when the provider does not know it. */
  retrieve(checkoutSessionId: string): Promise<PaymentOutcome | undefined>;
}

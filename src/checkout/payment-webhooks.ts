/**
 * What the shop does with a payment provider's webhook: the provider reads and verifies it (its format and secret stay
 * there), then each event id is handled once: checkout.session events settle orders through the one fulfilment path,
 * product and price events go to the catalog kept from Stripe (`catalogEvents`), other events (refunds, disputes) to
 * `onOtherEvent`, which returns the order they concerned. The route only hands
 * over the raw body and the signature header, and answers the receipt.
 */
import type Stripe from 'stripe';
import type { CatalogEvents } from '../catalog/stripe/index.js';
import type { CheckoutService } from './checkout-service.js';
import type { StripeWebhooks } from './providers/stripe-webhook.js';

/** The answer to a webhook: refused (nothing happened), a repeat of an event already handled, or handled now. */
export type WebhookReceipt =
  | { kind: 'refused'; reason: 'invalid_signature' }
  | { kind: 'duplicate'; eventId: string }
  | { kind: 'handled'; eventId: string; orderId: string | undefined };

export interface PaymentWebhooks {
  receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookReceipt>;
}

export interface PaymentWebhooksDeps {
  webhooks: StripeWebhooks;
  checkout: Pick<CheckoutService, 'seenEvent' | 'settle' | 'recordEvent'>;
  /** Product and price events, when the shop keeps its catalog in Stripe (applied in order; no order concerned). */
  catalogEvents?: Pick<CatalogEvents, 'handles' | 'apply'> | undefined;
  /** Events that are not checkout's nor the catalog's (refunds, disputes): the id of the order they concerned, if any. */
  onOtherEvent?: ((event: Stripe.Event) => Promise<string | undefined>) | undefined;
}

export function createPaymentWebhooks({
  webhooks,
  checkout,
  catalogEvents,
  onOtherEvent,
}: PaymentWebhooksDeps): PaymentWebhooks {
  /** An event that is not checkout's: the catalog's, or another's (which may name an order). */
  async function other(event: Stripe.Event): Promise<string | undefined> {
    if (catalogEvents?.handles(event.type)) {
      await catalogEvents.apply(event);
      return undefined;
    }
    return onOtherEvent?.(event);
  }

  return {
    async receive(rawBody, signature) {
      const read = webhooks.read(rawBody, signature);
      if (read.kind === 'refused') return read;
      const { event } = read;
      if (await checkout.seenEvent(event.id)) return { kind: 'duplicate', eventId: event.id };
      const orderId = event.outcome ? (await checkout.settle(event.outcome))?.id : await other(event.event);
      await checkout.recordEvent(event.id, event.type, orderId);
      return { kind: 'handled', eventId: event.id, orderId };
    },
  };
}

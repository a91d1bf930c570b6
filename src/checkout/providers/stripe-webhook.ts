/**
 * Stripe webhook events as outcomes. The signature is checked on the raw body with the SDK (HMAC and a 5-minute
 * timestamp tolerance); an event we do not act on comes back with no outcome.
 */
import type Stripe from 'stripe';
import type { PaymentOutcome } from './provider.js';
import { sessionOutcome } from './stripe.js';

export interface WebhookEvent {
  id: string;
  type: string;
  outcome: PaymentOutcome | undefined;
}

/** Throws Stripe's StripeSignatureVerificationError when the signature or timestamp is bad. */
export function readStripeEvent(client: Stripe, rawBody: Buffer, signature: string, secret: string): WebhookEvent {
  const event = client.webhooks.constructEvent(rawBody, signature, secret);
  return { id: event.id, type: event.type, outcome: outcomeOf(event) };
}

function outcomeOf(event: Stripe.Event): PaymentOutcome | undefined {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired':
      return sessionOutcome(event.data.object);
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      return { kind: 'failed', sessionId: session.id, orderId: session.metadata?.order_id ?? session.client_reference_id ?? undefined };
    }
    default:
      return undefined;
  }
}

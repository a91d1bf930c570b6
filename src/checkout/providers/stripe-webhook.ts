/**
 * Stripe webhook events as outcomes. The signature is checked on the raw body with the SDK (HMAC and a 5-minute
 * timestamp tolerance), and the tolerance is applied both ways: the SDK refuses only timestamps too far in the
 * past, so one signed for the future (a replay kept for later) is refused here. An event we do not act on comes
 * back with no outcome. The webhook route hands over the raw body and the signature header only.
 */
import type Stripe from 'stripe';
import type { PaymentOutcome } from './provider.js';
import { sessionOutcome } from './stripe.js';

export interface WebhookEvent {
  id: string;
  type: string;
  outcome: PaymentOutcome | undefined;
  /** The event as Stripe sent it (for the events other modules act on: refunds, disputes). */
  event: Stripe.Event;
}

/** A webhook as read: the event, or refused (bad signature, or a timestamp outside the tolerance). Nothing else. */
export type WebhookRead = { kind: 'event'; event: WebhookEvent } | { kind: 'refused'; reason: 'invalid_signature' };

/** Reads and verifies the payment provider's webhooks: the provider's own format and secret stay here. */
export interface StripeWebhooks {
  read(rawBody: Buffer, signature: string | undefined): WebhookRead;
}

export function createStripeWebhooks(client: Stripe, secret: string, now: () => number): StripeWebhooks {
  return {
    read(rawBody, signature) {
      if (signature === undefined) return { kind: 'refused', reason: 'invalid_signature' };
      try {
        return { kind: 'event', event: readStripeEvent(client, rawBody, signature, secret, now()) };
      } catch {
        // A bad signature, a timestamp out of tolerance, or a signed body that is not an event: nothing to act on.
        return { kind: 'refused', reason: 'invalid_signature' };
      }
    },
  };
}

/** How far a signature's timestamp may be from the shop's clock, either way (Stripe's default tolerance). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Throws Stripe's StripeSignatureVerificationError when the signature is bad or its timestamp too old or too new. */
export function readStripeEvent(
  client: Stripe,
  rawBody: Buffer,
  signature: string,
  secret: string,
  now: number,
): WebhookEvent {
  const event = client.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, now);
  // The header's timestamp passed the signature check above, so it is the one Stripe signed.
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  if (!(timestamp <= Math.floor(now / 1000) + WEBHOOK_TOLERANCE_SECONDS)) {
    throw new client.errors.StripeSignatureVerificationError(signature, rawBody.toString('utf8'), {
      message: 'Timestamp outside the tolerance zone (in the future)',
    });
  }
  return { id: event.id, type: event.type, outcome: outcomeOf(event), event };
}

function outcomeOf(event: Stripe.Event): PaymentOutcome | undefined {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired':
      return sessionOutcome(event.data.object);
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      return {
        kind: 'failed',
        checkoutSessionId: session.id,
        orderId: session.metadata?.order_id ?? session.client_reference_id ?? undefined,
      };
    }
    default:
      return undefined;
  }
}

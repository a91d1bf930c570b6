/**
 * Stripe Checkout through the official SDK. Line items name Stripe price ids, so Stripe charges exactly the
 * catalog's prices; the idempotency key is derived from the order, so pressing checkout twice (or a retry after a
 * timeout) gives the same Checkout Session.
 */
import Stripe from 'stripe';
import type { PaymentOutcome, PaymentProvider } from './provider.js';

export interface StripeOptions {
  secretKey: string;
  /** Another API endpoint than Stripe's (a local fake in tests and benchmarks). */
  apiUrl?: URL | undefined;
}

export function createStripeClient({ secretKey, apiUrl }: StripeOptions): Stripe {
  const api = apiUrl && {
    host: apiUrl.hostname,
    port: Number(apiUrl.port || (apiUrl.protocol === 'https:' ? 443 : 80)),
    protocol: apiUrl.protocol === 'https:' ? ('https' as const) : ('http' as const),
  };
  return new Stripe(secretKey, { ...api, maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: 'kago' } });
}

/** A Checkout Session as an outcome: paid only when Stripe says complete and paid. */
export function sessionOutcome(session: Stripe.Checkout.Session): PaymentOutcome {
  const orderId = session.metadata?.order_id ?? session.client_reference_id ?? undefined;
  const base = { sessionId: session.id, orderId };
  if (session.status === 'complete' && (session.payment_status === 'paid' || session.payment_status === 'no_payment_required')) {
    return { kind: 'paid', ...base, amountPaid: session.amount_total ?? 0, currency: session.currency ?? '' };
  }
  if (session.status === 'expired') return { kind: 'expired', ...base };
  return { kind: 'open', ...base };
}

export function createStripeProvider(client: Stripe): PaymentProvider {
  return {
    name: 'stripe',

    async createCheckout({ order, successUrl, cancelUrl }) {
      const session = await client.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: order.lines.map((line) => ({ price: line.priceId, quantity: line.quantity })),
          success_url: successUrl,
          cancel_url: cancelUrl,
          client_reference_id: order.id,
          metadata: { order_id: order.id },
          expires_at: Math.floor(order.checkoutExpiresAt / 1000),
        },
        { idempotencyKey: `kago-order-${order.id}` },
      );
      if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
      return { sessionId: session.id, url: session.url };
    },

    async retrieve(sessionId) {
      try {
        return sessionOutcome(await client.checkout.sessions.retrieve(sessionId));
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return undefined;
        throw error;
      }
    },
  };
}

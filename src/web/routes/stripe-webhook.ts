/**
 * POST /webhooks/stripe: the signature is verified on the raw body (so this route has its own body parser), each
 * event id is handled once, and checkout.session events settle orders through the one fulfilment path; refund and
 * dispute events go to the refunds (`onOtherEvent`), which return the order they concerned. Events we
 * do not act on answer 200 so Stripe stops sending them; a bad signature or a timestamp more than 5 minutes off (either way) answers 400.
 */
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { CheckoutService } from '../../checkout/checkout-service.js';
import { readStripeEvent, type WebhookEvent } from '../../checkout/providers/stripe-webhook.js';
import { HttpError } from '../errors.js';

const badSignature = () =>
  new HttpError(400, 'invalid_signature', 'Invalid signature', 'The Stripe-Signature header does not match this payload and the webhook secret, or its timestamp is more than 5 minutes from now.');

export interface StripeWebhookOptions {
  client: Stripe;
  secret: string;
  checkout: CheckoutService;
  /** Events that are not checkout's (refunds, disputes): the id of the order they concerned, if any. */
  onOtherEvent?: (event: Stripe.Event) => Promise<string | undefined>;
  now: () => number;
}

export function stripeWebhookRoutes({ client, secret, checkout, onOtherEvent, now }: StripeWebhookOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));

    app.post('/webhooks/stripe', async (request) => {
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) throw badSignature();
      let event: WebhookEvent;
      try {
        event = readStripeEvent(client, request.body, signature, secret, now());
      } catch {
        throw badSignature();
      }
      if (await checkout.seenEvent(event.id)) return { received: true, duplicate: true };
      const orderId = event.outcome ? (await checkout.settle(event.outcome))?.id : await onOtherEvent?.(event.event);
      await checkout.recordEvent(event.id, event.type, orderId);
      return { received: true };
    });
  };
}

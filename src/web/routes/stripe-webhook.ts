/**
 * POST /webhooks/stripe: the signature is verified on the raw body (so this route has its own body parser), each
 * event id is handled once, and checkout.session events settle orders through the one fulfilment path. Events we
 * do not act on answer 200 so Stripe stops sending them; a bad signature or a timestamp more than 5 minutes off (either way) answers 400.
 */
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { CheckoutService } from '../../checkout/checkout-service.js';
import { readStripeEvent, type WebhookEvent } from '../../checkout/providers/stripe-webhook.js';
import { HttpError } from '../errors.js';

const badSignature = () =>
  new HttpError(400, 'invalid_signature', 'Invalid signature', 'The Stripe-Signature header does not match this payload and the webhook secret, or its timestamp is more than 5 minutes from now.');

export function stripeWebhookRoutes({ client, secret, checkout, now }: { client: Stripe; secret: string; checkout: CheckoutService; now: () => number }) {
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
      const order = event.outcome ? await checkout.settle(event.outcome) : undefined;
      await checkout.recordEvent(event.id, event.type, order?.id);
      return { received: true };
    });
  };
}

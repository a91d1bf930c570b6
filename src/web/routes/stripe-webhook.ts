/**
 * POST /webhooks/stripe: hands the raw body (so this route has its own body parser) and the Stripe-Signature header
 * to the payment webhooks (checkout/payment-webhooks.ts), which verify, deduplicate and act on the event. Events we
 * do not act on answer 200 so Stripe stops sending them; a bad signature or a timestamp more than 5 minutes off
 * (either way) answers 400.
 */
import type { FastifyInstance } from 'fastify';
import type { PaymentWebhooks } from '../../checkout/payment-webhooks.js';
import { HttpError } from '../errors.js';

const badSignature = () =>
  new HttpError(
    400,
    'invalid_signature',
    'Invalid signature',
    'The Stripe-Signature header does not match this payload and the webhook secret, or its timestamp is more than 5 minutes from now.',
  );

export function stripeWebhookRoutes(webhooks: PaymentWebhooks) {
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) =>
      done(null, body),
    );

    app.post('/webhooks/stripe', async (request) => {
      const signature = request.headers['stripe-signature'];
      if (!Buffer.isBuffer(request.body)) throw badSignature();
      const receipt = await webhooks.receive(request.body, typeof signature === 'string' ? signature : undefined);
      if (receipt.kind === 'refused') throw badSignature();
      return receipt.kind === 'duplicate' ? { received: true, duplicate: true } : { received: true };
    });
  };
}

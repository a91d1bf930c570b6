/**
 * Part of buildApp's wiring: what a shop on Stripe adds. The catalog from Stripe (product and price webhooks, and the
 * background sync every CATALOG_SYNC_INTERVAL) and the webhook endpoint that settles orders, records refunds and
 * disputes and applies catalog events. Nothing for a shop on the demo provider.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { createRefundService } from './admin/refunds/refund-service.js';
import { handleRefundEvent } from './admin/refunds/stripe-events.js';
import { catalogFromStripe } from './catalog/stripe/index.js';
import type { CheckoutService } from './checkout/checkout-service.js';
import { createPaymentWebhooks } from './checkout/payment-webhooks.js';
import type { Payments } from './checkout/payments.js';
import { createStripeClient } from './checkout/providers/stripe.js';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import { stripeWebhookRoutes } from './web/routes/stripe-webhook.js';

export interface StripeWiring {
  config: Config;
  db: Kysely<Database>;
  payments: Payments;
  checkout: CheckoutService;
  refunds: ReturnType<typeof createRefundService>;
  redis: Redis | undefined;
  now: () => number;
}

export async function registerStripe(
  app: FastifyInstance,
  { config, db, payments, checkout, refunds, redis, now }: StripeWiring,
): Promise<void> {
  if (config.payments.provider !== 'stripe' || !payments.stripe) return;
  const fromStripe = catalogFromStripe({
    db,
    client: payments.stripe.client,
    syncClient: await createStripeClient({ ...config.payments, maxNetworkRetries: 0 }),
    redis,
    intervalMs: config.catalogSyncIntervalMs,
    now,
    log: app.log,
  });
  if (fromStripe.schedule) {
    fromStripe.schedule.start();
    app.addHook('onClose', () => fromStripe.schedule!.stop());
  }
  if (!payments.stripe.webhooks) {
    app.log.warn(
      'STRIPE_WEBHOOK_SECRET is not set: paid orders are recorded only when shoppers come back to the success page',
    );
    return;
  }
  const onOtherEvent = (event: Stripe.Event) => handleRefundEvent(refunds, event);
  await app.register(
    stripeWebhookRoutes(
      createPaymentWebhooks({
        webhooks: payments.stripe.webhooks,
        checkout,
        catalogEvents: fromStripe.events,
        onOtherEvent,
      }),
    ),
  );
}

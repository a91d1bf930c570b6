/** Picks the payment provider from config: Stripe when a key is set, the offline demo otherwise. */
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { FulfilmentConfig, PaymentsConfig } from '../config.js';
import type { Database } from '../db/schema.js';
import { createDemoProvider, type DemoPayments } from './providers/demo.js';
import type { PaymentProvider } from './providers/provider.js';
import { createStripeClient, createStripeProvider } from './providers/stripe.js';
import { createStripeWebhooks, type StripeWebhooks } from './providers/stripe-webhook.js';

export interface Payments {
  provider: PaymentProvider;
  /** Set with Stripe: its client (for refunds) and, with a webhook secret, the reader of its webhooks. */
  stripe: { client: Stripe; webhooks: StripeWebhooks | undefined } | undefined;
  /** Set without Stripe: the demo payment pages' backend. */
  demo: DemoPayments | undefined;
  /** Where checkout forms may lead (for the Content-Security-Policy). */
  formTargets: string[];
}

export async function createPayments(
  config: PaymentsConfig,
  fulfilment: Pick<FulfilmentConfig, 'phone'>,
  db: Kysely<Database>,
  now: () => number,
): Promise<Payments> {
  if (config.provider === 'stripe') {
    const client = await createStripeClient({ secretKey: config.secretKey, apiUrl: config.apiUrl });
    const provider = createStripeProvider(client, { phone: fulfilment.phone, automaticTax: config.automaticTax });
    const webhooks = config.webhookSecret ? createStripeWebhooks(client, config.webhookSecret, now) : undefined;
    return { provider, stripe: { client, webhooks }, demo: undefined, formTargets: ['https://checkout.stripe.com'] };
  }
  const demo = createDemoProvider(db, now);
  return { provider: demo.provider, stripe: undefined, demo, formTargets: [] };
}

/**
 * buildApp(config, deps) -> a Fastify instance with every module wired. Wiring only: no logic lives here.
 */
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { createCartService } from './cart/cart-service.js';
import { createSqlCartStore } from './cart/sql-cart-store.js';
import { createCatalogQueries } from './catalog/index.js';
import { createCheckoutService } from './checkout/checkout-service.js';
import { createOrderStore } from './checkout/order-store.js';
import { createDemoProvider } from './checkout/providers/demo.js';
import { createStripeClient, createStripeProvider } from './checkout/providers/stripe.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { startPurgeJob } from './session/purge-job.js';
import { sessionSecrets } from './session/secret.js';
import { createSqlSessionStore } from './session/session-store.js';
import { registerAssets } from './web/assets.js';
import { registerCrossOriginProtection } from './web/cross-origin.js';
import { registerErrorHandling } from './web/error-handler.js';
import { pages } from './web/pages.js';
import { cartApiRoutes } from './web/routes/cart-api.js';
import { cartRoutes } from './web/routes/cart.js';
import { checkoutRoutes } from './web/routes/checkout.js';
import { demoPaymentRoutes } from './web/routes/demo-payment.js';
import { stripeWebhookRoutes } from './web/routes/stripe-webhook.js';
import { catalogRoutes } from './web/routes/catalog.js';
import { healthRoutes } from './web/routes/health.js';
import { sessionCookie } from './web/session-cookie.js';

export interface AppDeps {
  database: DatabaseHandle;
  /** Clock for everything time-based (session expiry); tests inject one. */
  now?: () => number;
}

/** Content Security Policy: no inline scripts or styles, images from here or https; forms may lead to Stripe Checkout. */
const contentSecurityPolicy = (formTargets: string[]) => ({
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'https:', 'data:'],
    formAction: ["'self'", ...formTargets],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    upgradeInsecureRequests: null,
  },
});

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: false,
    return503OnClosing: true,
  });
  const now = deps.now ?? Date.now;
  const { db } = deps.database;
  const catalog = createCatalogQueries(db);
  const sessions = createSqlSessionStore(db);
  const cart = createCartService({ catalog, sessions, carts: createSqlCartStore(db), sessionTtlMs: config.sessionTtlMs, now });

  const orders = createOrderStore(db);
  const payments = config.payments;
  const stripe = payments.provider === 'stripe' ? createStripeClient({ secretKey: payments.secretKey, apiUrl: payments.apiUrl }) : undefined;
  const demo = payments.provider === 'demo' ? createDemoProvider(db, now) : undefined;
  const provider = stripe ? createStripeProvider(stripe) : demo!.provider;
  const checkout = createCheckoutService({ orders, provider, cart, checkoutTtlMs: config.checkoutTtlMs, now, log: app.log });

  await app.register(helmet, {
    contentSecurityPolicy: contentSecurityPolicy(stripe ? ['https://checkout.stripe.com'] : []),
    hsts: config.baseUrl?.protocol === 'https:',
    crossOriginEmbedderPolicy: false,
  });
  registerCrossOriginProtection(app, config.baseUrl);
  await app.register(formbody);
  // Bodies are JSON or forms; anything else (text/plain included) is a 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain');
  await app.register(sessionCookie, {
    secrets: sessionSecrets(config, (message) => app.log.warn(message)),
    sessions,
    ttlMs: config.sessionTtlMs,
    secure: config.baseUrl?.protocol === 'https:',
    now,
  });
  const assets = await registerAssets(app);
  await app.register(pages, {
    config,
    assets,
    cartCount: async (request) => (request.sessionId ? cart.itemCount(request.sessionId) : 0),
  });
  registerErrorHandling(app);
  await app.register(healthRoutes);
  await app.register(catalogRoutes(catalog));
  await app.register(cartRoutes(cart));
  await app.register(cartApiRoutes(cart));
  await app.register(checkoutRoutes({ checkout, provider, baseUrl: config.baseUrl }));
  if (demo) await app.register(demoPaymentRoutes({ demo, orders, checkout }));
  if (stripe && payments.provider === 'stripe' && payments.webhookSecret) {
    await app.register(stripeWebhookRoutes({ client: stripe, secret: payments.webhookSecret, checkout }));
  } else if (stripe) {
    app.log.warn('STRIPE_WEBHOOK_SECRET is not set: paid orders are recorded only when shoppers come back to the success page');
  }

  const stopPurge = startPurgeJob(sessions, now, (error) => app.log.error({ err: error }, 'purging expired sessions failed'));
  app.addHook('onClose', async () => stopPurge());
  return app;
}

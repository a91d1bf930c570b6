/**
 * buildApp(config, deps) -> a Fastify instance with every module wired. Wiring only: no logic lives here.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { acceptCatalogNumbers } from './cart/catalog-numbers.js';
import { createRefundService } from './admin/refunds/refund-service.js';
import { createStripeRefunds } from './admin/refunds/stripe-refunds.js';
import { createCartService } from './cart/cart-service.js';
import { readCatalogVersion, watchCatalogVersion } from './catalog/catalog-version.js';
import { createCartPriceCache } from './catalog/price-cache.js';
import { createCatalogQueries, MAX_ID_LENGTH } from './catalog/index.js';
import { applyShopCurrency } from './catalog/shop-currency.js';
import { createCheckoutService } from './checkout/checkout-service.js';
import { orderMailHooks } from './checkout/order-mail.js';
import { createStockReservations } from './stock/reservations.js';
import type { Database } from './db/schema.js';
import { createOrderStore, type OrderStore } from './checkout/order-store.js';
import { createDemoCheckout } from './checkout/demo-checkout.js';
import { createPayments } from './checkout/payments.js';
import { connectShopRedis } from './app-redis.js';
import { registerStripe } from './app-stripe.js';
import { configWarnings, type Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { pendingMigrations } from './db/migrate.js';
import { startHousekeeping } from './jobs/housekeeping.js';
import { createMail } from './mail/index.js';
import type { MailTransport } from './mail/transports.js';
import { sessionSecrets } from './session/secret.js';
import { createStockLevels } from './stock/stock-levels.js';
import { createStores, type Stores } from './stores.js';
import { createCatalogConsole } from './admin/catalog-console.js';
import { createOwnerAccess } from './admin/owner-access.js';
import type { ScryptParams } from './admin/passwords.js';
import { createAdminOrders, isTestKey } from './admin/orders/index.js';
import { adminConsole } from './web/admin/admin-plugin.js';
import { createAuditReader, type AdminServices } from './web/admin/services.js';
import { registerAssets } from './web/assets.js';
import { BODY_LIMIT, parseForm } from './web/body-limits.js';
import { registerCrossOriginProtection } from './web/cross-origin.js';
import { clientErrorHandler, frameworkErrors } from './web/early-refusals.js';
import { registerErrorHandling } from './web/error-handler.js';
import { gracefulClose } from './web/graceful-close.js';
import { createPageCache } from './web/page-cache.js';
import { languageNegotiation } from './web/language.js';
import { pages } from './web/pages.js';
import { legalNoticeWarning, loadPolicies } from './policies/policy-files.js';
import { policyRoutes } from './web/routes/policies.js';
import { registerRateLimits } from './web/rate-limits.js';
import { registerSectionRendering } from './web/sections/section-rendering.js';
import { contentSecurityPolicy, registerSecurityHeaders } from './web/security-headers.js';
import { serverTimeouts } from './web/timeouts.js';
import { loggerOptions, requestIdGenerator, requestLogController, type LogDestination } from './web/request-log.js';
import { cartApiRoutes } from './web/routes/cart-api.js';
import { cartRoutes } from './web/routes/cart.js';
import { catalogRoutes } from './web/routes/catalog.js';
import { findingRoutes, type CachedList } from './web/routes/finding.js';
import { seoRoutes } from './web/routes/seo.js';
import { suggestRoutes } from './web/routes/suggest.js';
import { createProductFinder } from './search/index.js';
import { perCatalogVersion } from './web/per-version.js';
import { siteOrigin } from './web/site-origin.js';
import { checkoutRoutes } from './web/routes/checkout.js';
import { demoPaymentRoutes } from './web/routes/demo-payment.js';
import { healthRoutes } from './web/routes/health.js';
import { shippingRatesRoutes } from './web/routes/shipping-rates.js';
import { renderWithoutAsyncContext } from './web/render.js';
import { sessionCart } from './web/session-cart.js';
import { sessionCookie } from './web/session-cookie.js';
import { shopOrigin } from './web/shop-origin.js';

export interface AppDeps {
  database: DatabaseHandle;
  /** Clock for everything time-based (session expiry); tests inject one. */
  now?: () => number;
  /** Tests wrap the stores: to fail one between its commit and the answer, or to hold a step at a chosen point. */
  wrapStores?: (stores: Stores & { orders: OrderStore }) => Stores & { orders: OrderStore };
  /** Where mail goes instead of what the config says (tests). */
  mailTransport?: MailTransport;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: LogDestination;
  /** Scrypt cost of owner passwords: today's (src/admin/passwords.ts) unless a test injects a cheaper one. */
  passwordCost?: ScryptParams;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  renderWithoutAsyncContext(); // before any page renders: no promise hooks (src/web/render.ts)
  const app = Fastify({
    logger: loggerOptions(config, deps.logDestination),
    logController: requestLogController(config),
    genReqId: requestIdGenerator(config.trustProxy !== false),
    trustProxy: config.trustProxy,
    return503OnClosing: false, // graceful-close answers the shop's own 503
    ...serverTimeouts(config.requestTimeoutMs),
    bodyLimit: BODY_LIMIT,
    // Every product id an import takes has a page (a longer one names nothing: the shop's 404).
    routerOptions: { maxParamLength: MAX_ID_LENGTH },
    // Refusals before the routes (bad percent-encoding, headers too large, ...) in the shop's shape and headers.
    frameworkErrors,
    clientErrorHandler,
  });
  const now = deps.now ?? Date.now;
  const { db } = deps.database;
  const { redis, redisData } = await connectShopRedis(app, config, now);

  const catalog = createCatalogQueries(db);
  let catalogVersionNow = () => -1; // the watcher below starts after the health routes
  const finder = createProductFinder(db, catalog, { catalogVersion: () => catalogVersionNow() });
  // Read once per catalog version; the version watcher starts further down, after the health routes.
  let collections: () => Promise<Awaited<ReturnType<typeof finder.collections>>> = finder.collections;
  const mail = createMail(config, { database: deps.database, now, log: app.log, transport: deps.mailTransport });
  const stock = createStockReservations(db, { lowStock: config.lowStock });
  const paymentHooks = {
    ...orderMailHooks(mail),
    takeStock: async (trx: Transaction<Database>, orderId: string, time: number) =>
      (await stock.consume(trx, orderId, time)) !== 'not_reserved',
  };
  const stores = {
    ...createStores(db, redis, now, redisData?.sessionStarted),
    orders: createOrderStore(db, paymentHooks),
  };
  const { sessions, carts, orders } = deps.wrapStores ? deps.wrapStores(stores) : stores;
  const cart = acceptCatalogNumbers(
    createCartService({
      catalog,
      pricing: {
        prices: createCartPriceCache((ids) => catalog.pricesByIds(ids)),
        version: () => readCatalogVersion(db),
        polled: () => catalogVersionNow(),
      },
      sessions,
      carts,
      stock: createStockLevels(db),
      sessionTtlMs: config.sessionTtlMs,
      now,
    }),
    catalog,
  );
  const payments = await createPayments(config.payments, config.fulfilment, db, now);
  const shipping = { shipTo: config.fulfilment.shipTo, rates: config.fulfilment.shippingRates };
  const checkout = createCheckoutService({
    orders,
    sessions,
    provider: payments.provider,
    cart,
    checkoutTtlMs: config.checkoutTtlMs,
    shipping,
    stock,
    now,
    log: app.log,
  });
  const refunds = createRefundService({
    db,
    stripe: payments.stripe && createStripeRefunds(payments.stripe.client),
    now,
    lowStock: config.lowStock,
    log: app.log,
  });

  for (const warning of configWarnings(config)) app.log.warn(warning);
  // The first hook: security headers and the request's id on every answer (refusals, errors and 404s too).
  registerSecurityHeaders(app, {
    contentSecurityPolicy: contentSecurityPolicy(payments.formTargets),
    strictTransportSecurity: config.baseUrl?.protocol === 'https:',
    crossOriginEmbedderPolicy: false,
  });
  await app.register(gracefulClose); // after the security headers (its 503 has them), before anything that reads a store
  registerCrossOriginProtection(app, config.baseUrl);
  await app.register(formbody, { parser: parseForm });
  // Bodies are JSON or forms; anything else (text/plain included) is a 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain');
  await registerRateLimits(app, { ...config.rateLimits, redis });
  await app.register(sessionCookie, {
    secrets: sessionSecrets(config, (message) => app.log.info(message)),
    sessions,
    ttlMs: config.sessionTtlMs,
    secure: config.baseUrl?.protocol === 'https:',
    now,
  });
  const shownCart = sessionCart(app, cart);
  await app.register(languageNegotiation, {
    languages: config.languages,
    secure: config.baseUrl?.protocol === 'https:',
  });
  const assets = await registerAssets(app);
  const policies = await loadPolicies(config.policyDir, config.languages);
  await app.register(pages, {
    config,
    assets,
    cartCount: async (request) => (request.sessionId ? cart.itemCount(request.sessionId) : 0),
    collections: () => collections(),
    policies: (language) => policies.available(language),
  });
  registerErrorHandling(app);
  const ownerAccess = createOwnerAccess(db, { ...config.admin, now, passwordCost: deps.passwordCost });
  const adminServices: AdminServices = {
    access: ownerAccess,
    audit: createAuditReader(db),
    refunds,
    catalog: createCatalogConsole(db, { lowStock: config.lowStock, now, timeZone: config.timeZone }),
    orders: createAdminOrders({
      db,
      mail,
      now,
      stripeDashboard:
        config.payments.provider === 'stripe' ? { testMode: isTestKey(config.payments.secretKey) } : null,
    }),
  };
  await app.register(adminConsole, {
    services: adminServices,
    assets,
    shopName: config.shopName,
    locale: config.locale,
    timeZone: config.timeZone,
    secure: config.baseUrl?.protocol === 'https:',
    lifetimeMs: config.admin.lifetimeMs,
  });
  registerSectionRendering(app, cart);

  await app.register(
    healthRoutes({
      database: async () => void (await sql`select 1`.execute(db)),
      migrations: async () => {
        const pending = await pendingMigrations(db);
        if (pending.length > 0) throw new Error(`not applied: ${pending.join(', ')}`);
      },
      ...(redis && redisData
        ? {
            redis: async () => {
              await redis.ping();
              return redisData.readiness(); // a note while a loss is recent; throws on a refused volatile Redis
            },
          }
        : {}),
    }),
  );
  // SHOP_CURRENCY decides what the catalog sells; applied before the version is read, so pages start from it.
  await applyShopCurrency(db, config.shopCurrency).then(
    (changed) =>
      changed &&
      app.log.info({ currency: config.shopCurrency ?? 'auto' }, 'SHOP_CURRENCY changed: the catalog now sells in it'),
    (error: unknown) =>
      app.log.warn({ err: error }, 'applying SHOP_CURRENCY failed; the catalog sells as before until the next start'),
  );
  const catalogVersion = await watchCatalogVersion(db, (error) =>
    app.log.warn({ err: error }, 'reading the catalog version failed'),
  );
  app.addHook('onClose', async () => catalogVersion.stop());
  catalogVersionNow = catalogVersion.current;
  // The shop's currency changes only with the catalog (refreshListing, which every import, sync and SHOP_CURRENCY
  // change runs in the transaction that bumps the version): read once per version, not by every page and cart.
  const shopCurrency = perCatalogVersion(catalogVersion.current, () => catalog.shopCurrency());
  // A cart's own currency stands in for the shop's when it has one (cart-json.ts reads the shop's only for an empty cart).
  const shopFacts = async (cartCurrency?: string | null) => ({
    currency: cartCurrency ?? (await shopCurrency()),
    vendor: config.shopName,
  });
  collections = perCatalogVersion(catalogVersion.current, finder.collections);
  const origin = siteOrigin(config.baseUrl);
  await app.register(catalogRoutes(catalog, createPageCache(catalogVersion.current), shopFacts, origin, shownCart));
  const lists = {
    lists: createPageCache<CachedList>(catalogVersion.current),
    searches: createPageCache<CachedList>(catalogVersion.current),
  };
  await app.register(
    findingRoutes({
      finder,
      collections: () => collections(),
      currency: shopCurrency,
      origin,
      catalogVersion: catalogVersion.current,
      ...lists,
    }),
  );
  await app.register(
    suggestRoutes({
      finder,
      collections: () => collections(),
      shop: shopFacts,
      cache: createPageCache<string>(catalogVersion.current),
    }),
  );
  await app.register(seoRoutes({ finder, collections: () => collections(), origin }));
  await app.register(cartRoutes(cart, { baseUrl: config.baseUrl, shipping, stockShortages: checkout.stockShortages }));
  await app.register(cartApiRoutes(cart, shopFacts, shownCart));
  await app.register(shippingRatesRoutes(cart, shipping));
  await app.register(checkoutRoutes({ checkout, origin: shopOrigin(config) }));
  await app.register(policyRoutes(policies));
  const legalWarning = legalNoticeWarning(policies, {
    production: config.env === 'production',
    languages: config.languages,
    currency: await shopCurrency(),
    policyDir: config.policyDir,
  });
  for (const problem of [...policies.problems, ...(legalWarning ? [legalWarning] : [])]) app.log.warn(problem);
  if (payments.demo)
    await app.register(
      demoPaymentRoutes({
        demoCheckout: createDemoCheckout({ demo: payments.demo, checkout, phone: config.fulfilment.phone }),
        phone: config.fulfilment.phone,
      }),
    );
  await registerStripe(app, { config, db, payments, checkout, refunds, redis, now });

  const stopHousekeeping = startHousekeeping(
    {
      purgeSessions: (time) => sessions.purgeExpired(time),
      expireOrders: async (time) => {
        const expired = await orders.expireStale(time);
        await stock.releaseClosed(time); // what expired orders held (and any a crash left held)
        return expired;
      },
      purgeCartKeys: (time) => carts.purgeExpiredKeys(time),
      purgeConsoleSessions: (time) => ownerAccess.purgeExpired(time),
    },
    now,
    (error) => app.log.error({ err: error }, 'housekeeping failed'),
  );
  app.addHook('onClose', async () => stopHousekeeping());
  if (mail.mode === 'files') app.log.info(`no SMTP_URL: order mail is written as .eml files to ${mail.destination}`);
  else if (mail.mode === 'smtp') app.log.info(`order mail is sent through ${mail.destination}`);
  mail.start();
  app.addHook('onClose', async () => mail.stop());
  return app;
}

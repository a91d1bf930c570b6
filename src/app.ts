/**
 * buildApp(config, deps) -> a Fastify instance with every module wired. Wiring only: no logic lives here.
 */
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { createCatalogQueries } from './catalog/index.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { registerAssets } from './web/assets.js';
import { registerErrorHandling } from './web/error-handler.js';
import { pages } from './web/pages.js';
import { catalogRoutes } from './web/routes/catalog.js';
import { healthRoutes } from './web/routes/health.js';

export interface AppDeps {
  database: DatabaseHandle;
  /** Clock for everything time-based (session expiry); tests inject one. */
  now?: () => number;
}

/** Content Security Policy: no inline scripts or styles, images from here or https. */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'https:', 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    upgradeInsecureRequests: null,
  },
};

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: false,
    return503OnClosing: true,
  });
  const catalog = createCatalogQueries(deps.database.db);

  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    hsts: config.baseUrl?.protocol === 'https:',
    crossOriginEmbedderPolicy: false,
  });
  const assets = await registerAssets(app);
  await app.register(pages, { config, assets, cartCount: async () => 0 });
  registerErrorHandling(app);
  await app.register(healthRoutes);
  await app.register(catalogRoutes(catalog));
  return app;
}

/**
 * Rate limits on what changes carts, starts checkouts and shows the checkout success page (which may ask the
 * payment provider), per client IP (as TRUST_PROXY decides it), in Redis when
 * the shop has one (shared by every process) and in memory otherwise. Over the limit: 429 with Retry-After, in the
 * usual error shape. If the counter store fails, requests go through: the stores themselves answer 503 if down.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../config.js';
import { refusal } from './refusals.js';

export interface RateLimitOptions {
  cart: RateLimit | undefined;
  checkout: RateLimit | undefined;
  checkoutSuccess: RateLimit | undefined;
  redis: Redis | undefined;
}

type Group = 'cart' | 'checkout' | 'checkoutSuccess';

/**
 * Which limit a route counts against: cart changes (forms and JSON), checkout, or the success page; other reads
 * are never limited.
 */
function groupOf(route: RouteOptions): Group | undefined {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (methods.includes('GET') && route.url === '/checkout/success') return 'checkoutSuccess';
  if (!methods.includes('POST')) return undefined;
  if (route.url === '/checkout') return 'checkout';
  return route.url.startsWith('/cart/') ? 'cart' : undefined;
}

/** Call before the routes are registered: it gives each one its group's limiter as it is added. */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    redis: limits.redis,
    nameSpace: 'kago:ratelimit:',
    skipOnError: true,
    errorResponseBuilder: (_request, context) => refusal('rate_limited', { seconds: Math.ceil(context.ttl / 1000) }),
  });
  // One limiter per group, shared by all its routes: a client cannot get twice the limit by mixing forms and JSON.
  const limiter = (group: Group, limit: RateLimit | undefined) =>
    limit &&
    app.rateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => `${group}:${request.ip}` });
  const limiters = {
    cart: limiter('cart', limits.cart),
    checkout: limiter('checkout', limits.checkout),
    checkoutSuccess: limiter('checkoutSuccess', limits.checkoutSuccess),
  };
  app.addHook('onRoute', (route) => {
    const group = groupOf(route);
    const handler = group && limiters[group];
    if (!handler) return;
    const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    route.onRequest = [...existing, handler];
  });
}

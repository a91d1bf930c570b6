/**
 * A kago process on servers of its own, for outage tests that stop and start them (the test run's shared servers
 * cannot go down: other suites use them): PostgreSQL (migrated, the cart tests' catalog), Redis, and the fake
 * Stripe behind a gate that can hold requests, to stop the database while a checkout is waiting on Stripe.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { addCartPrices, importCartCatalog } from './cart.js';
import { findExecutable, skipUnlessAvailable } from './extras.js';
import { startFakeStripe, type FakeStripe } from './fake-stripe.js';
import { postgresServerUnavailableReason, startPostgres, type PostgresServer } from './postgres.js';
import { startRedis, type RedisServer } from './redis.js';
import { http, startShopProcess, type HttpAnswer, type ShopProcess } from './shop-process.js';

/** The `skip` option of an outage suite: it needs the PostgreSQL and Redis server binaries themselves. */
export const OUTAGE_SKIP = skipUnlessAvailable(
  postgresServerUnavailableReason() ??
    (findExecutable('redis-server') ? undefined : 'redis-server not found; install with: apt-get install redis-server'),
);

export const STRIPE_KEY = 'sk_test_kago_outages';
export const WEBHOOK_SECRET = 'whsec_kago_outages';

/** Between the shop and the fake Stripe: passes requests on, or holds them from `hold()` until `open()`. */
export interface StripeGate {
  url: string;
  hold(): void;
  /** Resolves once a request is being held. */
  held(): Promise<void>;
  open(): void;
}

async function startStripeGate(target: string): Promise<StripeGate & { close(): Promise<void> }> {
  let holding = false;
  const queue: Array<() => void> = [];
  const waiting: Array<() => void> = [];
  const server = createServer((request, response) => {
    const forward = () => {
      const upstream = httpRequest(
        `${target}${request.url}`,
        { method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', (error) => response.destroy(error));
      request.pipe(upstream);
    };
    if (!holding) return forward();
    queue.push(forward);
    for (const resolve of waiting.splice(0)) resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => void (holding = true),
    held: () => (queue.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    open() {
      holding = false;
      for (const forward of queue.splice(0)) forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface OutageShop {
  shop: ShopProcess;
  pg: PostgresServer;
  redis: RedisServer;
  fake: FakeStripe;
  stripe: StripeGate;
  /** A handle on the shop's database, to look at its rows (it reconnects by itself after an outage). */
  database: DatabaseHandle;
  /** Stops everything started, in reverse order. */
  close(): Promise<void>;
}

/** `env` goes to the shop over the defaults here (`REDIS_URL: ''` keeps sessions and carts in PostgreSQL). */
export async function startOutageShop(env: Record<string, string> = {}): Promise<OutageShop> {
  const cleanups: Array<() => unknown> = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await Promise.resolve()
        .then(cleanup)
        .catch(() => undefined);
  };
  try {
    const pg = await startPostgres();
    cleanups.push(() => pg.stop());
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const fake = await startFakeStripe();
    cleanups.push(() => fake.close());
    addCartPrices(fake);
    const stripe = await startStripeGate(fake.url);
    cleanups.push(() => stripe.close());
    const database = openDatabase({ dialect: 'postgres', url: pg.url });
    cleanups.push(() => database.close());
    await migrateToLatest(database.db);
    await importCartCatalog(database.db);
    const shop = await startShopProcess({
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      STRIPE_SECRET_KEY: STRIPE_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
      // On (with Redis as their store) but never reached: the limiter must not fail requests when Redis is down.
      RATE_LIMIT_CART: '1000/1m',
      RATE_LIMIT_CHECKOUT: '1000/1m',
      ...env,
    });
    cleanups.push(() => shop.kill());
    return { shop, pg, redis, fake, stripe, database, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A 503 as the shop answers an outage: Retry-After, and the JSON error shape or an HTML page. */
export function assertUnavailable(answer: HttpAnswer, kind: 'json' | 'html'): void {
  assert.equal(answer.status, 503, `expected 503, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  assert.equal(answer.headers['retry-after'], '5');
  if (kind === 'html') {
    assert.match(answer.headers['content-type'] ?? '', /^text\/html/);
    assert.match(answer.body, /<title>Temporarily unavailable/);
    return;
  }
  const body = answer.json();
  assert.deepEqual(Object.keys(body).sort(), ['code', 'description', 'message', 'status']);
  assert.deepEqual([body.status, body.code], [503, 'service_unavailable']);
}

/** /readyz answers 503 and names exactly `down` as down (others may be ok or degraded, e.g. Redis lost its data). */
export async function assertNotReady(shop: ShopProcess, down: string[]): Promise<void> {
  const ready = await http(`${shop.url}/readyz`);
  assert.equal(ready.status, 503);
  const checks = ready.json().checks as Record<string, string>;
  assert.deepEqual(
    Object.keys(checks)
      .filter((name) => checks[name]!.startsWith('down: '))
      .sort(),
    [...down].sort(),
    JSON.stringify(checks),
  );
  for (const name of down) assert.match(checks[name]!, /^down: /);
}

/** The log lines of requests that ended in a 500 since `mark` (a length of `shop.output()`). */
export function failedRequests(shop: ShopProcess, mark: number): string[] {
  return shop
    .output()
    .slice(mark)
    .split('\n')
    .filter((line) => line.includes('"msg":"request failed"'));
}

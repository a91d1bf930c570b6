/**
 * kago in production on a Redis of its own that the test restarts. Without persistence it refuses to start unless
 * REDIS_ALLOW_VOLATILE=true; allowed, a restart that empties Redis is logged as an error with how many sessions were
 * lost, and /readyz answers 200 "degraded" naming it. With AOF the restart loses nothing and nobody complains.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { findExecutable, skipUnlessAvailable } from '../support/extras.js';
import { freePort } from '../support/postgres.js';
import { startRedis, type RedisPersistence, type RedisServer } from '../support/redis.js';
import { eventually, http, startShopProcess, visitor, type ShopProcess } from '../support/shop-process.js';

const SKIP = skipUnlessAvailable(
  findExecutable('redis-server') ? undefined : 'redis-server not found; install with: apt-get install redis-server',
);
const PRODUCT = 'prod_RhLBIFHaTtAu8p'; // from the demo catalog

describe('production on a Redis that keeps nothing, and on one that keeps its data', { skip: SKIP }, () => {
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function redisServer(persistence: RedisPersistence): Promise<RedisServer> {
    const server = await startRedis({ persistence });
    cleanups.push(() => server.stop());
    return server;
  }

  /** kago as in production (SQLite, the demo catalog) on `redisUrl`. */
  async function productionShop(redisUrl: string, env: Record<string, string> = {}): Promise<ShopProcess> {
    const port = await freePort();
    const shop = await startShopProcess({
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: randomBytes(32).toString('base64'),
      STRIPE_SECRET_KEY: 'sk_test_kago_persistence',
      STRIPE_WEBHOOK_SECRET: 'whsec_kago_persistence',
      DEMO_CATALOG: 'true',
      REDIS_URL: redisUrl,
      ...env,
    });
    cleanups.push(() => shop.kill());
    return shop;
  }

  const lossLogs = (shop: ShopProcess) =>
    shop.logs().filter((line) => String(line.msg).startsWith('Redis lost its data'));

  it('refuses to start on a Redis without AOF or RDB, saying what to do', async () => {
    const redis = await redisServer('none');
    await assert.rejects(productionShop(redis.url), (error: Error) => {
      assert.match(error.message, /kago exited before it answered \(exit 1\)/);
      assert.match(
        error.message,
        /kago: cannot start: REDIS_URL: this Redis keeps no data \(appendonly no and no RDB save points\), so a restart of it empties every cart\. Turn on AOF \(appendonly yes\) or RDB save points, or set REDIS_ALLOW_VOLATILE=true/,
      );
      return true;
    });
  });

  it('with REDIS_ALLOW_VOLATILE=true it starts; a restart that empties Redis is logged with the sessions lost and named by /readyz', async () => {
    const redis = await redisServer('none');
    const shop = await productionShop(redis.url, { REDIS_ALLOW_VOLATILE: 'true' });
    assert.ok(
      shop.logs().some((line) => String(line.msg).startsWith('Redis keeps no data')),
      'warned at start',
    );
    const shoppers = [visitor(), visitor(), visitor()];
    for (const shopper of shoppers)
      assert.equal((await shopper.postJson(`${shop.url}/cart/add.js`, { id: PRODUCT })).status, 200);
    const ready = await http(`${shop.url}/readyz`);
    assert.deepEqual(
      [ready.status, ready.json()],
      [200, { status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: 'ok' } }],
    );

    await redis.pause();
    await redis.restart();
    await eventually('the loss is logged', async () => lossLogs(shop).length > 0, 20_000);
    const [loss, ...more] = lossLogs(shop);
    assert.deepEqual(more, []);
    assert.equal(loss!.level, 50, 'an error');
    assert.equal(loss!.sessionsLost, 3);
    assert.match(String(loss!.msg), /about 3 sessions and their carts are gone/);

    const degraded = await http(`${shop.url}/readyz`);
    assert.equal(
      degraded.status,
      200,
      'still serving: taking it out of the load balancer would not bring the carts back',
    );
    assert.equal(degraded.json().status, 'degraded');
    assert.match(
      degraded.json().checks.redis,
      /^degraded: lost its data at \S+: about 3 sessions and their carts are gone$/,
    );
    const cart = await shoppers[0]!.get(`${shop.url}/cart.js`);
    assert.deepEqual([cart.status, cart.json().item_count], [200, 0], 'the cart is gone, as the log says');
  });

  it('on a Redis with AOF, a restart keeps every cart: no loss, /readyz ready', async () => {
    const redis = await redisServer('aof');
    const shop = await productionShop(redis.url);
    const alice = visitor();
    assert.equal((await alice.postJson(`${shop.url}/cart/add.js`, { id: PRODUCT, quantity: 2 })).status, 200);

    await redis.pause();
    await redis.restart();
    await eventually('carts answer again', async () => (await alice.get(`${shop.url}/cart.js`)).status === 200, 20_000);
    assert.equal((await alice.get(`${shop.url}/cart.js`)).json().item_count, 2);
    const ready = await http(`${shop.url}/readyz`);
    assert.deepEqual([ready.status, ready.json().status], [200, 'ready']);
    assert.deepEqual(lossLogs(shop), []);
    assert.ok(!shop.logs().some((line) => String(line.msg).startsWith('Redis keeps no data')));
  });
});

/**
 * A Redis that keeps its connections but stops answering (CLIENT PAUSE: an overloaded or stalled server, a
 * failover in progress). Requests must still answer 503 + Retry-After once the command timeout passes, and a
 * payment that arrives while Redis refuses writes must still take the paid items out of the cart when Stripe
 * delivers the webhook again.
 */
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  assertUnavailable,
  failedRequests,
  OUTAGE_SKIP,
  startOutageShop,
  WEBHOOK_SECRET,
  type OutageShop,
} from '../support/outage-shop.js';
import { deliverStripeEvent, visitor } from '../support/shop-process.js';
import { openTestRedis } from '../support/stores.js';

describe('Redis stalls', { skip: OUTAGE_SKIP }, () => {
  let env: OutageShop;
  let admin: Redis;
  /** Redis holds every command (`ALL`) or every write (`WRITE`, scripts included) from other clients for `ms`. */
  const pause = async (ms: number, mode: 'ALL' | 'WRITE') =>
    void (await admin.call('CLIENT', 'PAUSE', String(ms), mode));

  before(async () => {
    env = await startOutageShop();
    admin = await openTestRedis(env.redis.url);
  });
  after(async () => {
    admin?.disconnect();
    await env?.close();
  });

  it('a stalled Redis: 503 + Retry-After after the command timeout, not 500', async () => {
    const { shop } = env;
    const alice = visitor();
    assert.equal((await alice.postJson(`${shop.url}/cart/add.js`, { id: 'prod_tea' })).status, 200);
    const mark = shop.output().length;
    await pause(3000, 'ALL');
    const started = Date.now();
    const [json, page] = await Promise.all([alice.get(`${shop.url}/cart.js`), alice.get(`${shop.url}/`)]);
    const waited = Date.now() - started;
    assertUnavailable(json, 'json');
    assertUnavailable(page, 'html');
    assert.deepEqual(failedRequests(shop, mark), []);
    assert.ok(waited < 3000, `answered in ${waited} ms, before Redis came back`);
    await sleep(3000 - (Date.now() - started));
  });

  it('paid while Redis refuses writes: the webhook is refused (503) and its redelivery empties the cart', async () => {
    const { shop, fake, database } = env;
    const bob = visitor();
    assert.equal((await bob.postJson(`${shop.url}/cart/add.js`, { id: 'prod_tea' })).status, 200);
    const started = await bob.postForm(`${shop.url}/checkout`);
    const session = [...fake.sessions.values()].find((candidate) => candidate.url === started.headers.location)!;
    fake.completeSession(session.id);
    const event = fake.event('checkout.session.completed', session.id);

    await pause(2500, 'WRITE');
    const during = await deliverStripeEvent(shop, event, WEBHOOK_SECRET);
    await sleep(2500);
    const redelivered = await deliverStripeEvent(shop, event, WEBHOOK_SECRET);
    const cart = (await bob.get(`${shop.url}/cart.js`)).json();
    const order = await database.db
      .selectFrom('orders')
      .select('status')
      .where('provider_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { during: during.status, redelivered: redelivered.status, order: order.status, itemsInCart: cart.item_count },
      { during: 503, redelivered: 200, order: 'paid', itemsInCart: 0 },
    );
  });
});

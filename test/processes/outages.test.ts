/**
 * A kago process on PostgreSQL and Redis servers of its own, which the tests stop and start again. While one is
 * down the shop answers 503 with Retry-After (JSON error shape or an HTML page), never 500; /readyz names what is
 * down, /healthz stays 200, the process stays up; once the server is back, requests work again without a
 * restart. A checkout cut off by the outage leaves no half-written order, and its retry reuses what was written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertNotReady,
  assertUnavailable,
  failedRequests,
  OUTAGE_SKIP,
  startOutageShop,
  type OutageShop,
} from '../support/outage-shop.js';
import { eventually, http, sessionCookie, visitor } from '../support/shop-process.js';

const items = (cart: { items: Array<{ stripe_price_id: string; quantity: number }> }) =>
  cart.items.map((item) => [item.stripe_price_id, item.quantity]);

describe('outages of PostgreSQL and Redis', { skip: OUTAGE_SKIP }, () => {
  let env: OutageShop;
  before(async () => {
    env = await startOutageShop();
  });
  after(async () => {
    await env?.close();
  });

  it('Redis down: the catalog still shows, the rest answers 503; back by itself when Redis returns (empty)', async (t) => {
    const { shop, redis } = env;
    const alice = visitor();
    assert.equal((await alice.postJson(`${shop.url}/cart/add.js`, { id: 'prod_tea' })).status, 200);
    const mark = shop.output().length;
    await redis.pause();

    assert.equal((await http(`${shop.url}/`)).status, 200, 'without a session cookie the catalog needs only SQL');
    const home = await alice.get(`${shop.url}/`);
    t.diagnostic(
      `GET / with a session cookie while Redis is down: ${home.status} (the session lookup fails; no degraded page)`,
    );
    assertUnavailable(home, 'html');
    assertUnavailable(await alice.get(`${shop.url}/cart.js`), 'json');
    assertUnavailable(await alice.postJson(`${shop.url}/cart/add.js`, { id: 'prod_cup' }), 'json');
    const newcomer = await http(`${shop.url}/cart/add.js`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"prod_tea"}',
    });
    assertUnavailable(newcomer, 'json');
    assert.equal(sessionCookie(newcomer), undefined, 'no session handed out');
    assertUnavailable(await alice.postForm(`${shop.url}/cart/add`, 'id=prod_cup'), 'html');
    assertUnavailable(await alice.postForm(`${shop.url}/checkout`), 'html');
    await assertNotReady(shop, ['redis']);
    assert.equal((await http(`${shop.url}/healthz`)).status, 200);
    assert.ok(shop.alive());

    await redis.restart();
    const took = await eventually(
      'carts work again',
      async () => (await visitor().postJson(`${shop.url}/cart/add.js`, { id: 'prod_tea' })).status === 200,
      10_000,
    );
    t.diagnostic(`carts worked again ${took} ms after Redis accepted connections`);
    assert.equal((await http(`${shop.url}/readyz`)).status, 200);
    const cart = await alice.get(`${shop.url}/cart.js`);
    assert.deepEqual(
      [cart.status, cart.json().item_count],
      [200, 0],
      'Redis came back empty: the old cookie is simply no session',
    );
    assert.equal((await alice.postJson(`${shop.url}/cart/add.js`, { id: 'prod_cup' })).status, 200);
    assert.deepEqual(failedRequests(shop, mark), []);
    assert.equal(
      await env.database.db.selectFrom('orders').select('id').executeTakeFirst(),
      undefined,
      'the refused checkout wrote nothing',
    );
  });

  it('PostgreSQL down: the cached catalog still shows, everything else answers 503, /healthz 200; back by itself, the cart as it was', async (t) => {
    const { shop, pg } = env;
    const bob = visitor();
    assert.equal((await http(`${shop.url}/`)).status, 200, 'the catalog page, rendered once per catalog version');
    assert.equal((await bob.postJson(`${shop.url}/cart/add.js`, { id: 'prod_tea' })).status, 200);
    const mark = shop.output().length;
    await pg.halt();

    const catalog = await http(`${shop.url}/`);
    assert.equal(catalog.status, 200, 'a visitor without a cart still gets the catalog from memory');
    assertUnavailable(await http(`${shop.url}/?page=2`), 'html');
    assert.equal(
      (await bob.get(`${shop.url}/`)).status,
      200,
      'with sessions and carts in Redis, a shopper with a cart does too',
    );
    assertUnavailable(await http(`${shop.url}/products/sencha-tea`), 'html');
    assertUnavailable(await bob.get(`${shop.url}/cart`), 'html');
    assertUnavailable(await bob.get(`${shop.url}/cart.js`), 'json');
    assertUnavailable(await bob.postJson(`${shop.url}/cart/add.js`, { id: 'prod_cup' }), 'json');
    assertUnavailable(await bob.postForm(`${shop.url}/cart/add`, 'id=prod_cup'), 'html');
    assertUnavailable(await bob.postForm(`${shop.url}/checkout`), 'html');
    await assertNotReady(shop, ['database', 'migrations']);
    assert.equal((await http(`${shop.url}/healthz`)).status, 200);
    assert.ok(shop.alive());

    await pg.resume();
    const took = await eventually(
      'pages work again',
      async () => (await http(`${shop.url}/products/sencha-tea`)).status === 200,
      10_000,
    );
    t.diagnostic(`pages worked again ${took} ms after PostgreSQL accepted connections`);
    assert.equal((await http(`${shop.url}/readyz`)).status, 200);
    assert.deepEqual(
      items((await bob.get(`${shop.url}/cart.js`)).json()),
      [['price_tea', 1]],
      'the refused adds changed nothing',
    );
    assert.equal(
      await env.database.db.selectFrom('orders').select('id').executeTakeFirst(),
      undefined,
      'the refused checkout wrote nothing',
    );
    assert.deepEqual(failedRequests(shop, mark), []);
  });

  it('PostgreSQL stops while a checkout waits on Stripe: no half-written order; the retry reuses the order and the Checkout Session', async (t) => {
    const { shop, pg, stripe, fake, database } = env;
    const carol = visitor();
    assert.equal((await carol.postJson(`${shop.url}/cart/add.js`, { id: 'prod_tea', quantity: 2 })).status, 200);
    const mark = shop.output().length;
    stripe.hold();
    const checkout = carol.postForm(`${shop.url}/checkout`);
    await stripe.held(); // the pending order is written; the Checkout Session is being created
    await pg.halt();
    stripe.open(); // Stripe answers; saving its session on the order fails
    const cut = await checkout;
    t.diagnostic(`checkout whose Checkout Session could not be saved: ${cut.status}`);
    // The database failed, not Stripe: the usual 503 page, not "the payment provider could not be reached".
    assertUnavailable(cut, 'html');
    await pg.resume();
    await eventually('pages work again', async () => (await http(`${shop.url}/`)).status === 200, 10_000);

    const orders = () =>
      database.db.selectFrom('orders').select(['id', 'status', 'total_amount', 'provider_session_id']).execute();
    const [order, ...others] = await orders();
    assert.deepEqual(others, []);
    assert.deepEqual([order!.status, order!.total_amount, order!.provider_session_id], ['pending', 2400, null]);
    const lines = await database.db
      .selectFrom('order_lines')
      .select(['order_id', 'price_id', 'quantity', 'line_total'])
      .execute();
    assert.deepEqual(
      lines,
      [{ order_id: order!.id, price_id: 'price_tea', quantity: 2, line_total: 2400 }],
      'the order was written whole',
    );

    const retried = await carol.postForm(`${shop.url}/checkout`);
    assert.equal(retried.status, 303);
    const sessions = [...fake.sessions.values()].filter((session) => session.metadata.order_id === order!.id);
    assert.equal(sessions.length, 1, 'one Checkout Session for the order: the retry got the same one back');
    assert.equal(retried.headers.location, sessions[0]!.url);
    const creates = fake.requests.filter((request) => request.path === '/v1/checkout/sessions');
    assert.deepEqual(
      creates.map((request) => request.idempotencyKey),
      [`kago-order-${order!.id}`, `kago-order-${order!.id}`],
    );
    assert.deepEqual(await orders(), [{ ...order!, provider_session_id: sessions[0]!.id }]);
    assert.deepEqual(failedRequests(shop, mark), []);
  });
});

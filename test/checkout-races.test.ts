/**
 * Read-your-own-writes on SQLite and PostgreSQL, with the racing step held at a chosen point by a wrapped store
 * rather than left to timing: the cart page is not sent before it has recorded the price changes it shows, and
 * the success page does not answer while a webhook (in this process or another) is still taking the items just
 * paid for out of the cart. An add caught by the session's new id at checkout is refused, never lost.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import type { CartStore } from '../src/cart/cart-store.js';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices, CART_PRICES, cartApi, importCartCatalog } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { headerCount } from './support/http.js';

const KEY = 'sk_test_kago_race_tests';
const WEBHOOK_SECRET = 'whsec_kago_race_tests';
const signer = new Stripe(KEY);
/** How long a held step waits for an answer that must not come while it is held: only a safety net. */
const MUST_NOT_ANSWER_MS = 300;

/** A point where a store call waits: `hold()` arms it, `reached` resolves when a call arrives, `release()` lets it go. */
function gate() {
  let armed = false;
  let arrive = () => {};
  let release = () => {};
  let reached = Promise.resolve();
  let open = Promise.resolve();
  return {
    hold() {
      armed = true;
      reached = new Promise<void>((resolve) => (arrive = resolve));
      open = new Promise<void>((resolve) => (release = resolve));
    },
    get reached() {
      return reached;
    },
    release: () => {
      armed = false;
      release();
    },
    async pass() {
      if (!armed) return;
      arrive();
      await open;
    },
  };
}

/** The cart store with gates before marking prices seen, before adds, and before taking a paid order's lines out. */
function gatedCarts(
  carts: CartStore,
  gates: { mark: ReturnType<typeof gate>; add: ReturnType<typeof gate>; remove: ReturnType<typeof gate> },
): CartStore {
  return {
    ...carts,
    async markPricesSeen(sessionId, seen) {
      await gates.mark.pass();
      return carts.markPricesSeen(sessionId, seen);
    },
    async apply(sessionId, commands, now, expectedVersion) {
      if (commands.every((command) => command.kind === 'remove')) await gates.remove.pass();
      if (commands.every((command) => command.kind === 'add')) await gates.add.pass();
      return carts.apply(sessionId, commands, now, expectedVersion);
    },
    // The gate stands between finding the session and writing: the session is looked up first (loadSession) here,
    // not checked by the add's own read (test/cart-add-session.test.ts holds that read's write instead).
    applyToLiveSession: undefined,
  };
}

for (const target of databaseTargets()) {
  describe(`read-your-own-writes on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let fake: FakeStripe;
    /** The shop with gated stores, and a second process on the same database (its own memory, no gates). */
    let shop: TestShop;
    let other: TestShop;
    const gates = { mark: gate(), add: gate(), remove: gate() };
    const rows = () => checkoutRows(database.db);

    const deliver = (event: object) => {
      const payload = JSON.stringify(event);
      const signature = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      return shop.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        payload,
      });
    };

    async function paidCheckout() {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      await alice.add('prod_cup', 1);
      assert.equal((await alice.checkout()).statusCode, 303);
      const [order] = (await rows()).orders;
      const session = fake.completeSession(order!.provider_session_id!);
      return { alice, session, event: fake.event('checkout.session.completed', session.id) };
    }

    before(async () => {
      fake = await startFakeStripe();
      addCartPrices(fake);
      database = await target.open();
      const env = { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fake.url };
      shop = await startTestShop(database, {
        env,
        deps: { wrapStores: (stores) => ({ ...stores, carts: gatedCarts(stores.carts, gates) }) },
      });
      other = await startTestShop(database, { env });
    });
    after(async () => {
      await shop?.app.close();
      await other?.app.close();
      await database?.close();
      await fake?.close();
    });
    beforeEach(async () => {
      await resetCheckoutData(database.db);
    });

    it('the cart page is sent only once the price change it shows is recorded: a checkout pressed at once goes ahead', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea');
      await importCartCatalog(database.db, {
        prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
      });
      gates.mark.hold();
      const page = alice.get('/cart');
      const pressed = page.then(() => alice.checkout()); // the shopper presses checkout the moment the page arrives
      await gates.mark.reached;
      // Held until that checkout has answered (it must not: the page waits for the record) or the safety net.
      await Promise.race([pressed, delay(MUST_NOT_ANSWER_MS)]);
      gates.mark.release();
      assert.match((await page).body, /<del>¥1,200<\/del> <ins>¥1,500<\/ins>/);
      assert.match((await pressed).headers.location as string, /\/pay\/cs_test_/);
      assert.deepEqual(
        (await rows()).orders.map((order) => order.total_amount),
        [1500],
      );
    });

    it('an add caught by checkout giving the session a new id: 409 session_changed, not lost in a new cart, nothing changed', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea');
      const planted = alice.cookie!;
      gates.add.hold();
      const adding = cartApi(shop).post('/cart/add.js', { id: 'prod_cup', quantity: 1 }, planted);
      await gates.add.reached; // the add has found the session and waits to write
      assert.match((await alice.checkout()).headers.location as string, /\/pay\/cs_test_/);
      const before = await rows();
      gates.add.release();
      const refused = await adding;
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'session_changed');
      assert.equal(refused.cookie, undefined, 'no new session replaces the one checkout gave');
      assert.deepEqual(await rows(), before);
    });

    for (const where of ['this process', 'another process'] as const) {
      it(`the success page waits while a webhook in ${where} takes the paid items out of the cart`, async () => {
        const { alice, session, event } = await paidCheckout();
        const versionBefore = (await rows()).sessions[0]!.cart_version;
        gates.remove.hold();
        const delivery = deliver(event);
        await gates.remove.reached; // the webhook has paid the order and holds the claim to clear the cart
        const visit =
          where === 'this process'
            ? alice.get(`/checkout/success?session_id=${session.id}`)
            : other.app.inject({
                url: `/checkout/success?session_id=${session.id}`,
                headers: { cookie: alice.cookie! },
              });
        const answeredWhileHeld = await Promise.race([
          visit.then(() => true),
          delay(MUST_NOT_ANSWER_MS).then(() => false),
        ]);
        gates.remove.release();
        const success = await visit;
        assert.equal(answeredWhileHeld, false, 'no answer while the items are still in the cart');
        assert.equal(success.statusCode, 200);
        assert.match(success.body, /Thank you for your order/);
        assert.equal(headerCount(success.body), 0);
        assert.equal((await delivery).statusCode, 200);
        const state = await rows();
        assert.deepEqual(state.lines, []);
        assert.equal(state.sessions[0]!.cart_version, versionBefore + 1, 'cleared once');
      });
    }
  });
}

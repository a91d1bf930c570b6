/**
 * Product and price webhooks on SQLite and PostgreSQL: applied within the request and bumping the catalog version;
 * a price of an unseen product brings the product; each event id applied once, also when delivered twice at once;
 * an older read of Stripe never overwrites a newer one, whether the newer came from another event or from a sync,
 * and a sync keeps what webhooks wrote while it was reading.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { syncCatalog } from '../src/catalog/stripe/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { snapshotCatalog } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import {
  at,
  catalogVersion,
  deliver,
  fakeReader,
  gate,
  seedStripeCatalog,
  SYNC_KEY,
  SYNC_WEBHOOK_SECRET,
} from './support/stripe-catalog.js';

const NOW = Date.UTC(2025, 0, 1);
const now = () => NOW;

for (const target of databaseTargets()) {
  describe(`product and price webhooks on ${target.name}`, { skip: target.skip }, () => {
    let fake: FakeStripe;
    let database: TestDatabase;
    let shop: TestShop;
    const product = (id: string) =>
      database.db
        .selectFrom('products')
        .select(['name', 'active', 'default_price_id', 'listing_position'])
        .where('id', '=', id)
        .executeTakeFirst();
    const sync = () => syncCatalog(database.db, fakeReader(fake), { now });

    before(async () => {
      fake = await startFakeStripe();
    });
    after(async () => {
      await fake?.close();
    });
    beforeEach(async () => {
      await shop?.app.close();
      await database?.close();
      database = await target.open();
      fake.catalog.products.clear();
      fake.catalog.prices.clear();
      fake.beforeSend = undefined;
      seedStripeCatalog(fake);
      await sync();
      shop = await startTestShop(database, {
        env: {
          STRIPE_SECRET_KEY: SYNC_KEY,
          STRIPE_WEBHOOK_SECRET: SYNC_WEBHOOK_SECRET,
          STRIPE_API_URL: fake.url,
          CATALOG_SYNC_INTERVAL: 'off',
        },
      });
      fake.requests.length = 0;
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it("sells a product at the default price Stripe names as soon as the event arrives, and keeps a price's lookup key", async () => {
      assert.equal(
        (await product('prod_tea'))!.default_price_id,
        'price_tea',
        'its named default is recurring: not sold',
      );
      const version = await catalogVersion(database.db);
      await deliver(shop, fake.catalog.updateProduct('prod_tea', { default_price: 'price_tea_old' }));
      assert.equal((await product('prod_tea'))!.default_price_id, 'price_tea_old');
      assert.equal(await catalogVersion(database.db), version + 1);
      await deliver(shop, fake.catalog.updatePrice('price_tea_old', { lookup_key: 'sencha-old' }));
      const lookupKey = async () =>
        (
          await database.db
            .selectFrom('prices')
            .select('lookup_key')
            .where('id', '=', 'price_tea_old')
            .executeTakeFirstOrThrow()
        ).lookup_key;
      assert.equal(await lookupKey(), 'sencha-old');
      await deliver(shop, fake.catalog.updateProduct('prod_tea', { default_price: null }));
      assert.equal((await product('prod_tea'))!.default_price_id, 'price_tea', 'back to its newest option');
      const stored = await snapshotCatalog(database.db);
      await sync();
      assert.deepEqual(await snapshotCatalog(database.db), stored, 'a sync of the same catalog writes nothing');
      assert.equal(await lookupKey(), 'sencha-old');
    });

    it('applies product and price events within the request, each bumping the catalog version', async () => {
      const version = await catalogVersion(database.db);
      assert.equal(
        (await deliver(shop, fake.catalog.createProduct({ id: 'prod_new', name: 'Matcha', created: at(40) })))
          .statusCode,
        200,
      );
      assert.deepEqual(await product('prod_new'), {
        name: 'Matcha',
        active: 1,
        default_price_id: null,
        listing_position: null,
      });
      await deliver(
        shop,
        fake.catalog.createPrice({
          id: 'price_new',
          product: 'prod_new',
          currency: 'jpy',
          unit_amount: 1800,
          created: at(41),
        }),
      );
      assert.deepEqual(await product('prod_new'), {
        name: 'Matcha',
        active: 1,
        default_price_id: 'price_new',
        listing_position: 1,
      });
      await deliver(shop, fake.catalog.updateProduct('prod_new', { name: 'Uji matcha' }));
      assert.equal((await product('prod_new'))!.name, 'Uji matcha');
      await deliver(shop, fake.catalog.deletePrice('price_new'));
      const price = await database.db
        .selectFrom('prices')
        .select('active')
        .where('id', '=', 'price_new')
        .executeTakeFirstOrThrow();
      assert.equal(price.active, 0, 'kept, inactive');
      assert.deepEqual(await product('prod_new'), {
        name: 'Uji matcha',
        active: 1,
        default_price_id: null,
        listing_position: null,
      });
      await deliver(shop, fake.catalog.deleteProduct('prod_new'));
      assert.equal((await product('prod_new'))!.active, 0);
      assert.equal(await catalogVersion(database.db), version + 5);
    });

    it('brings the product of a price it has not seen, read with the price', async () => {
      fake.catalog.createProduct({ id: 'prod_unseen', name: 'Genmaicha', created: at(50) });
      const response = await deliver(
        shop,
        fake.catalog.createPrice({
          id: 'price_unseen',
          product: 'prod_unseen',
          currency: 'jpy',
          unit_amount: 700,
          created: at(51),
        }),
      );
      assert.equal(response.statusCode, 200);
      assert.deepEqual(await product('prod_unseen'), {
        name: 'Genmaicha',
        active: 1,
        default_price_id: 'price_unseen',
        listing_position: 1,
      });
      assert.deepEqual(
        fake.requests.map((request) => [request.path, request.params.expand]),
        [['/v1/prices/price_unseen', ['product']]],
      );
    });

    it('applies an event once, also when it arrives twice at once', async () => {
      const event = fake.catalog.updateProduct('prod_tea', { name: 'Gyokuro' });
      const version = await catalogVersion(database.db);
      const answers = await Promise.all([deliver(shop, event), deliver(shop, event)]);
      assert.deepEqual(
        answers.map((answer) => answer.statusCode),
        [200, 200],
      );
      assert.equal((await product('prod_tea'))!.name, 'Gyokuro');
      assert.equal(await catalogVersion(database.db), version + 1, 'applied once');
      const again = await deliver(shop, event);
      assert.deepEqual(again.json(), { received: true, duplicate: true });
      assert.equal(await catalogVersion(database.db), version + 1);
    });

    it('never writes an older read over a newer one from a later event', async () => {
      const held = gate();
      const answered = gate();
      fake.beforeSend = async ({ path }) => {
        if (path !== '/v1/products/prod_tea' || fake.requests.filter((request) => request.path === path).length > 1)
          return;
        answered.open();
        await held.wait; // this read said "Gyokuro"; Stripe changes before it arrives
      };
      const first = deliver(shop, fake.catalog.updateProduct('prod_tea', { name: 'Gyokuro' }));
      await answered.wait;
      const second = await deliver(shop, fake.catalog.updateProduct('prod_tea', { name: 'Kabusecha' }));
      assert.equal(second.statusCode, 200);
      assert.equal((await product('prod_tea'))!.name, 'Kabusecha');
      held.open();
      assert.equal((await first).statusCode, 200);
      assert.equal((await product('prod_tea'))!.name, 'Kabusecha', 'the older read is dropped');
    });

    it('keeps what webhooks wrote while a sync was reading, and drops a webhook read older than a finished sync', async () => {
      const held = gate();
      const reading = gate();
      fake.beforeSend = async ({ path }) => {
        if (path !== '/v1/prices') return;
        reading.open();
        await held.wait; // the sync has read the products (tea is "Sencha"), and waits for its prices
      };
      const syncing = sync();
      await reading.wait;
      fake.beforeSend = undefined;
      await deliver(shop, fake.catalog.updateProduct('prod_tea', { name: 'Gyokuro' }));
      await deliver(shop, fake.catalog.createProduct({ id: 'prod_mid', name: 'Bancha', created: at(60) }));
      held.open();
      await syncing;
      assert.equal(
        (await product('prod_tea'))!.name,
        'Gyokuro',
        'the sync read "Sencha" before the webhook read "Gyokuro"',
      );
      assert.equal((await product('prod_mid'))!.active, 1, 'made while the sync read: not deactivated');

      const webhookHeld = gate();
      const webhookRead = gate();
      fake.beforeSend = async ({ path }) => {
        if (path !== '/v1/products/prod_tea') return;
        webhookRead.open();
        await webhookHeld.wait; // this read says "Sencha again"
      };
      const late = deliver(shop, fake.catalog.updateProduct('prod_tea', { name: 'Sencha again' }));
      await webhookRead.wait;
      fake.beforeSend = undefined;
      fake.catalog.updateProduct('prod_tea', { name: 'Shincha' });
      await sync();
      webhookHeld.open();
      assert.equal((await late).statusCode, 200);
      assert.equal((await product('prod_tea'))!.name, 'Shincha');
    });

    it('answers 200 to an event about an object it cannot take, and changes nothing', async () => {
      const before = await snapshotCatalog(database.db);
      const response = await deliver(
        shop,
        fake.catalog.createPrice({
          id: 'price_xts',
          product: 'prod_tea',
          currency: 'xts',
          unit_amount: 5,
          created: at(70),
        }),
      );
      assert.equal(response.statusCode, 200);
      assert.deepEqual(await snapshotCatalog(database.db), before);
    });
  });
}

/**
 * `kago sync` on SQLite and PostgreSQL, through the real SDK against the fake Stripe: the rows it writes are the rows
 * an import of the same catalog writes; it is idempotent, all or nothing, and has a dry run; what left Stripe becomes
 * inactive; every page is read; rate limits and cut connections are retried with backoff, resuming where the list
 * broke; a failure part-way changes nothing; a restricted key with read access is enough.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { importCatalog, ImportFailedError } from '../src/catalog/index.js';
import { syncCatalog } from '../src/catalog/stripe/index.js';
import { snapshotCatalog } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import {
  at,
  catalogVersion,
  exportsOf,
  fakeReader,
  instantRetries,
  seedStripeCatalog,
} from './support/stripe-catalog.js';

const NOW = Date.UTC(2025, 0, 1);
const now = () => NOW;

for (const target of databaseTargets()) {
  describe(`kago sync on ${target.name}`, { skip: target.skip }, () => {
    let fake: FakeStripe;
    let database: TestDatabase;

    before(async () => {
      fake = await startFakeStripe();
    });
    after(async () => {
      await fake?.close();
    });
    beforeEach(async () => {
      await database?.close();
      database = await target.open();
      fake.catalog.products.clear();
      fake.catalog.prices.clear();
      fake.requests.length = 0;
      fake.beforeSend = undefined;
      seedStripeCatalog(fake);
    });
    after(async () => {
      await database?.close();
    });

    it('writes the rows an import of the same catalog writes, and the same report', async () => {
      const report = await syncCatalog(database.db, fakeReader(fake), { now });
      const imported = await target.open();
      try {
        const importReport = await importCatalog(imported.db, exportsOf(fake), { now });
        assert.deepEqual(await snapshotCatalog(database.db), await snapshotCatalog(imported.db));
        assert.deepEqual({ ...report, notes: [], warnings: [] }, { ...importReport, notes: [], warnings: [] });
        // Lines differ (a sync numbers Stripe's objects in its own order), so the notes are compared as sets of messages.
        assert.deepEqual(
          report.notes.map((note) => note.message).sort(),
          importReport.notes.map((note) => note.message).sort(),
        );
        assert.deepEqual(
          report.warnings.map((warning) => warning.message),
          importReport.warnings.map((warning) => warning.message),
        );
      } finally {
        await imported.close();
      }
      const rows = await snapshotCatalog(database.db);
      const product = (id: string) => rows.products.find((row) => row.id === id)!;
      const price = (id: string) => rows.prices.find((row) => row.id === id)!;
      assert.equal(product('prod_tea').default_price_id, 'price_tea', 'the newest one-time price sells');
      assert.equal(product('prod_tea').stripe_default_price_id, 'price_tea_club', 'its Stripe default, not sold');
      assert.equal(price('price_tea').lookup_key, 'sencha-100g');
      assert.equal(price('price_tea_old').lookup_key, null);
      assert.equal(product('prod_tea').description, 'First flush, Shizuoka');
      assert.equal(product('prod_cup').image, 'https://img.example/cup.jpg');
      assert.equal(product('prod_cup').handle, 'yunomi');
      assert.equal(product('prod_ebook').shippable, 0);
      assert.equal(product('prod_old').active, 0);
      assert.deepEqual(JSON.parse(product('prod_tea').metadata), { collection: 'Tea', stock: '12' });
      assert.equal(price('price_tea').tax_behavior, 'inclusive');
      assert.equal(price('price_tea').description, '100 g');
      assert.equal(price('price_tea').created_at, at(6) * 1000);
      assert.equal(price('price_tea_club').type, 'recurring');
      assert.equal(price('price_ebook').unit_amount, 990);
      assert.equal(price('price_cup_set'), undefined, 'tiered prices are skipped');
      assert.deepEqual(
        rows.stock.map((row) => [row.product_id, row.on_hand]),
        [['prod_tea', 12]],
      );
      assert.deepEqual(report.notes, [
        {
          file: 'Stripe prices',
          line: 2,
          message: 'price price_ebook skipped: priced in USD, and the shop sells in JPY (SHOP_CURRENCY)',
        },
        {
          file: 'Stripe prices',
          line: 3,
          message: 'price price_cup_set skipped: tiered pricing is not sold in the cart',
        },
      ]);
      assert.deepEqual(report.prices, {
        added: 6,
        updated: 0,
        unchanged: 0,
        deactivated: 0,
        recurring: 1,
        skipped: 1,
        otherCurrency: 1,
      });
    });

    it('changes nothing when synced again, nothing on a dry run, and deactivates what left Stripe', async () => {
      await syncCatalog(database.db, fakeReader(fake), { now });
      const synced = await snapshotCatalog(database.db);
      const again = await syncCatalog(database.db, fakeReader(fake), { now: () => NOW + 60_000 });
      assert.deepEqual(again.products, { added: 0, updated: 0, unchanged: 4, deactivated: 0 });
      assert.deepEqual(await snapshotCatalog(database.db), synced, 'not even updated_at moves');

      fake.catalog.updateProduct('prod_cup', { name: 'Yunomi cup' });
      fake.catalog.deletePrice('price_ebook');
      fake.catalog.deleteProduct('prod_ebook');
      const version = await catalogVersion(database.db);
      const dry = await syncCatalog(database.db, fakeReader(fake), { now, dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.deepEqual(dry.products, { added: 0, updated: 1, unchanged: 2, deactivated: 1 });
      assert.deepEqual(await snapshotCatalog(database.db), synced);
      assert.equal(await catalogVersion(database.db), version);

      const report = await syncCatalog(database.db, fakeReader(fake), { now });
      assert.deepEqual(report.prices, {
        added: 0,
        updated: 0,
        unchanged: 5,
        deactivated: 1,
        recurring: 1,
        skipped: 1,
        otherCurrency: 0,
      });
      const rows = await snapshotCatalog(database.db);
      assert.deepEqual(
        rows.products.map((row) => [row.id, row.name, row.active]),
        [
          ['prod_cup', 'Yunomi cup', 1],
          ['prod_ebook', 'Tea guide (e-book)', 0],
          ['prod_old', 'Old blend', 0],
          ['prod_tea', 'Sencha', 1],
        ],
      );
      assert.equal(
        rows.prices.find((row) => row.id === 'price_ebook')!.active,
        0,
        'kept, inactive: orders point at it',
      );
      assert.equal(await catalogVersion(database.db), version + 1);
    });

    it('reads every page through auto-pagination, and resumes after the last object when a page fails', async () => {
      for (let i = 0; i < 205; i++)
        fake.catalog.createProduct({
          id: `prod_bulk_${String(i).padStart(3, '0')}`,
          name: `Bulk ${i}`,
          created: at(100 + i),
        });
      let broken = false;
      fake.beforeSend = ({ path, params }) => {
        // Once the second page of products is answered, the next request's connection is cut twice, then one is rate limited.
        if (path === '/v1/products' && params.starting_after && !broken) {
          broken = true;
          fake.failNext({
            status: 429,
            type: 'invalid_request_error',
            code: 'rate_limit',
            message: 'Too many requests',
          });
          fake.dropNext(2);
        }
      };
      const retry = instantRetries();
      const report = await syncCatalog(database.db, fakeReader(fake, retry), { now });
      assert.equal(report.products!.added, 209);
      const pages = fake.requests.filter((request) => request.path === '/v1/products');
      // Page 3 (after bulk_005): its connection cut twice (the SDK retries a closed connection once by itself), then
      // rate limited, then answered; each retry asks for the page after the last product received.
      assert.deepEqual(
        pages.map((request) => [request.params.limit, request.params.starting_after, request.status]),
        [
          ['100', undefined, 200],
          ['100', 'prod_bulk_105', 200],
          ['100', 'prod_bulk_005', 0],
          ['100', 'prod_bulk_005', 0],
          ['100', 'prod_bulk_005', 429],
          ['100', 'prod_bulk_005', 200],
        ],
      );
      assert.equal(
        pages.filter((request) => request.params.starting_after === undefined).length,
        1,
        'the first page is read once: the list resumes',
      );
      assert.deepEqual(retry.waits, [1000, 2000], 'backoff doubles');
    });

    it('changes nothing when Stripe keeps failing part-way, or refuses the key', async () => {
      await syncCatalog(database.db, fakeReader(fake), { now });
      const synced = await snapshotCatalog(database.db);
      const version = await catalogVersion(database.db);
      fake.catalog.updateProduct('prod_tea', { name: 'Gyokuro' });
      fake.beforeSend = ({ path }) => {
        if (path === '/v1/products') fake.failNext({ status: 500 }, 3); // the products are read; the prices are not
      };
      const retry = instantRetries(3);
      await assert.rejects(syncCatalog(database.db, fakeReader(fake, retry), { now }), Stripe.errors.StripeAPIError);
      assert.equal(retry.waits.length, 2);
      fake.beforeSend = undefined;
      await assert.rejects(
        syncCatalog(database.db, fakeReader(fake, retry, 'sk_live_not_this_account'), { now }),
        Stripe.errors.StripeAuthenticationError,
      );
      assert.deepEqual(await snapshotCatalog(database.db), synced);
      assert.equal(await catalogVersion(database.db), version);
    });

    it('works with a restricted key that reads products and prices, and says which permission a narrower one lacks', async () => {
      fake.restrictedKey('rk_test_kago_catalog', ['products:read', 'prices:read']);
      fake.restrictedKey('rk_test_kago_products_only', ['products:read']);
      const report = await syncCatalog(database.db, fakeReader(fake, instantRetries(), 'rk_test_kago_catalog'), {
        now,
      });
      assert.equal(report.products!.added, 4);
      fake.catalog.updateProduct('prod_tea', { name: 'Gyokuro' });
      const synced = await snapshotCatalog(database.db);
      const refused = await syncCatalog(database.db, fakeReader(fake, instantRetries(), 'rk_test_kago_products_only'), {
        now,
      }).then(
        () => assert.fail('the sync should be refused'),
        (error: unknown) => error,
      );
      assert.ok(refused instanceof Stripe.errors.StripePermissionError);
      assert.match(refused.message, /'rak_price_read' permission/);
      assert.deepEqual(await snapshotCatalog(database.db), synced);
    });

    it('stops on objects the shop cannot take, naming each, and changes nothing', async () => {
      fake.catalog.createPrice({
        id: 'price_bad',
        product: 'prod_tea',
        currency: 'xts',
        unit_amount: 5,
        created: at(20),
      });
      fake.catalog.createPrice({
        id: 'price_frac',
        product: 'prod_cup',
        currency: 'usd',
        unit_amount: null,
        unit_amount_decimal: '12.5',
        created: at(21),
      });
      const before = await snapshotCatalog(database.db);
      const error = await syncCatalog(database.db, fakeReader(fake), { now }).then(
        () => assert.fail('the sync should fail'),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof ImportFailedError);
      assert.deepEqual(error.problems, [
        {
          file: 'Stripe prices',
          line: 1,
          message: `price_frac: unit_amount_decimal "12.5" is not a whole amount of the currency's smallest unit`,
        },
        { file: 'Stripe prices', line: 2, message: 'price_bad: currency "xts" is not a known currency code' },
      ]);
      assert.deepEqual(await snapshotCatalog(database.db), before);
    });

    it('fetches a product made after the products were read when one of its prices is listed', async () => {
      fake.beforeSend = ({ path }) => {
        if (path !== '/v1/products' || fake.catalog.products.has('prod_late')) return;
        fake.catalog.createProduct({ id: 'prod_late', name: 'Hojicha', created: at(30) });
        fake.catalog.createPrice({
          id: 'price_late',
          product: 'prod_late',
          currency: 'jpy',
          unit_amount: 900,
          created: at(31),
        });
      };
      const report = await syncCatalog(database.db, fakeReader(fake), { now });
      assert.equal(report.products!.added, 5);
      const late = await database.db
        .selectFrom('products')
        .select(['name', 'default_price_id', 'listing_position'])
        .where('id', '=', 'prod_late')
        .executeTakeFirstOrThrow();
      assert.deepEqual(late, { name: 'Hojicha', default_price_id: 'price_late', listing_position: 1 });
      assert.ok(fake.requests.some((request) => request.path === '/v1/products/prod_late'));
    });
  });
}

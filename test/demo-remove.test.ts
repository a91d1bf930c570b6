/**
 * The demo catalog after the owner's own import: still in the shop (inactive, its pages reachable) until
 * `kago demo remove` takes it out through the real CLI. Orders with demo items keep their recorded lines; carts lose
 * the demo lines and keep the rest (in the database, and in Redis with REDIS_URL); the start never imports the demo
 * again, even into an empty shop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importDemoCatalogIfEmpty } from '../src/catalog/index.js';
import { startTestShop } from './support/app.js';
import { catalogFiles } from './support/catalog.js';
import { shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { insertOrders, seedOrder } from './support/order-seed.js';
import { skipUnlessAvailable } from './support/extras.js';
import { runCli } from './support/processes.js';
import { redisUnavailableReason, startRedis } from './support/redis.js';

const databaseUrl = (database: TestDatabase) =>
  database.config.dialect === 'sqlite' ? `sqlite:${database.config.file}` : database.config.url;
const TENUGUI = { product: 'prod_RhLBIFHaTtAu8p', price: 'price_1ClTG6SOOZ550Y5BiKwQXpjq' };
const OWN = catalogFiles(
  [{ id: 'prod_own_tea', name: 'Our own tea' }],
  [{ id: 'price_own_tea', product: 'prod_own_tea', amount: '900', currency: 'jpy' }],
);

for (const target of databaseTargets()) {
  describe(`kago demo remove on ${target.name}`, { skip: target.skip }, () => {
    it(
      'takes the demo out after the own import: orders keep their lines, carts lose only the demo lines',
      { timeout: 120_000 },
      async () => {
        const database = await target.open();
        const env = { DATABASE_URL: databaseUrl(database) };
        try {
          assert.ok(await importDemoCatalogIfEmpty(database.db), 'the demo is imported into the empty shop');
          const { handle } = await database.db
            .selectFrom('products')
            .select('handle')
            .where('id', '=', TENUGUI.product)
            .executeTakeFirstOrThrow();
          await insertOrders(database.db, [
            seedOrder(1, {
              lines: [
                {
                  position: 1,
                  cart_line_key: TENUGUI.price,
                  price_id: TENUGUI.price,
                  product_id: TENUGUI.product,
                  name: 'Tenugui hand towel 手ぬぐい',
                  unit_amount: 1320,
                  quantity: 2,
                  line_total: 2640,
                },
              ],
            }),
          ]);
          const orderLines = await database.db.selectFrom('order_lines').selectAll().execute();
          const first = await startTestShop(database);
          const shopperA = shopper(first);
          try {
            assert.equal((await shopperA.add(TENUGUI.price)).statusCode, 303);
          } finally {
            await first.app.close();
          }

          const imported = await runCli(['import', '--products', OWN.products, '--prices', OWN.prices], env);
          assert.equal(imported.code, 0, imported.stderr);
          assert.match(imported.stdout, /^Products: 1 added, 0 updated, 0 unchanged, 25 deactivated$/m);
          assert.match(
            imported.stdout,
            /^note: the demo catalog is still in the shop \(25 products, no longer sold\); `npm run kago -- demo remove` takes it out$/m,
          );

          const second = await startTestShop(database);
          try {
            assert.equal(
              (await second.app.inject({ url: `/products/${handle}` })).statusCode,
              200,
              'inactive, but reachable',
            );
            const again = shopper(second); // the same browser comes back
            again.cookie = shopperA.cookie;
            assert.equal((await again.add('price_own_tea')).statusCode, 303);
          } finally {
            await second.app.close();
          }

          const removed = await runCli(['demo', 'remove'], env);
          assert.equal(removed.code, 0, removed.stderr);
          assert.deepEqual(removed.stdout.trim().split('\n'), [
            'Removed the demo catalog: 25 products, 25 prices.',
            'Carts: 1 demo line removed from 1 cart.',
            'Orders: 1 order with demo items keep their recorded lines.',
            'The demo will not be imported at start again.',
          ]);

          assert.deepEqual(
            (await database.db.selectFrom('products').select('id').execute()).map((row) => row.id),
            ['prod_own_tea'],
          );
          assert.deepEqual(
            (await database.db.selectFrom('prices').select('id').execute()).map((row) => row.id),
            ['price_own_tea'],
          );
          assert.deepEqual(await database.db.selectFrom('stock_levels').selectAll().execute(), []);
          assert.deepEqual(
            await database.db.selectFrom('order_lines').selectAll().execute(),
            orderLines,
            'orders keep their recorded lines',
          );
          assert.deepEqual(
            (await database.db.selectFrom('cart_lines').select(['price_id', 'quantity']).execute()).map((line) => [
              line.price_id,
              Number(line.quantity),
            ]),
            [['price_own_tea', 1]],
          );

          const third = await startTestShop(database);
          try {
            assert.equal((await third.app.inject({ url: `/products/${handle}` })).statusCode, 404);
            const cart = await third.app.inject({ url: '/cart.js', headers: { cookie: shopperA.cookie! } });
            assert.equal(cart.statusCode, 200);
            const body = cart.json() as { item_count: number; items: { title: string }[] };
            assert.deepEqual([body.item_count, body.items.map((item) => item.title)], [1, ['Our own tea']]);
            const home = await third.app.inject({ url: '/' });
            assert.match(home.body, /Our own tea/);
            assert.doesNotMatch(home.body, /Tenugui/);
            const search = await third.app.inject({ url: '/search?q=tenugui' });
            assert.doesNotMatch(search.body, /Tenugui hand towel/);
          } finally {
            await third.app.close();
          }
        } finally {
          await database.close();
        }
      },
    );

    it(
      'a shop emptied by demo remove is not given the demo again at start; a second remove changes nothing',
      { timeout: 120_000 },
      async () => {
        const database = await target.open();
        const env = { DATABASE_URL: databaseUrl(database) };
        try {
          await importDemoCatalogIfEmpty(database.db);
          const removed = await runCli(['demo', 'remove'], env);
          assert.equal(removed.code, 0, removed.stderr);
          assert.match(removed.stdout, /^Carts: 0 demo lines removed from 0 carts\.$/m);
          assert.equal(
            await importDemoCatalogIfEmpty(database.db),
            undefined,
            'what the start does with an empty catalog',
          );
          assert.deepEqual(await database.db.selectFrom('products').select('id').execute(), []);
          const again = await runCli(['demo', 'remove'], env);
          assert.equal(again.code, 0, again.stderr);
          assert.equal(
            again.stdout.trim(),
            'The demo catalog is not in this shop: nothing to remove. It will not be imported at start.',
          );
          const usage = await runCli(['demo', 'delete'], env);
          assert.equal(usage.code, 2);
          assert.match(usage.stderr, /^kago demo: expected "demo remove"/);
        } finally {
          await database.close();
        }
      },
    );
  });
}

describe('kago demo remove with carts in Redis', { skip: skipUnlessAvailable(redisUnavailableReason()) }, () => {
  it('takes the demo lines out of the carts in Redis too, keeping the other lines', { timeout: 120_000 }, async () => {
    // A Redis of its own: the sweep walks every cart under the shop's key prefix.
    const redis = await startRedis();
    const database = await databaseTargets()[0]!.open();
    const env = { DATABASE_URL: databaseUrl(database), REDIS_URL: redis.url };
    try {
      await importDemoCatalogIfEmpty(database.db);
      const redisEnv = { env: { REDIS_URL: redis.url } };
      const before = await startTestShop(database, redisEnv);
      const demoOnly = shopper(before);
      const mixed = shopper(before);
      try {
        assert.equal((await demoOnly.add(TENUGUI.price, 2)).statusCode, 303);
        assert.equal((await mixed.add(TENUGUI.price)).statusCode, 303);
      } finally {
        await before.app.close();
      }
      const imported = await runCli(['import', '--products', OWN.products, '--prices', OWN.prices], env);
      assert.equal(imported.code, 0, imported.stderr);
      const own = await startTestShop(database, redisEnv);
      try {
        const back = shopper(own); // the same browser comes back
        back.cookie = mixed.cookie;
        assert.equal((await back.add('price_own_tea')).statusCode, 303);
      } finally {
        await own.app.close();
      }

      const removed = await runCli(['demo', 'remove'], env);
      assert.equal(removed.code, 0, removed.stderr);
      assert.match(removed.stdout, /^Carts: 2 demo lines removed from 2 carts\.$/m);

      const after = await startTestShop(database, redisEnv);
      try {
        const cartOf = async (cookie: string | undefined) =>
          (await after.app.inject({ url: '/cart.js', headers: { cookie: cookie! } })).json() as {
            item_count: number;
            items: { title: string }[];
          };
        const emptied = await cartOf(demoOnly.cookie);
        assert.deepEqual([emptied.item_count, emptied.items], [0, []]);
        const kept = await cartOf(mixed.cookie);
        assert.deepEqual([kept.item_count, kept.items.map((item) => item.title)], [1, ['Our own tea']]);
      } finally {
        await after.app.close();
      }
    } finally {
      await database.close();
      redis.stop();
    }
  });
});

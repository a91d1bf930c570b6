/**
 * Shopify's references on SQLite and PostgreSQL: every product and price has an integer id kept across re-imports,
 * products have handles (from the name, Japanese kept; `handle (metadata)`; unique), the cart takes integer ids
 * wherever it takes Stripe ids, and /products/<handle> (.js, .json) with 301s from the other names.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { importCatalog, ImportFailedError } from '../src/catalog/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { applyShopCurrency } from '../src/catalog/shop-currency.js';
import { cartApi, CART_PRICES, CART_PRODUCTS, importCartCatalog } from './support/cart.js';
import { csvLine, priceRow, PRICE_HEADER, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

for (const target of databaseTargets()) {
  describe(`Shopify ids and handles on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let api: ReturnType<typeof cartApi>;
    const numbers = async () => ({
      products: Object.fromEntries(
        (await database.db.selectFrom('products').select(['id', 'num_id', 'handle']).execute()).map((row) => [
          row.id,
          [Number(row.num_id), row.handle] as [number, string | null],
        ]),
      ),
      prices: Object.fromEntries(
        (await database.db.selectFrom('prices').select(['id', 'num_id']).execute()).map((row) => [
          row.id,
          Number(row.num_id),
        ]),
      ),
    });

    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database);
      api = cartApi(shop);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('cart_lines').execute();
      await database.db.deleteFrom('sessions').execute();
    });

    it('every product and price has its own integer (one sequence) and keeps it across re-imports; new ones get new numbers', async () => {
      const first = await numbers();
      const all = [...Object.values(first.products).map(([n]) => n), ...Object.values(first.prices)];
      assert.equal(new Set(all).size, CART_PRODUCTS.length + CART_PRICES.length, 'no integer names two things');
      assert.ok(all.every((n) => Number.isSafeInteger(n) && n > 0));
      await importCartCatalog(database.db, {
        products: [
          ...CART_PRODUCTS.map((product) =>
            product.id === 'prod_tea' ? { ...product, name: 'Renamed tea' } : product,
          ),
          { id: 'prod_new', name: 'Tea cup' },
        ],
        prices: [...CART_PRICES, { id: 'price_new', product: 'prod_new', amount: '500', currency: 'jpy' }],
      });
      const second = await numbers();
      for (const [id, value] of Object.entries(first.products))
        assert.deepEqual(second.products[id], value, `${id} keeps its id and handle (even renamed)`);
      for (const [id, value] of Object.entries(first.prices)) assert.equal(second.prices[id], value);
      assert.ok(second.products.prod_new![0] > Math.max(...all) && second.prices.price_new! > Math.max(...all));
      assert.equal(second.products.prod_new![1], 'tea-cup-2', 'a second "Tea cup" gets a handle of its own');
      await importCartCatalog(database.db);
    });

    it('handles: Japanese letters are kept, `handle (metadata)` wins, and a clash is refused with its line', async () => {
      const header = 'id,Name,Active,handle (metadata)';
      const files = (rows: string[][]) => {
        const written = writeCsvFiles({
          'products.csv': [header, ...rows.map(csvLine)].join('\n'),
          'prices.csv': [PRICE_HEADER.join(','), csvLine(priceRow('price_jp', 'prod_jp', '1320', 'jpy'))].join('\n'),
        });
        return { products: written['products.csv']!, prices: written['prices.csv']! };
      };
      await importCatalog(
        database.db,
        files([
          ...CART_PRODUCTS.map((p) => [p.id, p.name, p.active === false ? 'false' : 'true', '']),
          ['prod_jp', 'Tenugui 手ぬぐい', 'true', ''],
          ['prod_named', 'Anything', 'true', 'Gift Box'],
        ]),
      );
      const { products } = await numbers();
      assert.equal(products.prod_jp![1], 'tenugui-手ぬぐい');
      assert.equal(products.prod_named![1], 'gift-box');
      const page = await shop.app.inject({ url: `/products/${encodeURIComponent('tenugui-手ぬぐい')}` });
      assert.equal(page.statusCode, 200);
      const before = await numbers();
      await assert.rejects(
        importCatalog(
          database.db,
          files([
            ['prod_jp', 'Tenugui', 'true', ''],
            ['prod_named', 'Anything', 'true', 'gift box'],
            ['prod_other', 'Other', 'true', 'Gift-Box'],
            ['prod_tea', 'Sencha', 'true', 'Tea Cup'],
          ]),
        ),
        (error: ImportFailedError) => {
          assert.deepEqual(
            error.problems.map((problem) => [problem.line, problem.message]),
            [
              [4, 'handle gift-box is also asked for on line 3'],
              [5, 'handle tea-cup belongs to product prod_cup'],
            ],
          );
          return true;
        },
      );
      assert.deepEqual(await numbers(), before, 'nothing changed');
      await importCartCatalog(database.db);
    });

    it('the cart takes integer ids wherever it takes Stripe ids, and the JSON shows them as id, variant_id and product_id', async () => {
      const { products, prices } = await numbers();
      const tea = prices.price_tea!;
      const added = await api.post('/cart/add.js', {
        items: [{ id: tea, quantity: 2 }, { id: String(products.prod_cup![0]) }],
      });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      const item = added.body.items[0];
      assert.deepEqual(
        [item.id, item.variant_id, item.product_id, item.stripe_price_id, item.handle, item.url],
        [tea, tea, products.prod_tea![0], 'price_tea', 'sencha-tea', `/products/sencha-tea?variant=${tea}`],
      );
      const changed = await api.post('/cart/change.js', { id: tea, quantity: 5 }, added.cookie);
      assert.equal(changed.body.items[0].quantity, 5);
      const updated = await api.post('/cart/update.js', { updates: { [String(tea)]: 1 } }, added.cookie);
      assert.equal(updated.body.items[0].quantity, 1);
      const form = await api.post('/cart/add.js', `id=${tea}&quantity=1`, added.cookie, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.deepEqual([form.body.id, form.body.quantity], [tea, 2], 'a single add answers its line item');
      const unknown = await api.post('/cart/add.js', { id: 999_999_999 }, added.cookie);
      assert.deepEqual(
        [unknown.status, unknown.body.message, unknown.body.code],
        [404, 'Cannot find variant', 'product_not_found'],
      );
      assert.equal((await api.get(added.cookie)).body.items[0].quantity, 2, 'the refusal changed nothing');
    });

    it("amounts are in Shopify units (yen x 100), kago's minor units under *_minor; an empty cart is in the shop's currency", async () => {
      const added = await api.post('/cart/add.js', { id: 'price_tea', quantity: 2 });
      assert.deepEqual(
        [added.body.price, added.body.line_price, added.body.price_minor, added.body.line_price_minor],
        [120000, 240000, 1200, 2400],
      );
      const { body } = await api.get(added.cookie);
      assert.deepEqual(
        [
          body.items[0].price,
          body.items[0].line_price,
          body.total_price,
          body.items[0].price_minor,
          body.total_price_minor,
        ],
        [120000, 240000, 240000, 1200, 2400],
      );
      await applyShopCurrency(database.db, 'usd'); // a shop selling in dollars
      try {
        const usd = await api.post('/cart/add.js', { id: 'price_usd' });
        const usdCart = (await api.get(usd.cookie)).body;
        assert.deepEqual(
          [usdCart.currency, usdCart.items[0].price, usdCart.items[0].price_minor, usd.body.price],
          ['USD', 2990, 2990, 2990],
        );
      } finally {
        await applyShopCurrency(database.db, undefined);
      }
      const empty = await api.get();
      assert.equal(empty.body.currency, 'JPY');
      assert.equal(typeof empty.body.token, 'string');
    });

    it("/products/<handle> is the page; the Stripe id and the integer id move there with 301; .js and .json in Shopify's shapes", async () => {
      const { products, prices } = await numbers();
      const [number] = products.prod_tea!;
      assert.equal((await shop.app.inject({ url: '/products/sencha-tea' })).statusCode, 200);
      for (const [from, to] of [
        ['/products/prod_tea', '/products/sencha-tea'],
        [`/products/${number}?variant=1`, '/products/sencha-tea?variant=1'],
        ['/products/prod_tea.js', '/products/sencha-tea.js'],
      ]) {
        const moved = await shop.app.inject({ url: from! });
        assert.deepEqual([moved.statusCode, moved.headers.location], [301, to], from);
      }
      const js = (await shop.app.inject({ url: '/products/sencha-tea.js' })).json();
      assert.deepEqual(
        [
          js.id,
          js.handle,
          js.title,
          js.price,
          js.available,
          js.variants.length,
          js.variants[0].id,
          js.variants[0].price,
          js.url,
        ],
        [number, 'sencha-tea', 'Sencha tea', 120000, true, 1, prices.price_tea, 120000, '/products/sencha-tea'],
      );
      const json = (await shop.app.inject({ url: '/products/sencha-tea.json' })).json();
      assert.deepEqual(
        [json.product.id, json.product.handle, json.product.variants[0].price, json.product.variants[0].product_id],
        [number, 'sencha-tea', '1200.00', number],
      );
      const missing = await shop.app.inject({ url: '/products/no-such-thing.js' });
      assert.deepEqual([missing.statusCode, missing.json().code], [404, 'product_not_found']);
    });

    it("shipping rates: the cart's rates in Shopify's shape, the prepare/async pair, and refusals", async () => {
      const { cookie } = await api.post('/cart/add.js', { id: 'price_tea' });
      const rates = await shop.app.inject({
        url: '/cart/shipping_rates.json?shipping_address%5Bcountry%5D=Japan&shipping_address%5Bzip%5D=100-0001',
        headers: { cookie: cookie! },
      });
      assert.equal(rates.statusCode, 200, rates.body);
      assert.deepEqual(
        rates
          .json()
          .shipping_rates.map((rate: Record<string, unknown>) => [
            rate.name,
            rate.code,
            rate.price,
            rate.currency,
            rate.delivery_days,
          ]),
        [['Standard shipping', 'standard', '0.00', 'JPY', [3, 7]]],
      );
      const prepared = await shop.app.inject({
        method: 'POST',
        url: '/cart/prepare_shipping_rates.json?shipping_address%5Bcountry%5D=JP',
        headers: { cookie: cookie! },
      });
      assert.deepEqual([prepared.statusCode, prepared.body], [202, 'null']);
      const ready = await shop.app.inject({
        url: '/cart/async_shipping_rates.json?shipping_address%5Bcountry%5D=JP',
        headers: { cookie: cookie! },
      });
      assert.deepEqual(ready.json(), rates.json());
      const abroad = await shop.app.inject({
        url: '/cart/shipping_rates.json?shipping_address%5Bcountry%5D=FR',
        headers: { cookie: cookie! },
      });
      assert.deepEqual([abroad.statusCode, abroad.json()], [422, { country: ['is not supported'] }]);
      const empty = await shop.app.inject({ url: '/cart/shipping_rates.json' });
      assert.deepEqual([empty.statusCode, empty.json()], [422, { error: ['This cart does not require shipping'] }]);
    });
  });
}

/**
 * Options in the cart and in orders: each chosen option is its own cart line with its label (forms without a script,
 * and Shopify's cart API by variant id), a refused choice changes nothing, and the order keeps the label for its
 * page, its mail and the console.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { importCatalog } from '../src/catalog/index.js';
import { cartApi, cartRows, catalogNumbers } from './support/cart.js';
import { clearCarts, clearOrders, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';
import { startOwnerShop, type OwnerShop } from './support/admin-orders.js';
import { optionCatalogFiles } from './support/option-catalog.js';

for (const target of databaseTargets()) {
  describe(`product options in the cart and orders on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: OwnerShop;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, optionCatalogFiles());
      shop = await startOwnerShop(database);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await clearOrders(database.db);
      await clearCarts(database.db);
    });

    /** The cart page's option labels and its remove buttons' names, as a screen reader reads them. */
    async function cartPage(alice: ReturnType<typeof shopper>) {
      const page = parsePage((await alice.get('/cart')).body);
      try {
        return {
          options: [...page.document.querySelectorAll('[data-line-option]')].map((element) => element.textContent),
          removes: page.getAllByRole('button', { name: /^Remove / }).map((button) => button.textContent),
        };
      } finally {
        await page.close();
      }
    }

    it('the product page form adds the chosen option without a script; each option is its own line, labelled', async () => {
      const alice = shopper(shop);
      const first = await alice.post(
        '/cart/prod_tea',
        'return_to=%2Fproducts%2Fsencha-tea&id=price_tea_200&quantity=2',
      );
      assert.deepEqual(
        [first.statusCode, first.headers.location],
        [303, '/products/sencha-tea?added=prod_tea#product-prod_tea'],
      );
      await alice.post('/cart/prod_tea', 'id=price_tea_100&quantity=1');
      await alice.post('/cart/prod_tea', 'quantity=1');
      assert.deepEqual(
        (await cartRows(database.db)).lines.map((line) => [line.price_id, line.quantity]),
        [
          ['price_tea_100', 1],
          ['price_tea_200', 2],
          ['price_tea_gift', 1],
        ],
      );
      assert.deepEqual(await cartPage(alice), {
        options: ['Option: 200 g', 'Option: 100 g', 'Option: Gift box'],
        removes: ['Remove Sencha tea (200 g)', 'Remove Sencha tea (100 g)', 'Remove Sencha tea (Gift box)'],
      });
    });

    it('a malformed choice is a 400 and a price not sold (another currency) refused as unavailable; nothing changes', async () => {
      const alice = shopper(shop);
      await alice.post('/cart/prod_tea', 'id=price_tea_100');
      const before = await cartRows(database.db);
      const twice = await alice.post('/cart/prod_tea', 'id=price_tea_100&id=price_tea_200');
      assert.equal(twice.statusCode, 400);
      assert.match(twice.body, /Choose one of the options/);
      const dollars = await shop.app.inject({
        method: 'POST',
        url: '/cart/add.js',
        headers: { 'content-type': 'application/json', cookie: alice.cookie! },
        payload: { id: 'price_tea_usd' },
      });
      assert.deepEqual(
        [dollars.statusCode, dollars.json().code, dollars.json().description],
        [422, 'product_unavailable', 'Sencha tea cannot be bought in the cart.'],
      );
      assert.deepEqual(await cartRows(database.db), before);
    });

    it("Shopify's cart API adds each option by its variant id and names it in the cart", async () => {
      const n = await catalogNumbers(database.db);
      const api = cartApi(shop);
      const added = await api.post('/cart/add.js', {
        items: [
          { id: n.price_tea_100, quantity: 1 },
          { id: n.price_tea_gift, quantity: 2 },
        ],
      });
      assert.equal(added.status, 200);
      const cart = (await api.get(added.cookie)).body;
      assert.deepEqual(
        cart.items.map((item: Record<string, unknown>) => [
          item.variant_id,
          item.title,
          item.product_title,
          item.variant_title,
          item.options_with_values,
          item.product_has_only_default_variant,
          item.quantity,
        ]),
        [
          [
            n.price_tea_100,
            'Sencha tea - 100 g',
            'Sencha tea',
            '100 g',
            [{ name: 'Option', value: '100 g' }],
            false,
            1,
          ],
          [
            n.price_tea_gift,
            'Sencha tea - Gift box',
            'Sencha tea',
            'Gift box',
            [{ name: 'Option', value: 'Gift box' }],
            false,
            2,
          ],
        ],
      );
      const changed = await api.post('/cart/change.js', { id: String(n.price_tea_gift), quantity: 1 }, added.cookie);
      assert.deepEqual(
        changed.body.items.map((item: { variant_id: number; quantity: number }) => [item.variant_id, item.quantity]),
        [
          [n.price_tea_100, 1],
          [n.price_tea_gift, 1],
        ],
      );
    });

    it("the order keeps each line's option: order page, confirmation mail and console", async () => {
      const alice = shopper(shop);
      await alice.post('/cart/prod_tea', 'id=price_tea_200&quantity=2');
      await alice.add('prod_cup', 1);
      const payUrl = (await alice.checkout()).headers.location as string;
      const paid = await alice.pay(payUrl);
      assert.equal(paid.statusCode, 303);
      const lines = await database.db
        .selectFrom('order_lines')
        .select(['price_id', 'name', 'option_label', 'unit_amount'])
        .orderBy('position')
        .execute();
      assert.deepEqual(lines, [
        { price_id: 'price_tea_200', name: 'Sencha tea', option_label: '200 g', unit_amount: 2000 },
        { price_id: 'price_cup', name: 'Tea cup', option_label: '', unit_amount: 3000 },
      ]);
      const orderId = (await database.db.selectFrom('orders').select('id').executeTakeFirstOrThrow()).id;
      const orderPage = parsePage((await alice.get(`/orders/${orderId}`)).body);
      try {
        assert.deepEqual(
          [...orderPage.document.querySelectorAll('[data-line-option]')].map((element) => element.textContent),
          ['Option: 200 g'],
        );
      } finally {
        await orderPage.close();
      }
      const mail = await database.db
        .selectFrom('mail_outbox')
        .select(['kind', 'text_body', 'html_body'])
        .where('kind', '=', 'order-confirmation')
        .executeTakeFirstOrThrow();
      assert.match(mail.text_body, /2 × Sencha tea \(200 g\)/);
      assert.match(mail.html_body, /Sencha tea \(200 g\)/);
      const console = parsePage((await shop.get(`/admin/orders/${orderId}`)).body);
      try {
        assert.deepEqual(
          [...console.document.querySelectorAll('[data-line-option]')].map((element) => element.textContent),
          [' — 200 g'],
        );
      } finally {
        await console.close();
      }
    });

    it('a line whose option got a new price moves to it; a line whose option is gone is unavailable', async () => {
      const alice = shopper(shop);
      await alice.post('/cart/prod_tea', 'id=price_tea_100');
      await alice.post('/cart/prod_tea', 'id=price_tea_200');
      const files = optionCatalogFiles([
        ['price_tea_100b', 'prod_tea', '100 g', '2024-03-01 00:00:00', '1300', 'jpy', 'inclusive', '', ''],
        ['price_tea_gift', 'prod_tea', 'Gift box', '2024-02-03 00:00:00', '3500', 'jpy', 'inclusive', '', '1'],
        ['price_cup', 'prod_cup', 'Standard', '2024-02-01 00:00:00', '3000', 'jpy', 'inclusive', '', ''],
      ]);
      await importCatalog(database.db, files);
      try {
        const cart = (await cartApi(shop).get(alice.cookie)).body;
        assert.deepEqual(
          cart.items.map((item: Record<string, unknown>) => [
            item.stripe_price_id,
            item.variant_title,
            item.available,
            item.price_minor,
          ]),
          [
            ['price_tea_100b', '100 g', true, 1300],
            ['price_tea_200', null, false, 2000],
          ],
        );
      } finally {
        await importCatalog(database.db, optionCatalogFiles());
      }
    });
  });
}

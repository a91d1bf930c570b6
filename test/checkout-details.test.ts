/**
 * What checkout collects for fulfilment, through the demo provider on SQLite and PostgreSQL: the payment page asks
 * for contact, delivery address and shipping; a bad form is refused field by field (422, input kept, nothing
 * recorded); a paid order keeps the details and the shipping chosen, and its pages show items, shipping, tax and
 * total; the cart's note and attributes reach the order; a cart of digital goods only skips the address; the cart page shows the shipping estimate.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';

// Items ¥5,400 (2 teas + 1 cup): standard ¥800 (free from ¥10,000), express ¥1,500.
const RATES = JSON.stringify([
  { id: 'standard', name: 'Standard shipping', currency: 'jpy', amount: '800', free_above: '10000', days: [2, 4] },
  { id: 'express', name: 'Express', currency: 'jpy', amount: '1500', countries: ['JP'], days: [1, 1] },
]);

for (const target of databaseTargets()) {
  describe(`checkout details with the demo provider on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const rows = async () => ({
      ...(await checkoutRows(database.db)),
      demo: await database.db
        .selectFrom('demo_checkout_sessions')
        .select(['id', 'status', 'payment_status', 'amount_total', 'collected'])
        .execute(),
    });

    before(async () => {
      database = await target.open();
      shop = await startTestShop(database, { env: { SHIPPING_RATES: RATES, CHECKOUT_PHONE: 'required' } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await resetCheckoutData(database.db);
    });

    async function checkedOut() {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      await alice.add('prod_cup', 1);
      const cart = await alice.get('/cart');
      const started = await alice.checkout();
      return { alice, cart, payUrl: started.headers.location as string };
    }

    it('the cart page shows the cheapest shipping and what ships free', async () => {
      const { cart } = await checkedOut();
      assert.match(
        cart.body,
        /Shipping from ¥800 \(Standard shipping, 2–4 business days\); free on orders of ¥10,000 or more/,
      );
    });

    it('refuses a bad form field by field with a 422, keeps the input, and records nothing', async () => {
      const { alice, payUrl } = await checkedOut();
      const before = await rows();
      const refused = await alice.pay(payUrl, {
        email: 'hanako@',
        postal_code: '',
        phone: '',
        shipping_option: 'teleport',
        line1: '神宮前1-2-3',
      });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /Please check your details/);
      assert.match(refused.body, /Enter an email address like name@example.com/);
      assert.match(refused.body, /Enter the postal code/);
      assert.match(refused.body, /Enter a phone number, for the delivery/);
      assert.match(refused.body, /That shipping option is not offered/);
      assert.match(refused.body, /value="hanako@"/, 'the input is kept');
      assert.match(refused.body, /value="神宮前1-2-3"/);
      const badPostal = await alice.pay(payUrl, { postal_code: '15-0001' });
      assert.equal(badPostal.statusCode, 422);
      assert.match(badPostal.body, /Enter a Japanese postal code as 123-4567/);
      const elsewhere = await alice.pay(payUrl, { country: 'US' });
      assert.equal(elsewhere.statusCode, 422);
      assert.match(elsewhere.body, /This shop does not deliver to US/);
      assert.deepEqual(await rows(), before, 'nothing changed');
    });

    it('a paid order keeps contact, address and the shipping chosen; its pages show items, shipping, tax and total', async () => {
      const { alice, payUrl } = await checkedOut();
      const page = await alice.get(payUrl);
      assert.match(page.body, /Standard shipping<\/strong> · ¥800/);
      assert.match(page.body, /Express<\/strong> · ¥1,500/);
      const paid = await alice.pay(payUrl, { shipping_option: 'express', postal_code: '1500001' });
      assert.equal(paid.statusCode, 303);
      const success = await alice.get((paid.headers.location as string).replace('http://localhost:80', ''));
      assert.equal(success.statusCode, 200);
      const order = await database.db.selectFrom('orders').selectAll().executeTakeFirstOrThrow();
      assert.equal(order.status, 'paid');
      assert.deepEqual(
        [
          order.email,
          order.customer_name,
          order.phone,
          order.ship_postal_code,
          order.ship_state,
          order.ship_city,
          order.ship_line1,
          order.ship_line2,
          order.ship_country,
        ],
        [
          'hanako@example.jp',
          'Yamada Hanako',
          '03-1234-5678',
          '150-0001',
          '東京都',
          '渋谷区',
          '神宮前1-2-3',
          'Kago Bldg 4F',
          'JP',
        ],
      );
      assert.deepEqual(
        [order.shipping_rate_id, order.shipping_name, Number(order.shipping_amount)],
        ['express', 'Express', 1500],
      );
      assert.deepEqual(
        [Number(order.items_amount), Number(order.tax_amount), Number(order.total_amount), Number(order.amount_paid)],
        [5400, 0, 6900, 6900],
      );
      for (const body of [success.body, (await alice.get(`/orders/${order.id}`)).body]) {
        assert.match(body, /<td data-order-items="">¥5,400<\/td>/);
        assert.match(body, /<td data-order-shipping="">Express: ¥1,500<\/td>/);
        assert.match(body, /<td data-order-tax="">Not computed \(demo\)<\/td>/);
        assert.match(body, /<td data-order-total="true">¥6,900<\/td>/);
        assert.match(body, /<dd data-order-email="true">hanako@example.jp<\/dd>/);
        assert.match(body, /〒150-0001 東京都 渋谷区/);
        assert.match(body, /神宮前1-2-3, Kago Bldg 4F/);
      }
    });

    it("the cart's note and attributes go to the order, as Shopify's do: stored, and shown on its pages (`_` ones hidden)", async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 1);
      const details = { note: 'Leave at the door <please>', attributes: { 'Gift wrap': 'Yes', _theme: 'dawn' } };
      const set = await shop.app.inject({
        method: 'POST',
        url: '/cart/update.js',
        headers: { cookie: alice.cookie!, 'content-type': 'application/json' },
        payload: JSON.stringify(details),
      });
      assert.equal(set.statusCode, 200);
      const payUrl = (await alice.checkout()).headers.location as string;
      const paid = await alice.pay(payUrl);
      const order = await database.db.selectFrom('orders').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(
        [order.status, order.note, JSON.parse(order.attributes)],
        ['paid', details.note, details.attributes],
      );
      const success = await alice.get((paid.headers.location as string).replace('http://localhost:80', ''));
      for (const body of [success.body, (await alice.get(`/orders/${order.id}`)).body]) {
        assert.match(body, /<dd data-order-note="true">Leave at the door &lt;please&gt;<\/dd>/);
        assert.match(body, /<dt>Gift wrap<\/dt><dd data-order-attribute="Gift wrap">Yes<\/dd>/);
        assert.doesNotMatch(body, /_theme/);
      }
    });

    it('a cart of digital goods only asks for contact, no address or shipping', async () => {
      await database.db.updateTable('products').set({ shippable: 0 }).execute();
      await bumpCatalogVersion(database.db); // as every catalog change does: carts price by it
      const { alice, cart, payUrl } = await checkedOut();
      assert.doesNotMatch(cart.body, /data-cart-shipping/);
      const page = await alice.get(payUrl);
      assert.doesNotMatch(page.body, /Postal code|Delivery address/);
      const paid = await alice.pay(payUrl, {
        email: 'taro@example.jp',
        name: 'Taro',
        country: '',
        postal_code: '',
        shipping_option: '',
      });
      assert.equal(paid.statusCode, 303);
      const order = await database.db.selectFrom('orders').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(
        [order.status, order.email, order.shipping_required, order.ship_country, Number(order.total_amount)],
        ['paid', 'taro@example.jp', 0, null, 5400],
      );
    });
  });
}

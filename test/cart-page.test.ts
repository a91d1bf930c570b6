/**
 * The cart page and its plain forms (no JavaScript) on SQLite and PostgreSQL: lines, totals in JPY and USD, the
 * empty state, change/update/clear with PRG, refusals shown on the cart page with nothing changed, a price change
 * announced once, parity with the JSON API, and the script that enhances add-to-cart.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { applyShopCurrency } from '../src/catalog/shop-currency.js';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, cartRows, catalogNumbers, CART_PRICES, importCartCatalog, useCartShop } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { parsePage, valueOf } from './support/page.js';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';

for (const target of databaseTargets()) {
  describe(`cart page on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const rows = () => cartRows(database.db);
    /** The tea line's key as the page writes it: `<variant id>:<hash>`, the variant id being price_tea's integer. */
    let teaKey: string;
    const page = (cookie?: string) => shop.app.inject({ url: '/cart', headers: cookie ? { cookie } : {} });
    const form = (path: string, body: string, cookie?: string) =>
      shop.app.inject({
        method: 'POST',
        url: path,
        headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
        payload: body,
      });

    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      teaKey = `${(await catalogNumbers(database.db)).price_tea}:[0-9a-f]{16}`;
      // A clock that does not move: every add of a flow lands in one millisecond, and lines still list in the order
      // they were added (line=N names the N-th added), whatever the machine's speed.
      const frozen = Date.now();
      shop = await startTestShop(database, { deps: { now: () => frozen } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('cart_lines').execute();
      await database.db.deleteFrom('sessions').execute();
      await importCartCatalog(database.db);
    });

    it('an empty cart says so and links back to the catalog, creating no session', async () => {
      const response = await page();
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Your cart is empty/);
      assert.equal(parsePage(response.body).getByRole('link', { name: 'Continue shopping' }).getAttribute('href'), '/');
      assert.equal(headerCount(response.body), 0);
      assert.equal(response.headers['set-cookie'], undefined);
      assert.deepEqual(await rows(), { sessions: [], lines: [] });
    });

    it('lists lines with name, unit price, quantity field, line total, remove; subtotal and item count in yen', async () => {
      const cookie = sessionCookieOf(await form('/cart/add', 'id=prod_tea&quantity=2'))!;
      await form('/cart/prod_cup', 'quantity=1', cookie);
      const { body, statusCode, headers } = await page(cookie);
      assert.equal(statusCode, 200);
      assert.equal(headers['cache-control'], 'no-store');
      assert.equal(headerCount(body), 3);
      const cart = parsePage(body);
      assert.equal(cart.getByRole('link', { name: 'Sencha tea' }).getAttribute('href'), '/products/sencha-tea');
      assert.match(body, /<p class="price">¥1,200<\/p>/);
      const quantity = cart.getByRole('spinbutton', { name: 'Quantity of Sencha tea' });
      const key = /^updates\[(.+)\]$/.exec(quantity.getAttribute('name') ?? '')?.[1] ?? '';
      assert.match(key, new RegExp(`^${teaKey}$`));
      assert.deepEqual(
        [valueOf(quantity), quantity.getAttribute('min'), quantity.getAttribute('max')],
        ['2', '0', '99'],
      );
      assert.match(body, /<p class="cart-line__total">¥2,400<\/p>/);
      assert.match(body, /Subtotal \(3 items\): <strong data-cart-subtotal="true">¥5,400<\/strong>/);
      // Remove posts the line's own hidden form: {id, quantity: 0} to /cart/change.
      const remove = cart.getByRole('button', { name: 'Remove Sencha tea' });
      const removeForm = cart.document.getElementById(remove.getAttribute('form')!)!;
      assert.deepEqual(
        [removeForm.getAttribute('method'), removeForm.getAttribute('action'), removeForm.hasAttribute('hidden')],
        ['post', '/cart/change', true],
      );
      assert.deepEqual(
        [...removeForm.querySelectorAll('input')].map((input) => [input.getAttribute('name'), valueOf(input)]),
        [
          ['id', key],
          ['quantity', '0'],
        ],
      );
      assert.equal(
        cart.getByRole('link', { name: 'Clear cart' }).getAttribute('href'),
        '/cart/clear',
        'Clear cart asks first (a confirmation page)',
      );
    });

    it('shows dollars with cents for a USD cart (a shop selling in USD)', async () => {
      await applyShopCurrency(database.db, 'usd');
      try {
        const cookie = sessionCookieOf(await form('/cart/add', 'id=prod_usd&quantity=3'))!;
        const { body } = await page(cookie);
        assert.match(body, /<p class="price">\$29\.90<\/p>/);
        assert.match(body, /Subtotal \(3 items\): <strong data-cart-subtotal="true">\$89\.70<\/strong>/);
      } finally {
        await applyShopCurrency(database.db, undefined);
      }
    });

    it('POST /cart/add, /cart/change, /cart/update and /cart/clear answer 303 to /cart and change the cart', async () => {
      const added = await form('/cart/add', 'id=prod_tea');
      assert.equal(added.statusCode, 303);
      assert.equal(added.headers.location, '/cart');
      const cookie = sessionCookieOf(added)!;
      await form('/cart/add', 'id=price_cup_small&quantity=2', cookie);

      const updated = await form('/cart/update', 'updates%5Bprice_tea%5D=4&updates%5Bprice_cup_small%5D=1', cookie);
      assert.deepEqual([updated.statusCode, updated.headers.location], [303, '/cart']);
      assert.deepEqual(
        (await rows()).lines.map((line) => [line.price_id, line.quantity]),
        [
          ['price_cup_small', 1],
          ['price_tea', 4],
        ],
      );

      const removed = await form('/cart/change', 'id=price_tea&quantity=0', cookie);
      assert.deepEqual([removed.statusCode, removed.headers.location], [303, '/cart']);
      assert.deepEqual(
        (await rows()).lines.map((line) => line.price_id),
        ['price_cup_small'],
      );

      const cleared = await form('/cart/clear', '', cookie);
      assert.deepEqual([cleared.statusCode, cleared.headers.location], [303, '/cart']);
      assert.deepEqual((await rows()).lines, []);
      assert.match((await page(cookie)).body, /Your cart is empty/);
    });

    describe('refusals show the cart again with the reason, and change nothing', () => {
      const refusals = [
        {
          name: 'a quantity of 100',
          path: '/cart/update',
          body: 'updates%5Bprice_tea%5D=100',
          status: 422,
          message: /The quantity must be a whole number from 0 to 99/,
        },
        {
          name: 'a line not in the cart',
          path: '/cart/change',
          body: 'id=price_cup&quantity=1',
          status: 422,
          message: /That item is not in your cart/,
        },
        {
          name: 'a form with no line',
          path: '/cart/change',
          body: 'quantity=1',
          status: 400,
          message: /Send the line to change/,
        },
        {
          name: 'an update with no quantities',
          path: '/cart/update',
          body: 'checkout=1',
          status: 400,
          message: /updates/,
        },
      ];
      for (const refusal of refusals) {
        it(refusal.name, async () => {
          const cookie = sessionCookieOf(await form('/cart/add', 'id=prod_tea&quantity=2'))!;
          const before = await rows();
          const response = await form(refusal.path, refusal.body, cookie);
          assert.equal(response.statusCode, refusal.status);
          const cart = parsePage(response.body);
          assert.match(cart.getByRole('alert').textContent ?? '', refusal.message);
          assert.equal(
            valueOf(cart.getByRole('spinbutton', { name: 'Quantity of Sencha tea' })),
            '2',
            'the cart as it is, unchanged',
          );
          assert.deepEqual(await rows(), before);
        });
      }

      it('the seed add form keeps its statuses: 404 unknown, 409 not sold', async () => {
        const cookie = sessionCookieOf(await form('/cart/add', 'id=prod_tea'))!;
        const before = await rows();
        assert.equal((await form('/cart/prod_nope', '', cookie)).statusCode, 404);
        assert.equal((await form('/cart/prod_gone', '', cookie)).statusCode, 409);
        assert.equal(
          (await form('/cart/add', 'id=prod_usd', cookie)).statusCode,
          409,
          "priced only in another currency than the shop's",
        );
        assert.deepEqual(await rows(), before);
      });
    });

    it('announces a price change once, then shows the new price only', async () => {
      const cookie = sessionCookieOf(await form('/cart/add', 'id=prod_tea'))!;
      await importCartCatalog(database.db, {
        prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
      });
      const first = await page(cookie);
      assert.match(first.body, /<del>¥1,200<\/del> <ins>¥1,500<\/ins>/);
      assert.match(first.body, /The price changed from ¥1,200 to ¥1,500 since you added it\./);
      assert.match(first.body, /Subtotal \(1 item\): <strong data-cart-subtotal="true">¥1,500<\/strong>/);
      const second = await page(cookie);
      assert.doesNotMatch(second.body, /price changed/);
      assert.match(second.body, /<p class="price">¥1,500<\/p>/);
      assert.equal((await rows()).sessions[0]!.cart_version, 1, 'noting the change is not a cart change');
    });

    it('marks a line whose product is no longer sold: no quantity field, not in the subtotal, removable', async () => {
      const cookie = sessionCookieOf(await form('/cart/add', 'id=prod_tea&quantity=2'))!;
      await form('/cart/add', 'id=prod_cup', cookie);
      await database.db.updateTable('products').set({ active: 0 }).where('id', '=', 'prod_tea').execute();
      await bumpCatalogVersion(database.db); // as every catalog change does: carts price by it
      const { body } = await page(cookie);
      assert.match(body, /<li class="cart-line cart-line--unavailable">/);
      assert.match(body, /No longer available \(2 items\)/);
      assert.equal(headerCount(body), 1, 'the header counts what can be bought');
      assert.doesNotMatch(body, new RegExp(`name="updates\\[${teaKey}\\]"`));
      assert.match(body, /Subtotal \(1 item\): <strong data-cart-subtotal="true">¥3,000<\/strong>/);
      await form('/cart/change', 'id=price_tea&quantity=0', cookie);
      assert.deepEqual(
        (await rows()).lines.map((line) => line.price_id),
        ['price_cup'],
      );
    });

    it('forms and JSON make the same cart', async () => {
      const viaForms = sessionCookieOf(await form('/cart/add', 'id=prod_tea&quantity=2'))!;
      await form('/cart/add', 'id=price_cup_small', viaForms);
      await form('/cart/update', 'updates%5Bprice_tea%5D=5', viaForms);
      await form('/cart/change', 'line=2&quantity=3', viaForms);
      const api = cartApi(shop);
      const { cookie: viaJson } = await api.post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
      await api.post('/cart/add.js', { id: 'price_cup_small' }, viaJson);
      await api.post('/cart/update.js', { updates: { price_tea: 5 } }, viaJson);
      await api.post('/cart/change.js', { line: 2, quantity: 3 }, viaJson);
      const strip = (body: Record<string, unknown>) => ({ ...body, token: undefined });
      const viaJsonCart = (await api.get(viaJson!)).body as { items: { stripe_price_id: string; quantity: number }[] };
      assert.deepEqual(strip((await api.get(viaForms)).body), strip(viaJsonCart));
      assert.deepEqual(
        viaJsonCart.items.map((item) => [item.stripe_price_id, item.quantity]),
        [
          ['price_tea', 5],
          ['price_cup_small', 3],
        ],
        'line=2 is the second item added',
      );
    });
  });
}

describe('the add-to-cart script', () => {
  const running = useCartShop();

  it('every page loads it as a module from a content-hashed URL; forms carry what it needs', async () => {
    const home = await running.shop.app.inject({ url: '/' });
    const src = /<script type="module" src="(\/assets\/kago\.js\?v=[0-9a-f]{12})"><\/script>/.exec(home.body)?.[1];
    assert.ok(src, 'script tag');
    const form = parsePage(home.body).getByRole('button', { name: 'Add to cart Sencha tea' }).closest('form')!;
    assert.deepEqual(
      [
        form.hasAttribute('data-add-to-cart'),
        form.getAttribute('data-product-id'),
        form.getAttribute('data-product-name'),
      ],
      [true, 'prod_tea', 'Sencha tea'],
    );
    assert.equal(form.querySelector('[data-add-feedback]')?.textContent, '', 'an empty place for the confirmation');
    const script = await running.shop.app.inject({ url: src });
    assert.equal(script.statusCode, 200);
    assert.match(script.headers['content-type'] as string, /^text\/javascript/);
    assert.match(script.headers['cache-control'] as string, /immutable/);
    assert.match(script.body, /\/cart\/add\.js/);
    // The add-to-cart script (with its "Added" notice), the search suggestions and the "Clear cart" dialog together,
    // minified: a budget, not a measurement.
    assert.ok(script.body.length < 9000, `small: ${script.body.length} bytes`);
  });
});

describe('back to the page after adding, behind a proxy that rewrites Host', () => {
  const running = useCartShop({ BASE_URL: 'https://shop.example' });

  it('trusts a Referer on BASE_URL, whatever Host the proxy sent; not one elsewhere', async () => {
    const add = (referer: string) =>
      running.shop.app.inject({
        method: 'POST',
        url: '/cart/prod_tea',
        headers: { ...SAME_ORIGIN, host: '127.0.0.1:3000', referer },
        payload: '',
      });
    assert.equal(
      (await add('https://shop.example/products/prod_tea')).headers.location,
      '/products/prod_tea?added=prod_tea#product-prod_tea',
    );
    assert.equal(
      (await add('http://127.0.0.1:3000/products/prod_tea')).headers.location,
      '/?added=prod_tea#product-prod_tea',
    );
    assert.equal(
      (await add('https://evil.example/products/prod_tea')).headers.location,
      '/?added=prod_tea#product-prod_tea',
    );
  });
});

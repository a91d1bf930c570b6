/** The catalog and product pages over HTTP (fastify.inject), on both databases, with the demo catalog. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoFiles } from '../src/catalog/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { CART_PRICES, importCartCatalog, useCartShop } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { parsePage } from './support/page.js';

/** A link of the catalog's page navigation, by its text; undefined when the page has none. */
function pageLink(html: string, name: string): { href: string | null; rel: string | null } | undefined {
  const page = parsePage(html);
  const link = page.within(page.getByRole('navigation', { name: 'Pages' })).queryByRole('link', { name });
  return link ? { href: link.getAttribute('href'), rel: link.getAttribute('rel') } : undefined;
}

for (const target of databaseTargets()) {
  describe(`storefront pages on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      shop = await startTestShop(database, { catalog: demoFiles });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('GET /healthz answers ok', async () => {
      const response = await shop.app.inject('/healthz');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok' });
    });

    it('GET / lists the demo catalog with yen prices, images beside their names, and a cart count of 0', async () => {
      const response = await shop.app.inject('/');
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/html; charset=utf-8/);
      const html = response.body;
      assert.match(html, /^<!doctype html><html lang="en">/);
      assert.match(html, /<title>kago<\/title>/);
      assert.equal(html.match(/class="product-card"/g)?.length, 24);
      assert.match(html, /Tenugui hand towel 手ぬぐい/);
      assert.match(html, /<p class="price">¥1,320<span class="price__tax"> tax included<\/span><\/p>/);
      // Beside its name the card's picture is decorative: alt="" so a screen reader does not say the name twice.
      const catalog = parsePage(html);
      const image = catalog
        .getByRole('heading', { name: 'Tenugui hand towel 手ぬぐい' })
        .closest('li')
        ?.querySelector('img');
      assert.deepEqual(
        [image?.getAttribute('src'), image?.getAttribute('alt')],
        ['/images/demo/tenugui-hand-towel.svg', ''],
      );
      assert.match(html, /data-cart-count="true">0</);
      assert.doesNotMatch(html, /<script>|style="/, 'no inline scripts or styles');
      assert.equal(response.headers['set-cookie'], undefined);
    });

    it('serves the stylesheet and demo images', async () => {
      const page = await shop.app.inject('/');
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)![1]!;
      const css = await shop.app.inject(href);
      assert.equal(css.statusCode, 200);
      assert.match(css.headers['cache-control'] as string, /immutable/);
      const image = await shop.app.inject('/images/demo/tenugui-hand-towel.svg');
      assert.equal(image.statusCode, 200);
      assert.match(image.headers['content-type'] as string, /image\/svg\+xml/);
    });

    it('sends a strict Content-Security-Policy', async () => {
      const response = await shop.app.inject('/');
      const csp = response.headers['content-security-policy'] as string;
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /style-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
    });

    it('GET /products/:id shows one product', async () => {
      const list = await shop.app.inject('/');
      const href = /href="(\/products\/[^"]+)"/.exec(list.body)![1]!;
      const response = await shop.app.inject(href);
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /<h1 class="product__name phrases">Tenugui hand towel 手ぬぐい<\/h1>/);
      assert.match(response.body, /<title>Tenugui hand towel 手ぬぐい · kago<\/title>/);
      assert.match(response.body, /¥1,320/);
      assert.equal(
        parsePage(response.body).getByRole('img', { name: 'Tenugui hand towel 手ぬぐい' }).getAttribute('src'),
        '/images/demo/tenugui-hand-towel.svg',
      );
    });

    it('answers 404 with a page for an unknown product or page, 400 for a bad page number', async () => {
      const unknown = await shop.app.inject('/products/prod_nope');
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /Page not found/);
      assert.match(unknown.body, /This product does not exist/);
      const pastEnd = await shop.app.inject('/?page=3');
      assert.equal(pastEnd.statusCode, 404);
      assert.match(pastEnd.body, /The catalog has 2 pages/);
      for (const bad of ['0', 'abc', '-1', '1.5', '9999999']) {
        const response = await shop.app.inject(`/?page=${bad}`);
        assert.equal(response.statusCode, 400, bad);
        assert.match(response.body, /The page number must be a whole number from 1/);
      }
      const missing = await shop.app.inject('/no/such/page');
      assert.equal(missing.statusCode, 404);
    });
  });
}

describe('storefront pages: pagination and escaping', () => {
  const target = databaseTargets()[0]!;
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await target.open();
    const products = [['id', 'Name', 'Description', 'Created (UTC)']];
    const prices = [PRICE_HEADER];
    for (let i = 1; i <= 50; i++) {
      const id = `prod_${String(i).padStart(3, '0')}`;
      products.push([
        id,
        i === 50 ? '<script>alert(1)</script>' : `Item ${i}`,
        i === 50 ? '<b>bold</b> & "quoted"' : '',
        `2024-01-01 00:00:${String(i % 60).padStart(2, '0')}`,
      ]);
      prices.push(priceRow(`price_${i}`, id, `${i}.50`, 'usd'));
    }
    const files = writeCsvFiles({
      'products.csv': products.map(csvLine).join('\n'),
      'prices.csv': prices.map(csvLine).join('\n'),
    });
    shop = await startTestShop(database, { catalog: { products: files['products.csv'], prices: files['prices.csv'] } });
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('pages 24 products at a time, newest first, with links between pages', async () => {
    const first = await shop.app.inject('/');
    assert.equal(first.body.match(/class="product-card"/g)?.length, 24);
    assert.match(first.body, /Page 1 of 3/);
    assert.deepEqual(pageLink(first.body, 'Next →'), { href: '/?page=2', rel: 'next' });
    const third = await shop.app.inject('/?page=3');
    assert.equal(third.statusCode, 200);
    assert.equal(third.body.match(/class="product-card"/g)?.length, 2);
    assert.deepEqual(pageLink(third.body, '← Previous'), { href: '/?page=2', rel: 'prev' });
    assert.equal(pageLink(third.body, 'Next →'), undefined);
    assert.match(third.body, /Item 2<\/h2>.*Item 1<\/h2>/s);
    assert.match(first.body, /\$50\.50/);
  });

  it('renders product names and descriptions with HTML as text', async () => {
    const list = await shop.app.inject('/');
    assert.doesNotMatch(list.body, /<script>alert/);
    assert.match(list.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const moved = await shop.app.inject('/products/prod_050');
    assert.equal(moved.statusCode, 301, 'the Stripe id moves to the handle');
    const page = await shop.app.inject(moved.headers.location as string);
    assert.doesNotMatch(page.body, /<b>bold<\/b>/);
    assert.match(page.body, /&lt;b&gt;bold&lt;\/b&gt; &amp; &quot;quoted&quot;/);
  });
});

describe('storefront pages: the listing follows imports', () => {
  const running = useCartShop();

  it('serves the cached listing to visitors with and without a cart, and shows a new import within seconds', async () => {
    const anonymous = await running.shop.app.inject('/');
    assert.match(anonymous.body, /<p class="price">¥1,200<\/p>/);
    const added = await running.shop.app.inject({
      method: 'POST',
      url: '/cart/prod_tea',
      headers: SAME_ORIGIN,
      payload: '',
    });
    const cookie = sessionCookieOf(added)!;
    const withCart = await running.shop.app.inject({ url: '/', headers: { cookie } });
    assert.equal(headerCount(withCart.body), 1);
    assert.equal(
      headerCount((await running.shop.app.inject('/')).body),
      0,
      'the cached page for visitors without a cart keeps 0',
    );
    // Every rendering gives its forms tokens of their own; apart from those and the count, the pages are the same.
    const withoutTokens = (html: string) =>
      html.replace(/name="idempotency_key" value="[^"]+"/g, 'name="idempotency_key" value=""');
    assert.equal(
      withoutTokens(
        withCart.body.replace(/data-cart-count="true">1</, 'data-cart-count="true">0<').replace(/ item</, ' items<'),
      ),
      withoutTokens(anonymous.body),
    );

    await importCartCatalog(running.database.db, {
      prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
    });
    const deadline = Date.now() + 5000;
    let body = '';
    while (Date.now() < deadline && !/¥1,500/.test(body)) {
      body = (await running.shop.app.inject('/')).body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(body, /<p class="price">¥1,500<\/p>/, 'the new price shows once the catalog version moves');
    assert.match((await running.shop.app.inject({ url: '/', headers: { cookie } })).body, /¥1,500/);
  });
});

/**
 * Finding products over HTTP on both databases, with the demo catalog: search in English and Japanese (partial
 * words, typos), collections, sorting and filters in the query string (bad values refused, unknown ones ignored,
 * one cache key per list), predictive search in Shopify's shape, and an import keeping search and collections in step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoFiles, importCatalog } from '../src/catalog/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { cardNames, parsePage } from './support/page.js';

const prices = (html: string) =>
  [...html.matchAll(/<p class="price">¥([0-9,]+)/g)].map((m) => Number(m[1]!.replace(/,/g, '')));

for (const target of databaseTargets()) {
  describe(`finding products on ${target.name}`, { skip: target.skip }, () => {
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
    const get = (url: string) => shop.app.inject(url);

    it('finds products by English and Japanese words, whole or partial, name first', async () => {
      assert.deepEqual(cardNames((await get('/search?q=tenugui')).body), ['Tenugui hand towel 手ぬぐい']);
      assert.deepEqual(
        cardNames((await get('/search?q=%E3%81%AC%E3%81%90%E3%81%84')).body),
        ['Tenugui hand towel 手ぬぐい'],
        'ぬぐい, part of a word',
      );
      assert.deepEqual(cardNames((await get(`/search?q=${encodeURIComponent('抹茶')}`)).body), ['Matcha bowl 抹茶碗']);
      const tea = cardNames((await get('/search?q=TEA')).body);
      assert.ok(tea.length >= 4 && tea.includes('Sencha green tea 煎茶'), tea.join());
      assert.ok(
        tea.indexOf('Washi tape マスキングテープ') > tea.indexOf('Sencha green tea 煎茶'),
        'names holding the word come first',
      );
      const both = cardNames((await get(`/search?q=${encodeURIComponent('茶 whisk')}`)).body);
      assert.equal(both[0], 'Matcha whisk 茶筅', 'every word must match; one-character words too');
      assert.ok(!both.includes('Sencha green tea 煎茶'), both.join());
      const none = await get('/search?q=zzzzqqq');
      assert.equal(none.statusCode, 200);
      assert.deepEqual(cardNames(none.body), []);
      assert.match(none.body, /Nothing matches “zzzzqqq”/);
      assert.doesNotMatch(none.body, /these come close/, 'no near matches either: nothing comes close');
      assert.equal(parsePage(none.body).meta('robots'), 'noindex, follow');
    });

    it('finds near matches for a typo and says so', async () => {
      const response = await get('/search?q=tenugi');
      assert.deepEqual(cardNames(response.body), ['Tenugui hand towel 手ぬぐい']);
      assert.match(response.body, /No exact matches; these come close/);
    });

    it('fetches the first card’s image first on catalog, collection and search pages (fetchpriority)', async () => {
      for (const url of ['/', '/collections/all?sort_by=price-ascending', '/search?q=tea']) {
        const cards = [...(await get(url)).body.matchAll(/<li class="product-card"[\s\S]*?<img ([^>]*)>/g)].map(
          (m) => m[1]!,
        );
        assert.ok(cards.length >= 2, url);
        assert.match(cards[0]!, /fetchpriority="high"/, `${url}: the first card`);
        assert.match(cards[0]!, /loading="eager"/, `${url}: the first card`);
        for (const card of cards.slice(1)) assert.doesNotMatch(card, /fetchpriority/, `${url}: later cards`);
      }
    });

    it('lists collections from collection (metadata), in the header and at /collections/<handle>', async () => {
      const home = (await get('/')).body;
      const header = parsePage(home);
      const collections = header.within(header.getByRole('navigation', { name: 'Collections' }));
      assert.equal(collections.getByRole('link', { name: 'Gifts' }).getAttribute('href'), '/collections/gifts');
      const gifts = await get('/collections/gifts');
      assert.equal(gifts.statusCode, 200);
      assert.deepEqual(
        new Set(cardNames(gifts.body)),
        new Set([
          'Gift card ギフトカード',
          'Furoshiki wrapping cloth 風呂敷',
          'Maneki-neko lucky cat 招き猫',
          'Wind chime 風鈴',
          'Matcha bowl 抹茶碗',
        ]),
      );
      assert.equal(cardNames((await get('/collections/all')).body).length, 24);
      const list = await get('/collections');
      assert.match(list.body, /<a href="\/collections\/tea">Tea<\/a> <span class="muted">\(5\)<\/span>/);
      assert.equal((await get('/collections/no-such-thing')).statusCode, 404);
    });

    it('sorts by price both ways and by name, and filters by price and stock, on catalog, collection and search pages', async () => {
      const up = prices((await get('/collections/all?sort_by=price-ascending')).body);
      assert.equal(up.length, 24);
      assert.deepEqual(
        up,
        [...up].sort((a, b) => a - b),
      );
      const down = prices((await get('/collections/all?sort_by=price-descending')).body);
      assert.equal(down.length, 24);
      assert.deepEqual(
        down,
        [...down].sort((a, b) => b - a),
      );
      const byName = cardNames((await get('/collections/all?sort_by=title-ascending')).body);
      assert.deepEqual(byName, [...byName].sort());
      const band = prices((await get('/search?q=tea&filter.v.price.gte=1000&filter.v.price.lte=3000')).body);
      assert.ok(band.length > 0 && band.every((price) => price >= 1000 && price <= 3000), band.join());
      const inStock = (await get('/collections/all?filter.v.availability=1')).body;
      assert.doesNotMatch(inStock, /Sold out/);
      assert.ok(cardNames(inStock).length > 0);
    });

    it('gives one canonical URL per list however it is reached, and sends a sorted / to /collections/all', async () => {
      const a = await get('/collections/all?utm_source=x&filter.v.availability=1&sort_by=price-ascending');
      assert.equal(
        parsePage(a.body).link('canonical'),
        'http://localhost:80/collections/all?sort_by=price-ascending&filter.v.availability=1',
      );
      const plain = await get('/collections/all');
      assert.equal(parsePage(plain.body).link('canonical'), 'http://localhost:80/');
      const redirect = await get('/?sort_by=price-ascending');
      assert.equal(redirect.statusCode, 301);
      assert.equal(redirect.headers.location, '/collections/all?sort_by=price-ascending');
    });

    it('refuses bad sorting and filter values with the friendly page (400)', async () => {
      for (const [url, code] of [
        ['/collections/all?sort_by=cheapest', /Sort by one of/],
        ['/collections/all?sort_by=relevance', /Best match sorts search results only/],
        ['/collections/all?filter.v.price.gte=12abc', /A price filter must be an amount/],
        ['/collections/all?filter.v.price.gte=12.5', /more decimals than JPY has/],
        ['/collections/all?filter.v.availability=yes', /filter.v.availability takes 1/],
        ['/collections/all?sort_by=price-ascending&page=501', /narrow the list/],
        ['/collections/all?sort_by=a&sort_by=b', /may be given once/],
        [`/search?q=${'a'.repeat(101)}`, /at most 100 characters/],
      ] as const) {
        const response = await get(url);
        assert.equal(response.statusCode, 400, url);
        assert.match(response.headers['content-type'] as string, /^text\/html/);
        assert.match(response.body, code, url);
      }
    });

    it('answers /search/suggest.json in Shopify predictive search shape', async () => {
      const response = await get('/search/suggest.json?q=tea&resources[type]=product,collection&resources[limit]=3');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.deepEqual(Object.keys(body.resources.results).sort(), [
        'articles',
        'collections',
        'pages',
        'products',
        'queries',
      ]);
      const { products, collections } = body.resources.results;
      assert.equal(products.length + collections.length, 3, 'limit_scope=all: three results in all');
      assert.equal(collections.length > 0 ? collections[0].url : '/collections/tea', '/collections/tea');
      const product = products[0];
      for (const key of [
        'available',
        'body',
        'handle',
        'id',
        'image',
        'price',
        'price_max',
        'price_min',
        'tags',
        'title',
        'type',
        'url',
        'variants',
        'vendor',
      ])
        assert.ok(key in product, key);
      assert.match(product.price, /^\d+\.\d\d$/);
      assert.match(product.url, /^\/products\/[^?]+\?_pos=1&_psq=tea&_ss=e&_v=1.0$/);
      const japanese = (
        await get(`/search/suggest.json?q=${encodeURIComponent('手ぬ')}&resources[type]=product`)
      ).json();
      assert.deepEqual(
        japanese.resources.results.products.map((p: { title: string }) => p.title),
        ['Tenugui hand towel 手ぬぐい'],
      );
      const refused = await get('/search/suggest.json?q=tea&resources[limit]=11');
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(refused.json(), {
        status: 422,
        message: 'Invalid parameter error',
        description: 'resources[limit] must be a number from 1 to 10.',
        code: 'invalid_parameter',
      });
      assert.equal((await get('/search/suggest.json')).statusCode, 422);
    });

    it('an import keeps search and collections in step, and a failed import changes neither', async () => {
      const files = writeCsvFiles({
        'products.csv': [
          'id,Name,Description,Active,Created (UTC),collection (metadata)',
          csvLine(['prod_new1', 'Yuzu soap 柚子石鹸', 'Citrus soap.', 'true', '2030-01-01 00:00:00', 'Bath, Gifts']),
        ].join('\n'),
        'prices.csv': [PRICE_HEADER.join(','), csvLine(priceRow('price_new1', 'prod_new1', '900', 'jpy'))].join('\n'),
      });
      const bad = writeCsvFiles({
        'products.csv': [
          'id,Name,Description,Active,Created (UTC),collection (metadata)',
          csvLine(['prod_new2', 'Cedar box 杉箱', 'Box.', 'true', '2030-01-02 00:00:00', 'Cedar']),
        ].join('\n'),
        'prices.csv': [PRICE_HEADER.join(','), csvLine(priceRow('price_new2', 'prod_missing', '900', 'jpy'))].join(
          '\n',
        ),
      });
      await assert.rejects(importCatalog(database.db, { products: bad['products.csv']!, prices: bad['prices.csv']! }));
      assert.deepEqual(cardNames((await get(`/search?q=${encodeURIComponent('杉箱')}`)).body), []);
      assert.equal((await get('/collections/cedar')).statusCode, 404);
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      // The catalog version moved: cached pages and the collections are read afresh once the watcher sees it.
      await waitFor(async () => (await get('/collections/bath')).statusCode === 200);
      assert.deepEqual(cardNames((await get(`/search?q=${encodeURIComponent('柚子')}`)).body), ['Yuzu soap 柚子石鹸']);
      assert.deepEqual(cardNames((await get('/collections/bath')).body), ['Yuzu soap 柚子石鹸']);
      assert.deepEqual(
        cardNames((await get('/search?q=tenugui')).body),
        [],
        'products missing from the export are no longer found',
      );
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

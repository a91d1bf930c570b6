/**
 * What search engines and link previews read, over HTTP with the demo catalog on SQLite: JSON-LD Product + Offer and
 * BreadcrumbList with schema.org's required fields, canonical and Open Graph tags, sitemap (and its index past the
 * limit), robots.txt, and noindex on private pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { demoFiles } from '../src/catalog/index.js';
import { seoRoutes } from '../src/web/routes/seo.js';
import { startTestShop, type TestShop } from './support/app.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';

const jsonLd = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]!));

/** schema.org / Google's required properties for rich results: Product needs name and offers; Offer price, currency, availability. */
function assertValidProduct(data: any, url: string) {
  assert.equal(data['@context'], 'https://schema.org');
  assert.equal(data['@type'], 'Product');
  assert.equal(typeof data.name, 'string');
  assert.ok(Array.isArray(data.image) && data.image.every((src: string) => src.startsWith('http')));
  const offer = data.offers;
  assert.equal(offer['@type'], 'Offer');
  assert.match(offer.price, /^\d+(\.\d+)?$/);
  assert.match(offer.priceCurrency, /^[A-Z]{3}$/);
  assert.match(offer.availability, /^https:\/\/schema\.org\/(InStock|OutOfStock|Discontinued)$/);
  assert.equal(offer.url, url);
}

function assertValidBreadcrumbs(data: any) {
  assert.equal(data['@type'], 'BreadcrumbList');
  assert.ok(data.itemListElement.length >= 1);
  data.itemListElement.forEach((item: any, index: number) => {
    assert.equal(item['@type'], 'ListItem');
    assert.equal(item.position, index + 1);
    assert.equal(typeof item.name, 'string');
    if (index < data.itemListElement.length - 1)
      assert.match(item.item, /^https?:\/\//, 'every crumb but the last links');
  });
}

describe('pages for search engines', () => {
  const target = databaseTargets()[0]!;
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await target.open();
    shop = await startTestShop(database, { catalog: demoFiles, env: { BASE_URL: 'http://127.0.0.1:3000' } });
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('a product page has title, description, canonical, Open Graph, Twitter, Product+Offer and BreadcrumbList', async () => {
    const response = await shop.app.inject('/products/prod_RhLBIFHaTtAu8p?utm_source=x');
    const page = await shop.app.inject(response.headers.location as string);
    const html = page.body;
    const url = 'http://127.0.0.1:3000/products/tenugui-hand-towel-%E6%89%8B%E3%81%AC%E3%81%90%E3%81%84';
    assert.match(html, /<title>Tenugui hand towel 手ぬぐい · kago<\/title>/);
    const head = parsePage(html);
    assert.match(head.meta('description') ?? '', /^A thin cotton towel/);
    assert.equal(head.link('canonical'), url, 'one canonical URL, without the query');
    assert.equal(head.document.querySelectorAll('link[rel="canonical"]').length, 1);
    assert.equal(head.meta('og:type'), 'product');
    assert.equal(head.meta('og:image'), 'http://127.0.0.1:3000/images/demo/tenugui-hand-towel.svg');
    assert.equal(head.meta('twitter:card'), 'summary_large_image');
    assert.equal(head.meta('product:price:currency'), 'JPY');
    const [product, crumbs] = jsonLd(html);
    assertValidProduct(product, url);
    assert.equal(product.offers.price, '1320');
    assert.equal(product.offers.availability, 'https://schema.org/InStock');
    assertValidBreadcrumbs(crumbs);
    assert.deepEqual(
      crumbs.itemListElement.map((item: any) => item.name),
      ['All products', 'Textiles', 'Tenugui hand towel 手ぬぐい'],
    );
  });

  it('JSON-LD cannot be closed by product text', async () => {
    const { jsonLdText } = await import('../src/web/structured-data.js');
    assert.equal(jsonLdText({ name: '</script><script>alert(1)</script>' }).includes('</script>'), false);
  });

  it('robots.txt names the sitemap and keeps crawlers out of carts, checkout, orders and the console', async () => {
    const body = (await shop.app.inject('/robots.txt')).body;
    for (const path of ['/cart', '/checkout', '/orders', '/admin'])
      assert.match(body, new RegExp(`^Disallow: ${path}$`, 'm'));
    assert.match(body, /^Sitemap: http:\/\/127.0.0.1:3000\/sitemap.xml$/m);
  });

  it('cart, checkout, order and console pages say noindex; shop pages do not', async () => {
    for (const path of ['/cart', '/admin/login', '/orders/x', '/checkout/success']) {
      assert.equal((await shop.app.inject(path)).headers['x-robots-tag'], 'noindex, nofollow', path);
    }
    assert.equal((await shop.app.inject('/')).headers['x-robots-tag'], undefined);
  });

  it('sitemap.xml lists the home page, collections and every listed product', async () => {
    const body = (await shop.app.inject('/sitemap.xml')).body;
    assert.match(body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /);
    assert.equal(body.match(/<loc>http:\/\/127.0.0.1:3000\/products\//g)?.length, 25);
    assert.match(body, /<loc>http:\/\/127.0.0.1:3000\/collections\/gifts<\/loc>/);
  });

  it('past the limit, sitemap.xml is an index of sitemaps of at most that many products', async () => {
    const app = Fastify();
    const handles = Array.from({ length: 25 }, (_, i) => ({ handle: `p${i}`, updatedAt: 0 }));
    const finder = {
      listedProductCount: async () => 25,
      listedProductPage: async (offset: number, limit: number) => handles.slice(offset, offset + limit),
    } as any;
    await app.register(
      seoRoutes({ finder, collections: async () => [], origin: () => 'https://shop.example', limit: 10 }),
    );
    const index = (await app.inject('/sitemap.xml')).body;
    assert.match(index, /<sitemapindex /);
    assert.deepEqual(
      [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]),
      [
        'https://shop.example/sitemaps/pages.xml',
        ...[1, 2, 3].map((n) => `https://shop.example/sitemaps/products-${n}.xml`),
      ],
    );
    assert.equal((await app.inject('/sitemaps/products-3.xml')).body.match(/<url>/g)?.length, 5);
    assert.equal((await app.inject('/sitemaps/products-4.xml')).statusCode, 404);
    await app.close();
  });
});

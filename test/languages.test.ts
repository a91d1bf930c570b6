/**
 * The shop in its languages (SHOP_LANGUAGES=ja,en): which language a request gets (?lang=, the kago_lang cookie,
 * Accept-Language, the default), the footer switcher, lang/hreflang/canonical, the cookie that remembers a choice
 * without a session, caches and precompressed pages kept per language, and Vary.
 */
import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { demoFiles } from '../src/catalog/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const sqlite = databaseTargets()[0]!;
const htmlLang = (html: string) => /^<!doctype html><html lang="([a-z]+)">/.exec(html)?.[1];
const canonical = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
const alternates = (html: string) =>
  [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
const langCookie = (setCookie: string | string[] | undefined) =>
  [setCookie ?? []].flat().find((cookie) => cookie.startsWith('kago_lang='));

describe('a shop in Japanese and English', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await sqlite.open();
    shop = await startTestShop(database, {
      catalog: demoFiles,
      env: { SHOP_LANGUAGES: 'ja,en', BASE_URL: 'http://127.0.0.1:3000' },
    });
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('speaks its default language (the first) to a browser that names none, with alternates for each language', async () => {
    const response = await shop.app.inject('/');
    assert.equal(response.statusCode, 200);
    assert.equal(htmlLang(response.body), 'ja');
    assert.match(response.body, /<a class="skip-link" href="#main">本文へ移動<\/a>/);
    assert.match(response.body, /これはデモショップです/);
    assert.equal(canonical(response.body), 'http://127.0.0.1:3000/');
    assert.deepEqual(alternates(response.body), [
      'ja http://127.0.0.1:3000/',
      'en http://127.0.0.1:3000/?lang=en',
      'x-default http://127.0.0.1:3000/',
    ]);
    assert.equal(response.headers['content-language'], 'ja');
    assert.deepEqual(String(response.headers.vary).split(', ').sort(), [
      'Accept-Encoding',
      'Accept-Language',
      'Cookie',
    ]);
    assert.equal(response.headers['set-cookie'], undefined, 'browsing sets no cookie');
  });

  it('follows Accept-Language among its languages, and the page says its own canonical URL', async () => {
    const moved = await shop.app.inject('/products/prod_RhLBIFHaTtAu8p');
    const path = moved.headers.location as string;
    const response = await shop.app.inject({ url: path, headers: { 'accept-language': 'en-GB,en;q=0.9,ja;q=0.5' } });
    assert.equal(htmlLang(response.body), 'en');
    assert.match(response.body, /Skip to content/);
    assert.equal(canonical(response.body), `http://127.0.0.1:3000${path}?lang=en`);
    const french = await shop.app.inject({ url: '/', headers: { 'accept-language': 'fr' } });
    assert.equal(htmlLang(french.body), 'ja', 'a language the shop does not speak falls back to the default');
  });

  it('has a footer switcher that links to this page in each language, marking the current one', async () => {
    const response = await shop.app.inject('/collections/all?sort_by=price-ascending');
    const links = [
      ...response.body.matchAll(
        /<a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+"( aria-current="true")?[^>]*>([^<]+)<\/a>/g,
      ),
    ].map((m) => [m[1], m[4], Boolean(m[3])]);
    assert.deepEqual(links, [
      ['/collections/all?sort_by=price-ascending&amp;lang=ja', '日本語', true],
      ['/collections/all?sort_by=price-ascending&amp;lang=en', 'English', false],
    ]);
  });

  it('remembers ?lang= in a cookie of its own (no session), which then wins over Accept-Language', async () => {
    const chosen = await shop.app.inject({ url: '/?lang=en', headers: { 'accept-language': 'ja' } });
    assert.equal(htmlLang(chosen.body), 'en');
    const cookie = langCookie(chosen.headers['set-cookie']);
    assert.match(cookie ?? '', /^kago_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal([chosen.headers['set-cookie']].flat().length, 1, 'only the language cookie: no session started');
    assert.equal(canonical(chosen.body), 'http://127.0.0.1:3000/?lang=en');

    const next = await shop.app.inject({
      url: '/collections',
      headers: { 'accept-language': 'ja', cookie: 'kago_lang=en' },
    });
    assert.equal(htmlLang(next.body), 'en');
    assert.equal(next.headers['set-cookie'], undefined);
    const again = await shop.app.inject({ url: '/?lang=en', headers: { cookie: 'kago_lang=en' } });
    assert.equal(again.headers['set-cookie'], undefined, 'the same choice is not sent again');
    const unknown = await shop.app.inject({ url: '/?lang=fr', headers: { cookie: 'kago_lang=de' } });
    assert.equal(htmlLang(unknown.body), 'ja');
    assert.equal(unknown.headers['set-cookie'], undefined, 'a language the shop does not speak is not remembered');
  });

  it("refuses in the shopper's language: error pages, early refusals, JSON descriptions (Shopify's message kept)", async () => {
    const missing = await shop.app.inject({ url: '/no-such-page', headers: { 'accept-language': 'ja' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(htmlLang(missing.body), 'ja');
    assert.match(missing.body, /<h1 class="page-title">ページが見つかりません<\/h1>/);
    assert.match(missing.body, /ショップに戻る/);
    const badUrl = await shop.app.inject({
      url: '/products/%zz',
      headers: { cookie: 'kago_lang=ja', 'accept-language': 'en' },
    });
    assert.equal(badUrl.statusCode, 400);
    assert.match(badUrl.body, /アドレスが正しくありません/);
    const unknown = await shop.app.inject({
      method: 'POST',
      url: '/cart/add.js',
      headers: { 'content-type': 'application/json', 'accept-language': 'ja' },
      payload: { id: 'prod_nope', quantity: 1 },
    });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.json(), {
      status: 404,
      message: 'Cannot find variant',
      description: 'この商品は存在しません。カタログから削除された可能性があります。',
      code: 'product_not_found',
    });
    assert.equal(unknown.headers['set-cookie'], undefined, 'nothing changed: no session');
    const tooMany = await shop.app.inject({
      method: 'POST',
      url: '/cart/add.js',
      headers: { 'content-type': 'application/json', 'accept-language': 'ja' },
      payload: { id: 'prod_RhLBIFHaTtAu8p', quantity: 100 },
    });
    assert.equal(tooMany.statusCode, 422);
    assert.equal(tooMany.json().description, '数量は1から99までの整数で入力してください。');
    const english = await shop.app.inject({
      method: 'POST',
      url: '/cart/add.js',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: { id: 'prod_RhLBIFHaTtAu8p', quantity: 100 },
    });
    assert.equal(english.json().description, 'The quantity must be a whole number from 1 to 99.');
  });

  it('keeps the cached, precompressed catalog page per language', async () => {
    for (const [accept, lang] of [
      ['ja', 'ja'],
      ['en', 'en'],
      ['ja', 'ja'],
      ['en', 'en'],
    ] as const) {
      const response = await shop.app.inject({
        url: '/',
        headers: { 'accept-language': accept, 'accept-encoding': 'br' },
      });
      assert.equal(response.headers['content-encoding'], 'br');
      const html = brotliDecompressSync(response.rawPayload).toString('utf8');
      assert.equal(htmlLang(html), lang);
      assert.match(html, lang === 'ja' ? /本文へ移動/ : /Skip to content/);
    }
    for (const lang of ['en', 'ja']) {
      const list = await shop.app.inject({ url: '/collections/all', headers: { 'accept-language': lang } });
      assert.equal(htmlLang(list.body), lang);
    }
    // The switcher's links work on every kind of page (lists and searches read their own query parameters).
    for (const url of [
      '/collections/all?sort_by=price-ascending&lang=en',
      '/search?q=tea&lang=en',
      '/?page=1&lang=en',
      '/collections?lang=en',
    ]) {
      const page = await shop.app.inject(url);
      assert.equal(page.statusCode, 200, url);
      assert.equal(htmlLang(page.body), 'en', url);
    }
  });
});

describe('a shop in one language (the default, English)', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await sqlite.open();
    shop = await startTestShop(database, { catalog: demoFiles, env: { SHOP_LOCALE: 'ja-JP' } });
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('shows no switcher or alternates, sets no cookie and does not vary on the language', async () => {
    const response = await shop.app.inject({ url: '/?lang=ja', headers: { 'accept-language': 'ja' } });
    assert.equal(htmlLang(response.body), 'en');
    assert.doesNotMatch(response.body, /hreflang/);
    assert.equal(response.headers['set-cookie'], undefined);
    assert.equal(response.headers.vary, 'Accept-Encoding');
    assert.equal(response.headers['content-language'], undefined);
    assert.match(canonical(response.body) ?? '', /^http:\/\/localhost(:\d+)?\/$/);
  });
});

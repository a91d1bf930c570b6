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
const alternates = (html: string) => [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
const langCookie = (setCookie: string | string[] | undefined) => [setCookie ?? []].flat().find((cookie) => cookie.startsWith('kago_lang='));

describe('a shop in Japanese and English', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await sqlite.open();
    shop = await startTestShop(database, { catalog: demoFiles, env: { SHOP_LANGUAGES: 'ja,en', BASE_URL: 'http://127.0.0.1:3000' } });
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
    assert.deepEqual(alternates(response.body), ['ja http://127.0.0.1:3000/', 'en http://127.0.0.1:3000/?lang=en', 'x-default http://127.0.0.1:3000/']);
    assert.equal(response.headers['content-language'], 'ja');
    assert.deepEqual(String(response.headers.vary).split(', ').sort(), ['Accept-Encoding', 'Accept-Language', 'Cookie']);
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
    const links = [...response.body.matchAll(/<a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+"( aria-current="true")?[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[4], Boolean(m[3])]);
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

    const next = await shop.app.inject({ url: '/collections', headers: { 'accept-language': 'ja', cookie: 'kago_lang=en' } });
    assert.equal(htmlLang(next.body), 'en');
    assert.equal(next.headers['set-cookie'], undefined);
    const again = await shop.app.inject({ url: '/?lang=en', headers: { cookie: 'kago_lang=en' } });
    assert.equal(again.headers['set-cookie'], undefined, 'the same choice is not sent again');
    const unknown = await shop.app.inject({ url: '/?lang=fr', headers: { cookie: 'kago_lang=de' } });
    assert.equal(htmlLang(unknown.body), 'ja');
    assert.equal(unknown.headers['set-cookie'], undefined, 'a language the shop does not speak is not remembered');
  });

  it('keeps the cached, precompressed catalog page per language', async () => {
    for (const [accept, lang] of [['ja', 'ja'], ['en', 'en'], ['ja', 'ja'], ['en', 'en']] as const) {
      const response = await shop.app.inject({ url: '/', headers: { 'accept-language': accept, 'accept-encoding': 'br' } });
      assert.equal(response.headers['content-encoding'], 'br');
      const html = brotliDecompressSync(response.rawPayload).toString('utf8');
      assert.equal(htmlLang(html), lang);
      assert.match(html, lang === 'ja' ? /本文へ移動/ : /Skip to content/);
    }
    for (const lang of ['en', 'ja']) {
      const list = await shop.app.inject({ url: '/collections/all', headers: { 'accept-language': lang } });
      assert.equal(htmlLang(list.body), lang);
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

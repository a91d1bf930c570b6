/**
 * The catalog page as browsers ask for it: Brotli or gzip by Accept-Encoding (compressed once per catalog version,
 * src/web/precompressed.ts), with Vary, and still a one-time token per form in every answer, which adds once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, sessionCookieOf } from './support/http.js';

/** form id -> token, from the inputs tied to the page's forms. */
const tokensByForm = (html: string) =>
  new Map(
    [...html.matchAll(/name="idempotency_key" value="([^"]+)" form="([^"]+)"/g)].map((match) => [match[2]!, match[1]!]),
  );
const formIds = (html: string) =>
  [...html.matchAll(/<form class="add-form"[^>]* id="([^"]+)"/g)].map((match) => match[1]!);
const withoutTokens = (html: string) => html.replaceAll(/value="[0-9a-f-]{36}"/g, 'value="token"');

for (const target of databaseTargets()) {
  describe(`the catalog page compressed on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    const get = (headers: Record<string, string> = {}) => shop.app.inject({ url: '/', headers });

    it('answers Brotli or gzip as asked, with Vary, and the same page as uncompressed', async () => {
      const plain = await get();
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'Accept-Encoding');
      for (const [asked, encoding, decode] of [
        ['gzip, deflate, br', 'br', brotliDecompressSync],
        ['gzip, deflate', 'gzip', gunzipSync],
      ] as const) {
        const answer = await get({ 'accept-encoding': asked });
        assert.equal(answer.statusCode, 200);
        assert.equal(answer.headers['content-encoding'], encoding);
        assert.equal(answer.headers.vary, 'Accept-Encoding');
        assert.match(answer.headers['content-type'] as string, /^text\/html; charset=utf-8/);
        const html = decode(answer.rawPayload).toString();
        assert.equal(withoutTokens(html), withoutTokens(plain.body));
        assert.ok(answer.rawPayload.length < Buffer.byteLength(html) / 2, 'compressed');
      }
    });

    it('every answer, compressed or not, with or without a cart, gives each add form a token of its own', async () => {
      const cookie = sessionCookieOf(
        await shop.app.inject({
          method: 'POST',
          url: '/cart/prod_tea',
          payload: 'quantity=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      )!;
      const pages = [
        (await get()).body,
        brotliDecompressSync((await get({ 'accept-encoding': 'br' })).rawPayload).toString(),
        brotliDecompressSync((await get({ 'accept-encoding': 'br' })).rawPayload).toString(),
        gunzipSync((await get({ 'accept-encoding': 'gzip' })).rawPayload).toString(),
        (await get({ cookie })).body,
      ];
      const all: string[] = [];
      for (const html of pages) {
        const tokens = tokensByForm(html);
        assert.deepEqual([...tokens.keys()].sort(), formIds(html).sort(), 'one token for each form, tied to it');
        assert.equal(
          tokens.size,
          1,
          "the tea's form: the cup has options (its card links to the choice), the dollar mug is not sold",
        );
        all.push(...tokens.values());
      }
      assert.equal(new Set(all).size, all.length, 'all different');
    });

    it('a shopper with a cart gets the same page with their count, gzip when asked (its parts compressed once)', async () => {
      const api = cartApi(shop);
      const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
      await api.post('/cart/add.js', { id: 'prod_cup' }, cookie);
      const withoutCartLink = (html: string) =>
        withoutTokens(html).replace(/<a class="cart-link"[^]*?<\/a>/, '<a class="cart-link"></a>');
      const anonymous = withoutCartLink((await get()).body);
      const plain = await get({ cookie: cookie! });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(headerCount(plain.body), 3);
      assert.equal(withoutCartLink(plain.body), anonymous);
      for (const asked of ['gzip, deflate, br', 'gzip']) {
        const answer = await get({ cookie: cookie!, 'accept-encoding': asked });
        assert.equal(answer.headers['content-encoding'], 'gzip', asked);
        assert.equal(answer.headers.vary, 'Accept-Encoding');
        const html = gunzipSync(answer.rawPayload).toString();
        assert.equal(headerCount(html), 3);
        assert.match(html, /<span class="visually-hidden" data-cart-count-label="true"> items<\/span>/);
        assert.equal(withoutCartLink(html), anonymous);
        assert.ok(answer.rawPayload.length < Buffer.byteLength(html) / 2, 'compressed');
      }
      const brOnly = await get({ cookie: cookie!, 'accept-encoding': 'br' });
      assert.equal(brOnly.headers['content-encoding'], undefined, 'Brotli alone: as is');
      assert.equal(headerCount(brOnly.body), 3);
    });

    it("a form sent with its page's token adds once, however often it is sent", async () => {
      const html = brotliDecompressSync((await get({ 'accept-encoding': 'gzip, deflate, br' })).rawPayload).toString();
      const token = tokensByForm(html).get('add-prod_tea')!;
      const action = /<form class="add-form" method="post" action="([^"]+)"[^>]* id="add-prod_tea"/.exec(html)![1]!;
      const post = (cookie?: string) =>
        shop.app.inject({
          method: 'POST',
          url: action,
          payload: `quantity=1&idempotency_key=${token}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        });
      const first = await post();
      assert.equal(first.statusCode, 303);
      const cookie = sessionCookieOf(first)!;
      assert.equal((await post(cookie)).statusCode, 303);
      assert.equal((await cartApi(shop).get(cookie)).body.item_count, 1);
    });
  });
}

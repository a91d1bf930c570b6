/**
 * After "Add to cart" without JavaScript the answer goes back to the product the shopper was at, and that page names
 * it: "Added <name> · View cart". The notice goes in the answer's own tail, so a catalog page is still the same
 * cached (and precompressed) bytes for everyone before it; `?added=` names a product of the page or nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestShop, type TestShop } from './support/app.js';
import { importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';

/** The words of the notice the page shows (not the script's template), or null. */
function notice(html: string): HTMLElement | null {
  const page = parsePage(html);
  return page.document.querySelector<HTMLElement>('[data-added-notice] .added-notice__text');
}

/** The page up to its per-answer tail: the add forms' tokens (and any notice) come after it. */
const cachedPart = (html: string) => html.slice(0, html.indexOf('<input type="hidden" name="idempotency_key"'));

describe('the notice after an add without JavaScript', () => {
  let database: TestDatabase;
  let shop: TestShop;
  const get = (url: string, headers: Record<string, string> = {}) => shop.app.inject({ url, headers });

  before(async () => {
    database = await databaseTargets()[0]!.open();
    await importCartCatalog(database.db);
    shop = await startTestShop(database, { env: { SHOP_LANGUAGES: 'en,ja' } });
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('the add goes back to the product card, and the catalog names it with a link to the cart', async () => {
    const added = await shop.app.inject({
      method: 'POST',
      url: '/cart/prod_cup',
      headers: SAME_ORIGIN,
      payload: 'return_to=%2F',
    });
    assert.deepEqual([added.statusCode, added.headers.location], [303, '/?added=prod_cup#product-prod_cup']);
    const cookie = sessionCookieOf(added)!;
    const page = await get('/?added=prod_cup', { cookie });
    assert.ok(parsePage(page.body).document.getElementById('product-prod_cup'), 'the card the fragment names');
    const shown = notice(page.body)!;
    assert.equal(shown.getAttribute('role'), 'status', 'a status message');
    assert.equal(shown.closest('section')!.getAttribute('aria-label'), 'Cart', 'in a region of its own');
    assert.equal(shown.textContent, 'Added Tea cup · View cart');
    assert.equal(shown.querySelector('a')!.getAttribute('href'), '/cart');
    assert.equal(notice((await get('/', { cookie })).body), null, 'only right after the add');
  });

  it('a visitor without a cart gets the precompressed page: the same bytes before the tail, the notice in it', async () => {
    const plain = brotliDecompressSync((await get('/', { 'accept-encoding': 'br' })).rawPayload).toString();
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const answer = await get('/?added=prod_tea', { 'accept-encoding': encoding });
      assert.equal(answer.headers['content-encoding'], encoding);
      const html = decode(answer.rawPayload).toString();
      assert.equal(cachedPart(html), cachedPart(plain), 'the cached part is the same page');
      assert.equal(notice(html)!.textContent, 'Added Sencha tea · View cart');
      assert.ok(html.endsWith('</body></html>'));
    }
  });

  it("names a product only: unknown ids, other pages' products and markup show nothing", async () => {
    for (const value of ['prod_nope', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'prod_tea%22%3E', '']) {
      const html = (await get(`/?added=${value}`)).body;
      assert.equal(notice(html), null, value);
      assert.doesNotMatch(html, /<script>alert/);
    }
    assert.equal(
      notice((await get('/products/sencha-tea?added=prod_cup')).body),
      null,
      "another product than the page's",
    );
  });

  it('product pages and search results name it too', async () => {
    assert.equal(
      notice((await get('/products/sencha-tea?added=prod_tea')).body)!.textContent,
      'Added Sencha tea · View cart',
    );
    assert.equal(notice((await get('/search?q=tea&added=prod_cup')).body)!.textContent, 'Added Tea cup · View cart');
  });

  it('in Japanese for a shopper reading the shop in Japanese', async () => {
    const html = (await get('/?added=prod_cup', { 'accept-language': 'ja' })).body;
    assert.equal(notice(html)!.textContent, 'Tea cupをカートに追加しました · カートを見る');
  });

  it("every page carries the template the script fills (in the page's language)", async () => {
    const template = parsePage((await get('/cart', { 'accept-language': 'ja' })).body).document.querySelector(
      'template[data-added-notice-template]',
    ) as HTMLTemplateElement;
    assert.match(template.innerHTML, /をカートに追加しました/);
  });
});

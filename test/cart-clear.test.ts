/**
 * "Clear cart" asks first: the cart page links to GET /cart/clear, a page that names what would go and changes
 * nothing; its button posts POST /cart/clear. With JavaScript the same question is asked in a dialog (test/e2e).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { cartRows, importCartCatalog, useCartShop } from './support/cart.js';
import { parsePage } from './support/page.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';

describe('clear cart asks first', () => {
  const running = useCartShop();
  const rows = () => cartRows(running.database.db);
  const get = (url: string, cookie?: string) => running.shop.app.inject({ url, headers: cookie ? { cookie } : {} });
  const post = (url: string, body: string, cookie?: string) =>
    running.shop.app.inject({
      method: 'POST',
      url,
      headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
      payload: body,
    });
  async function filledCart() {
    const cookie = sessionCookieOf(await post('/cart/add', 'id=prod_tea&quantity=2'))!;
    await post('/cart/add', 'id=prod_cup', cookie);
    return cookie;
  }

  beforeEach(async () => {
    await running.database.db.deleteFrom('cart_lines').execute();
    await running.database.db.deleteFrom('sessions').execute();
    await importCartCatalog(running.database.db);
  });

  it('the cart page has no button that empties the cart at once: "Clear cart" is a link to the question', async () => {
    const page = parsePage((await get('/cart', await filledCart())).body);
    const link = page.getByRole('link', { name: 'Clear cart' });
    assert.equal(link.getAttribute('href'), '/cart/clear');
    assert.equal(link.dataset.confirm, 'Remove all 3 items from your cart?');
    assert.equal(page.queryByRole('button', { name: /clear/i }), null);
  });

  it('GET /cart/clear names what would go, changes nothing, and offers both ways', async () => {
    const cookie = await filledCart();
    const before = await rows();
    const response = await get('/cart/clear', cookie);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    const page = parsePage(response.body);
    assert.equal(page.getByRole('heading', { level: 1 }).textContent, 'Clear your cart?');
    assert.match(
      page.getByText(/^Remove all/).textContent!,
      /Remove all 3 items from your cart\? This cannot be undone\./,
    );
    assert.deepEqual(
      page.getAllByRole('listitem').map((item: HTMLElement) => item.textContent),
      ['Sencha tea × 2', 'Tea cup × 1'],
    );
    assert.equal(page.getByRole('link', { name: 'Keep my cart' }).getAttribute('href'), '/cart');
    const confirm = page.getByRole('button', { name: 'Yes, clear my cart' });
    assert.equal(confirm.closest('form')!.getAttribute('action'), '/cart/clear');
    assert.deepEqual(await rows(), before);
  });

  it('confirming empties the cart and returns to it', async () => {
    const cookie = await filledCart();
    const cleared = await post('/cart/clear', '', cookie);
    assert.deepEqual([cleared.statusCode, cleared.headers.location], [303, '/cart']);
    assert.deepEqual((await rows()).lines, []);
  });

  it('an empty cart (or none) has nothing to confirm: back to the cart page, no session made', async () => {
    const response = await get('/cart/clear');
    assert.deepEqual(
      [response.statusCode, response.headers.location, response.headers['set-cookie']],
      [303, '/cart', undefined],
    );
    assert.deepEqual(await rows(), { sessions: [], lines: [] });
  });

  it('one item is asked about as one', async () => {
    const cookie = sessionCookieOf(await post('/cart/add', 'id=prod_tea'))!;
    assert.match(
      parsePage((await get('/cart/clear', cookie)).body).getByText(/^Remove/).textContent!,
      /^Remove the item from your cart\?/,
    );
  });
});

/**
 * Where "Add to cart" sends the shopper back (`return_to`, else the Referer): a value a Location header cannot
 * carry, or that leaves the shop, falls back like any other, and the add is applied exactly once (never a 500
 * after the item is already in the cart).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { cartRows, useCartShop } from './support/cart.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';

const UNUSABLE: [name: string, value: string][] = [
  ['DEL', '/\u007f'],
  ['a character above U+00FF', '/\u0100'],
  ['a Latin-1 character', '/caf\u00e9'],
  ['a NUL', '/a\u0000b'],
  ['CR LF (header splitting)', '/a\r\nSet-Cookie: x=1'],
  ['a tab', '/a\tb'],
  ['a space', '/a b'],
  ['a protocol-relative URL', '//evil.example/'],
  ['a backslash path', '/\\evil.example'],
  ['a backslash later on', '/products/\\x'],
  ['an absolute URL', 'https://evil.example/'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['a relative path', 'products/prod_tea'],
  ['an empty value', ''],
  ['a very long path', `/${'a'.repeat(5000)}`],
];

describe('add to cart: unusable return_to values', () => {
  const running = useCartShop();
  beforeEach(async () => {
    await running.database.db.deleteFrom('cart_lines').execute();
    await running.database.db.deleteFrom('sessions').execute();
  });
  const add = (returnTo: string, headers: Record<string, string> = {}) =>
    running.shop.app.inject({
      method: 'POST',
      url: '/cart/prod_tea',
      headers: { ...SAME_ORIGIN, host: 'localhost:80', ...headers },
      payload: new URLSearchParams({ return_to: returnTo }).toString(),
    });

  for (const [name, value] of UNUSABLE) {
    it(`${name}: 303 to the fallback, the item added once`, async () => {
      const response = await add(value);
      assert.equal(response.statusCode, 303, response.body);
      assert.equal(response.headers.location, '/?added=prod_tea#product-prod_tea');
      assert.ok(sessionCookieOf(response), 'the new cart is kept');
      const { sessions, lines } = await cartRows(running.database.db);
      assert.equal(sessions.length, 1);
      assert.deepEqual(
        lines.map((line) => [line.price_id, line.quantity]),
        [['price_tea', 1]],
      );
    });
  }

  it('falls back to the page the shopper came from (Referer) before the catalog', async () => {
    const response = await add('/\u0100', { referer: 'http://localhost:80/products/prod_tea?x=%C4%80' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/products/prod_tea?x=%C4%80&added=prod_tea#product-prod_tea');
  });

  it('an overlong Referer falls back to the catalog too', async () => {
    const response = await add('', { referer: `http://localhost:80/${'a'.repeat(5000)}` });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/?added=prod_tea#product-prod_tea');
  });

  it('keeps a usable path, percent-encoding and query included', async () => {
    const response = await add('/products/prod_%C4%80?page=2&x=%7F');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/products/prod_%C4%80?page=2&x=%7F&added=prod_tea#product-prod_tea');
  });

  it("an earlier `added` and fragment give way to this add's; a path a URL parser would normalise into another host stays a path", async () => {
    const again = await add('/?page=2&added=prod_cup&x=1#product-prod_cup');
    assert.equal(again.headers.location, '/?page=2&x=1&added=prod_tea#product-prod_tea');
    const dotted = await add('/.//evil.example/');
    assert.equal(dotted.headers.location, '/.//evil.example/?added=prod_tea#product-prod_tea');
    assert.equal(
      new URL(dotted.headers.location as string, 'http://shop.example').origin,
      'http://shop.example',
      'still this shop',
    );
  });
});

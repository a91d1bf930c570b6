/**
 * Shopify's section rendering against kago's named sections: bundled `sections` on the cart changes (at most five,
 * unknown ids null) and the Section Rendering API on any page (`?sections=` as JSON, `?section_id=` as HTML, an
 * unknown id 404).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { cartApi, useCartShop } from './support/cart.js';
import { parsePage } from './support/page.js';

describe('cart sections', () => {
  const running = useCartShop();
  const api = () => cartApi(running.shop);
  beforeEach(async () => {
    await running.database.db.deleteFrom('sessions').execute();
  });

  it('add.js, change.js, update.js and clear.js render the sections asked for from the cart after the change', async () => {
    const added = await api().post('/cart/add.js', {
      id: 'prod_tea',
      quantity: 2,
      sections: 'cart-icon-bubble,cart-items,no-such-section',
      sections_url: '/products/prod_tea',
    });
    assert.equal(added.status, 200);
    assert.equal(added.body.quantity, 2);
    assert.deepEqual(Object.keys(added.body.sections), ['cart-icon-bubble', 'cart-items', 'no-such-section']);
    const bubble = parsePage(added.body.sections['cart-icon-bubble']).document.body.firstElementChild;
    assert.deepEqual([bubble?.id, bubble?.className], ['shopify-section-cart-icon-bubble', 'shopify-section']);
    assert.equal(bubble?.querySelector('[data-cart-count]')?.textContent, '2');
    assert.match(added.body.sections['cart-items'], /Sencha tea/);
    assert.equal(added.body.sections['no-such-section'], null);
    const changed = await api().post(
      '/cart/change.js',
      { line: 1, quantity: 5, sections: ['cart-totals', 'cart-drawer'] },
      added.cookie,
    );
    assert.match(changed.body.sections['cart-totals'], /Subtotal \(5 items\)/);
    assert.match(changed.body.sections['cart-drawer'], /View cart \(5\)/);
    const updated = await api().post(
      '/cart/update.js',
      'updates%5B%5D=1&sections=cart-live-region-text',
      added.cookie,
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    assert.match(updated.body.sections['cart-live-region-text'], /Your cart has 1 item\./);
    const cleared = await api().post('/cart/clear.js', { sections: 'a,b,c,d,e,cart-icon-bubble' }, added.cookie);
    assert.deepEqual(Object.keys(cleared.body.sections), ['a', 'b', 'c', 'd', 'e'], 'at most five');
  });

  it('?sections= on any page answers the sections as JSON; ?section_id= answers one as HTML, or 404', async () => {
    const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea', quantity: 3 });
    const json = await running.shop.app.inject({
      url: '/?sections=cart-icon-bubble,nope',
      headers: { cookie: cookie! },
    });
    assert.equal(json.statusCode, 200);
    assert.match(json.headers['content-type'] as string, /application\/json/);
    assert.match(json.json()['cart-icon-bubble'], /data-cart-count="true">3</);
    assert.equal(json.json().nope, null);
    const html = await running.shop.app.inject({ url: '/cart?section_id=cart-drawer', headers: { cookie: cookie! } });
    assert.equal(html.statusCode, 200);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    // Shopify's wrapper, then the part liquid-ajax-cart redraws, then the drawer itself.
    const section = parsePage(html.body).document.body.firstElementChild;
    assert.deepEqual([section?.id, section?.className], ['shopify-section-cart-drawer', 'shopify-section']);
    assert.ok(
      section?.querySelector(':scope > .shopify-section__content[data-ajax-cart-section] > #CartDrawer'),
      'the drawer inside the redrawn part',
    );
    const unknown = await running.shop.app.inject({
      url: '/products/prod_tea?section_id=nope',
      headers: { cookie: cookie! },
    });
    assert.equal(unknown.statusCode, 404);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_DETAILS } from '../cart/cart-details.js';
import type { CartLine, CartView } from '../cart/cart-view.js';
import { MAX_LINE_QUANTITY } from '../cart/limits.js';
import type { ShippingRate } from '../shipping/rates.js';
import { checkCart, fingerprint, shippingFor } from './checkout-plan.js';

function line(overrides: Partial<CartLine> = {}): CartLine {
  return {
    key: '1:x',
    lineId: 'price_tea',
    addedPriceId: 'price_tea',
    properties: {},
    priceId: 'price_tea',
    productId: 'prod_tea',
    variantId: 1,
    keyVariantId: 1,
    productNumId: 1,
    handle: 'tea',
    productDescription: '',
    variantTitle: '',
    title: 'Tea',
    image: null,
    quantity: 2,
    unitAmount: 1200,
    lineAmount: 2400,
    previousUnitAmount: null,
    available: true,
    shippable: true,
    taxBehavior: 'inclusive',
    ...overrides,
  };
}

function cart(lines: CartLine[]): CartView {
  const buyable = lines.filter((each) => each.available);
  return {
    version: 1,
    currency: lines.length > 0 ? 'jpy' : null,
    lines,
    itemCount: buyable.reduce((sum, each) => sum + each.quantity, 0),
    unavailableCount: 0,
    subtotal: buyable.reduce((sum, each) => sum + each.lineAmount, 0),
    details: NO_DETAILS,
  };
}

const rates: ShippingRate[] = [
  {
    id: 'standard',
    name: 'Standard',
    currency: 'jpy',
    amount: 500,
    freeAbove: null,
    countries: null,
    minDays: 3,
    maxDays: 7,
  },
];
const shipping = { shipTo: ['JP', 'US'], rates };
const refused = (code: string) => ({ kind: 'refused', code });

describe('an order planned from a cart', () => {
  it('takes the buyable lines and leaves lines no longer sold in the cart', () => {
    const lines = checkCart(cart([line(), line({ lineId: 'price_gone', available: false })]));
    assert.ok(Array.isArray(lines));
    assert.deepEqual(
      lines.map((each) => [each.cartLineKey, each.quantity, each.lineTotal]),
      [['price_tea', 2, 2400]],
    );
  });

  it('refuses an empty cart, a cart of lines no longer sold, changed prices and quantities out of range', () => {
    assert.deepEqual(checkCart(cart([])), refused('cart_empty'));
    assert.deepEqual(checkCart(cart([line({ available: false })])), refused('line_unavailable'));
    assert.deepEqual(checkCart(cart([line({ previousUnitAmount: 1000 })])), refused('prices_changed'));
    assert.deepEqual(checkCart(cart([line({ quantity: MAX_LINE_QUANTITY + 1 })])), refused('quantity_out_of_range'));
  });

  it('delivers to the first country by default, refuses a country the shop does not ship to', () => {
    const view = cart([line()]);
    const delivery = shippingFor(view, {}, shipping);
    assert.ok(!('kind' in delivery));
    assert.equal(delivery.shipTo, 'JP');
    assert.equal(delivery.shippingOptions.length, 1);
    assert.equal((shippingFor(view, { country: 'us' }, shipping) as { shipTo: string }).shipTo, 'US');
    assert.deepEqual(shippingFor(view, { country: 'FR' }, shipping), refused('country_not_shipped'));
  });

  it('needs no delivery for a cart of unshipped goods, and refuses when no rate fits the cart', () => {
    assert.deepEqual(shippingFor(cart([line({ shippable: false })]), { country: 'FR' }, shipping), {
      shippingRequired: false,
      shipTo: null,
      shippingOptions: [],
    });
    const usdOnly = { shipTo: ['JP'], rates: [{ ...rates[0]!, currency: 'usd' }] };
    assert.deepEqual(shippingFor(cart([line()]), {}, usdOnly), refused('no_shipping_rate'));
  });

  it('gives an unchanged cart the same fingerprint, and a changed quantity, note or country another', () => {
    const lines = checkCart(cart([line()]));
    assert.ok(Array.isArray(lines));
    const jp = { shipTo: 'JP', shippingOptions: [] };
    const same = fingerprint('jpy', lines, jp, NO_DETAILS);
    assert.equal(fingerprint('jpy', lines, jp, NO_DETAILS), same);
    assert.notEqual(fingerprint('jpy', [{ ...lines[0]!, quantity: 3 }], jp, NO_DETAILS), same);
    assert.notEqual(fingerprint('jpy', lines, jp, { note: 'gift', attributes: {} }), same);
    assert.notEqual(fingerprint('jpy', lines, { ...jp, shipTo: 'US' }, NO_DETAILS), same);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDetails } from './address.js';
import { parseShippingRates, shippingEstimate, shippingOptionsFor } from './rates.js';

const RATES = JSON.stringify([
  { id: 'standard', name: 'Standard', currency: 'jpy', amount: '800', free_above: '10000', days: [2, 4] },
  { id: 'us', name: 'International', currency: 'usd', amount: '12.50', countries: ['US'], days: [5, 10] },
  { id: 'free', name: 'Pickup', amount: '0', days: [1, 2] },
]);

describe('shipping rates', () => {
  it('parses major-unit amounts into minor units per currency, and picks the rates for a cart', () => {
    const rates = parseShippingRates(RATES, ['JP', 'US']);
    assert.deepEqual(
      rates.map((rate) => [rate.id, rate.amount, rate.freeAbove]),
      [
        ['standard', 800, 10000],
        ['us', 1250, null],
        ['free', 0, null],
      ],
    );
    assert.deepEqual(
      shippingOptionsFor(rates, { currency: 'jpy', subtotal: 5000, country: 'JP' }).map((o) => [o.id, o.amount]),
      [
        ['free', 0],
        ['standard', 800],
      ],
    );
    assert.deepEqual(
      shippingOptionsFor(rates, { currency: 'jpy', subtotal: 10000, country: 'JP' }).map((o) => [o.id, o.amount]),
      [
        ['free', 0],
        ['standard', 0],
      ],
    );
    assert.deepEqual(
      shippingOptionsFor(rates, { currency: 'usd', subtotal: 100, country: 'US' }).map((o) => o.id),
      ['free', 'us'],
    );
    assert.deepEqual(
      shippingOptionsFor(rates, { currency: 'usd', subtotal: 100, country: 'JP' }).map((o) => o.id),
      ['free'],
    );
    const estimate = shippingEstimate(rates.slice(0, 1), { currency: 'jpy', subtotal: 5000, country: 'JP' });
    assert.deepEqual([estimate.cheapest?.amount, estimate.freeAbove], [800, 10000]);
  });

  it('refuses bad settings with a message naming the rate and the problem', () => {
    const bad: [unknown, RegExp][] = [
      ['not json', /not valid JSON/],
      [[], /non-empty JSON list/],
      [
        [{ id: 'a', name: 'A', currency: 'usd', amount: '5.999', days: [1, 2] }],
        /rate 1: "amount": "5.999" has 3 decimals; USD has at most 2/,
      ],
      [
        [{ id: 'a', name: 'A', currency: 'jpy', amount: 800, days: [1, 2] }],
        /rate 1: "amount" must be a string amount/,
      ],
      [[{ id: 'a', name: 'A', amount: '5', days: [1, 2] }], /"currency" is needed unless the rate is free/],
      [[{ id: 'a', name: 'A', currency: 'jpy', amount: '5', days: [3, 1] }], /"days" must be/],
      [
        [{ id: 'a', name: 'A', currency: 'jpy', amount: '5', days: [1, 2], countries: ['XX'] }],
        /"XX" is not an ISO 3166-1 country code/,
      ],
      [
        [{ id: 'a', name: 'A', currency: 'jpy', amount: '5', days: [1, 2], countries: ['US'] }],
        /delivers to US, which is not in SHIP_TO_COUNTRIES/,
      ],
      [[{ id: 'a', name: 'A', currency: 'jpy', amount: '5', days: [1, 2], cost: 1 }], /unknown field "cost"/],
      [
        Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, name: 'R', currency: 'jpy', amount: '5', days: [1, 2] })),
        /6 rates apply to JPY cart shipped to JP; Stripe Checkout offers at most 5/,
      ],
    ];
    for (const [value, message] of bad) {
      assert.throws(
        () => parseShippingRates(typeof value === 'string' ? value : JSON.stringify(value), ['JP']),
        message,
      );
    }
  });
});

describe('checkout details', () => {
  const rules = { phone: 'optional' as const, shipTo: ['JP'], shippingOptionIds: ['standard'] };
  const good = {
    email: 'a@example.jp',
    name: 'A',
    country: 'jp',
    postal_code: '１５００００１',
    state: '東京都',
    city: '渋谷区',
    line1: '1-2-3',
    shipping_option: 'standard',
  };

  it('normalizes a Japanese address (full-width digits, postal code NNN-NNNN)', () => {
    const result = checkDetails(good, rules);
    assert.ok(result.ok);
    assert.deepEqual(result.details.address, {
      line1: '1-2-3',
      line2: null,
      city: '渋谷区',
      state: '東京都',
      postalCode: '150-0001',
      country: 'JP',
    });
    assert.equal(result.details.contact.phone, null);
  });

  it('reports every field that does not pass', () => {
    const result = checkDetails({ ...good, email: 'a@b', state: '', phone: 'call me' }, rules);
    assert.ok(!result.ok);
    assert.deepEqual(Object.keys(result.errors).sort(), ['email', 'phone', 'state']);
    const off = checkDetails(
      { email: 'a@example.jp', name: 'A', phone: 'ignored' },
      { phone: 'off', shipTo: null, shippingOptionIds: [] },
    );
    assert.ok(off.ok && off.details.address === null && off.details.contact.phone === null);
  });
});

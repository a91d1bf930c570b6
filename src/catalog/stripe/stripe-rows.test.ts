/** Stripe's objects -> staged rows: the default price a product names (an id, or the price expanded) and lookup keys. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Stripe from 'stripe';
import { priceRow, productRow } from './stripe-rows.js';

const product = (fields: Partial<Stripe.Product>) =>
  ({ id: 'prod_tea', name: 'Sencha', active: true, created: 1, metadata: {}, images: [], ...fields }) as Stripe.Product;

const price = (fields: Partial<Stripe.Price>) =>
  ({
    id: 'price_tea',
    product: 'prod_tea',
    active: true,
    created: 1,
    currency: 'jpy',
    unit_amount: 1200,
    billing_scheme: 'per_unit',
    recurring: null,
    metadata: {},
    ...fields,
  }) as Stripe.Price;

const defaultPriceOf = (fields: Partial<Stripe.Product>) => {
  const result = productRow(product(fields), false);
  return 'row' in result ? result.row.stripe_default_price_id : result;
};

describe('Stripe rows', () => {
  it("reads a product's default price as an id or as the expanded price, and none as null", () => {
    assert.equal(defaultPriceOf({ default_price: 'price_tea' }), 'price_tea');
    assert.equal(defaultPriceOf({ default_price: price({ id: 'price_big' }) }), 'price_big');
    assert.equal(defaultPriceOf({ default_price: null }), null);
    assert.equal(defaultPriceOf({}), null);
    assert.deepEqual(defaultPriceOf({ default_price: 'price tea' }), {
      problems: ['default_price "price tea" contains spaces'],
    });
  });

  it("keeps a price's lookup key, and none as null", () => {
    const lookupKey = (fields: Partial<Stripe.Price>) => {
      const result = priceRow(price(fields));
      return 'row' in result ? result.row.lookup_key : result;
    };
    assert.equal(lookupKey({ lookup_key: 'sencha-100g' }), 'sencha-100g');
    assert.equal(lookupKey({ lookup_key: null }), null);
    assert.equal(lookupKey({}), null);
  });
});

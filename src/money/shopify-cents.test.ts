/** Shopify units through Shopify's own formatter (@shopify/theme-currency 4.1.1): the printed price is the real one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoney } from '@shopify/theme-currency';
import { toShopifyCents, toShopifyDecimal } from './shopify-cents.js';

describe('Shopify units', () => {
  it("print the right price with Shopify's formatMoney in JPY, USD and KWD", () => {
    assert.equal(formatMoney(toShopifyCents(1320, 'jpy'), '¥{{amount_no_decimals}}'), '¥1,320');
    assert.equal(formatMoney(toShopifyCents(1320, 'jpy'), '¥{{amount}}'), '¥1,320.00');
    assert.equal(formatMoney(toShopifyCents(2990, 'usd'), '${{amount}}'), '$29.90');
    assert.equal(formatMoney(toShopifyCents(123456, 'usd'), '{{amount_with_comma_separator}} €'), '1.234,56 €');
    assert.equal(formatMoney(toShopifyCents(1250, 'kwd'), '{{amount}} KD'), '1.25 KD');
    assert.equal(formatMoney(toShopifyCents(12_500, 'bhd'), '{{amount}} BD'), '12.50 BD');
  });

  it('round a three-decimal amount to hundredths half away from zero (the formatters print two places)', () => {
    assert.deepEqual(
      [1255, 1254, 5, 4, -1255].map((minor) => toShopifyCents(minor, 'kwd')),
      [126, 125, 1, 0, -126],
    );
  });

  it("write decimal strings as Shopify's product and rate JSON do", () => {
    assert.deepEqual(
      [
        toShopifyDecimal(1320, 'jpy'),
        toShopifyDecimal(2990, 'usd'),
        toShopifyDecimal(5, 'usd'),
        toShopifyDecimal(1250, 'kwd'),
        toShopifyDecimal(0, 'jpy'),
      ],
      ['1320.00', '29.90', '0.05', '1.25', '0.00'],
    );
  });
});

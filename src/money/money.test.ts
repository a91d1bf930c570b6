import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AmountFormatError,
  currencyExponent,
  formatMoney,
  isKnownCurrency,
  majorToMinor,
  minorToMajor,
} from './index.js';

describe('currency exponents', () => {
  it("follows Stripe's zero- and three-decimal lists, 2 otherwise", () => {
    for (const code of ['jpy', 'krw', 'vnd', 'clp', 'ugx', 'xpf', 'JPY']) assert.equal(currencyExponent(code), 0, code);
    for (const code of ['bhd', 'jod', 'kwd', 'omr', 'tnd']) assert.equal(currencyExponent(code), 3, code);
    for (const code of ['usd', 'eur', 'gbp', 'chf']) assert.equal(currencyExponent(code), 2, code);
  });

  it('knows real currency codes, lower-case', () => {
    assert.equal(isKnownCurrency('jpy'), true);
    assert.equal(isKnownCurrency('usd'), true);
    assert.equal(isKnownCurrency('xyz'), false);
    assert.equal(isKnownCurrency('USD'), false);
  });
});

describe('majorToMinor', () => {
  it('converts by string arithmetic', () => {
    assert.equal(majorToMinor('29.90', 'usd'), 2990);
    assert.equal(majorToMinor('29.9', 'usd'), 2990);
    assert.equal(majorToMinor('0.07', 'usd'), 7);
    assert.equal(majorToMinor('0', 'usd'), 0);
    assert.equal(majorToMinor('1500', 'jpy'), 1500);
    assert.equal(majorToMinor('1.250', 'kwd'), 1250);
    assert.equal(majorToMinor('0.001', 'kwd'), 1);
    // A float would give 1.1 * 100 = 110.00000000000001 and 4.35 * 100 = 434.99999999999994.
    assert.equal(majorToMinor('1.10', 'usd'), 110);
    assert.equal(majorToMinor('4.35', 'usd'), 435);
    assert.equal(majorToMinor('9999999999.99', 'usd'), 999_999_999_999);
  });

  it('rejects more decimals than the currency has', () => {
    assert.throws(() => majorToMinor('1500.5', 'jpy'), { name: 'AmountFormatError', message: /JPY has no decimals/ });
    assert.throws(() => majorToMinor('1500.00', 'jpy'), AmountFormatError);
    assert.throws(() => majorToMinor('29.905', 'usd'), { message: /USD has at most 2 decimals/ });
    assert.throws(() => majorToMinor('1.2345', 'kwd'), { message: /KWD has at most 3 decimals/ });
  });

  it('rejects separators, signs, exponents, spaces and garbage', () => {
    for (const input of [
      '1,500',
      '1 500',
      '1_500',
      '-5',
      '+5',
      '1e3',
      '.5',
      '5.',
      '',
      ' 5',
      '5 ',
      'abc',
      '¥1500',
      '0x10',
      '01.50',
      'NaN',
      'Infinity',
      '١٥٠٠',
    ]) {
      assert.throws(() => majorToMinor(input, 'usd'), AmountFormatError, JSON.stringify(input));
    }
  });

  it('rejects amounts too large to keep totals exact', () => {
    assert.throws(() => majorToMinor('10000000000.00', 'usd'), { message: /larger than the largest amount/ });
    assert.throws(() => majorToMinor('99999999999999999999', 'jpy'), AmountFormatError);
  });
});

describe('minorToMajor', () => {
  it('writes exact decimal strings', () => {
    assert.equal(minorToMajor(2990, 'usd'), '29.90');
    assert.equal(minorToMajor(5, 'usd'), '0.05');
    assert.equal(minorToMajor(0, 'usd'), '0.00');
    assert.equal(minorToMajor(-5, 'usd'), '-0.05');
    assert.equal(minorToMajor(1500, 'jpy'), '1500');
    assert.equal(minorToMajor(1250, 'kwd'), '1.250');
  });

  it('round-trips with majorToMinor', () => {
    for (const [amount, currency] of [
      ['29.90', 'usd'],
      ['1500', 'jpy'],
      ['1.250', 'kwd'],
      ['0.00', 'eur'],
    ] as const) {
      assert.equal(minorToMajor(majorToMinor(amount, currency), currency), amount);
    }
  });

  it('refuses non-integers', () => {
    assert.throws(() => minorToMajor(1.5, 'usd'), RangeError);
  });
});

describe('formatMoney', () => {
  it('formats with the currency exponent and the locale', () => {
    assert.equal(formatMoney(1800, 'jpy', 'en-US'), '¥1,800');
    assert.equal(formatMoney(1800, 'jpy', 'ja-JP'), '￥1,800');
    assert.equal(formatMoney(2990, 'usd', 'en-US'), '$29.90');
    assert.equal(formatMoney(5, 'usd', 'en-US'), '$0.05');
    assert.equal(formatMoney(1250, 'kwd', 'en-US'), 'KWD\u00a01.250');
    assert.equal(formatMoney(2990, 'eur', 'de-DE'), '29,90\u00a0€');
  });

  it('keeps large amounts exact', () => {
    assert.equal(formatMoney(999_999_999_999, 'usd', 'en-US'), '$9,999,999,999.99');
  });

  it("uses Stripe's exponent where Intl's differs (UGX is zero-decimal at Stripe)", () => {
    assert.equal(formatMoney(5000, 'ugx', 'en-US'), 'UGX\u00a05,000');
  });
});

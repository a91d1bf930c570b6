/** The option rules: which prices are sold, their labels and their order, and where a line of a gone price moves. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonestCurrency, defaultOption, nameWithOption, optionLabel, optionPosition, productOptions, replacementOption, type OptionPrice } from './option-rules.js';

const price = (id: string, unitAmount: number, extra: Partial<OptionPrice> = {}): OptionPrice => ({
  id, productId: 'prod_tea', unitAmount, currency: 'jpy', type: 'one_time', active: true, createdAt: 1000, nickname: '', metadata: {}, ...extra,
});

describe('option rules', () => {
  it('labels an option by `option (metadata)` in any letter case, else by its nickname, with spaces tidied', () => {
    assert.equal(optionLabel({ nickname: 'Internal v2', metadata: { option: ' 100 g ' } }), '100 g');
    assert.equal(optionLabel({ nickname: 'Internal v2', metadata: { Option: 'Large' } }), 'Large');
    assert.equal(optionLabel({ nickname: '  Box  of\n12 ', metadata: {} }), 'Box of 12');
    assert.equal(optionLabel({ nickname: 'Small', metadata: { option: '   ' } }), 'Small', 'an empty option falls back to the nickname');
    assert.equal(optionLabel({ nickname: '', metadata: {} }), '');
    assert.equal(optionLabel({ nickname: 'x'.repeat(200), metadata: {} }).length, 80);
  });

  it('reads `position (metadata)` only as a whole number', () => {
    assert.equal(optionPosition({ position: '2' }), 2);
    assert.equal(optionPosition({ Position: ' -1 ' }), -1);
    assert.equal(optionPosition({ position: 'first' }), undefined);
    assert.equal(optionPosition({ position: '1.5' }), undefined);
    assert.equal(optionPosition({}), undefined);
  });

  it('sells active one-time prices in the shop currency: by position, then amount, then oldest', () => {
    const prices = [
      price('price_large', 1500),
      price('price_small', 1200),
      price('price_gift', 3000, { metadata: { position: '1' } }),
      price('price_usd', 900, { currency: 'usd' }),
      price('price_old', 800, { active: false }),
      price('price_monthly', 700, { type: 'recurring' }),
      price('price_small_b', 1200, { createdAt: 500 }),
    ];
    assert.deepEqual(productOptions(prices, 'jpy').map((option) => option.id), ['price_gift', 'price_small_b', 'price_small', 'price_large']);
    assert.deepEqual(productOptions(prices, 'usd').map((option) => option.id), ['price_usd']);
    assert.deepEqual(productOptions(prices, null), []);
  });

  it('sells a product at its newest option when none is chosen, as it sold at its newest price before options', () => {
    const options = [price('price_small', 1200, { createdAt: 3000 }), price('price_large', 1500, { createdAt: 2000 }), price('price_b', 900, { createdAt: 3000 })];
    assert.equal(defaultOption(options)?.id, 'price_small', 'newest; ties go to the last id');
    assert.equal(defaultOption([]), undefined);
  });

  it('moves a line of a gone price to the option of the same label, or to the only option; never to a guess', () => {
    const options = [{ id: 'price_s2', label: 'Small', currency: 'jpy' }, { id: 'price_l2', label: 'Large', currency: 'jpy' }];
    assert.equal(replacementOption({ label: 'Large', currency: 'jpy' }, options)?.id, 'price_l2');
    assert.equal(replacementOption({ label: 'Medium', currency: 'jpy' }, options), undefined);
    assert.equal(replacementOption({ label: '', currency: 'jpy' }, options), undefined);
    assert.equal(replacementOption({ label: '', currency: 'jpy' }, [options[0]!])?.id, 'price_s2', 'the only option');
    assert.equal(replacementOption({ label: 'Large', currency: 'usd' }, options), undefined, 'never into another currency');
  });

  it('chooses the currency most products are priced in, ties to the newest product\'s', () => {
    assert.equal(commonestCurrency([{ currency: 'usd', products: 2, newest: 9 }, { currency: 'jpy', products: 3, newest: 1 }]), 'jpy');
    assert.equal(commonestCurrency([{ currency: 'usd', products: 3, newest: 9 }, { currency: 'jpy', products: 3, newest: 1 }]), 'usd');
    assert.equal(commonestCurrency([]), null);
  });

  it('names a line with its option where one line of text names it', () => {
    assert.equal(nameWithOption('Sencha', 'Large'), 'Sencha (Large)');
    assert.equal(nameWithOption('Sencha', ''), 'Sencha');
  });
});

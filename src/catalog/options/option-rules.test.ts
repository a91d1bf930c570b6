/** The option rules read per price: labels, positions, where a line of a gone price moves, the commonest currency. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonestCurrency, nameWithOption, optionLabel, optionPosition, replacementOption } from './option-rules.js';

describe('option rules', () => {
  it('labels an option by `option (metadata)` in any letter case, else by its nickname, spaces trimmed as SQL trims them', () => {
    assert.equal(optionLabel({ nickname: 'Internal v2', metadata: { option: ' 100 g ' } }), '100 g');
    assert.equal(optionLabel({ nickname: 'Internal v2', metadata: { Option: 'Large' } }), 'Large');
    assert.equal(optionLabel({ nickname: '  Box of 12 ', metadata: {} }), 'Box of 12');
    assert.equal(
      optionLabel({ nickname: 'Small', metadata: { option: '   ' } }),
      'Small',
      'an empty option falls back to the nickname',
    );
    assert.equal(optionLabel({ nickname: '', metadata: {} }), '');
    assert.equal(optionLabel({ nickname: 'x'.repeat(200), metadata: {} }).length, 80);
    assert.equal(
      optionLabel({ nickname: '', metadata: { option: '箱'.repeat(100) } }),
      '箱'.repeat(80),
      'characters, not bytes',
    );
  });

  it('reads `position (metadata)` only as a whole number', () => {
    assert.equal(optionPosition({ position: '2' }), 2);
    assert.equal(optionPosition({ Position: ' -1 ' }), -1);
    assert.equal(optionPosition({ position: 'first' }), undefined);
    assert.equal(optionPosition({ position: '1.5' }), undefined);
    assert.equal(optionPosition({}), undefined);
  });

  it('moves a line of a gone price to the option of the same label, or to the only option; never to a guess', () => {
    const options = [
      { id: 'price_s2', label: 'Small', currency: 'jpy' },
      { id: 'price_l2', label: 'Large', currency: 'jpy' },
    ];
    assert.equal(replacementOption({ label: 'Large', currency: 'jpy' }, options)?.id, 'price_l2');
    assert.equal(replacementOption({ label: 'Medium', currency: 'jpy' }, options), undefined);
    assert.equal(replacementOption({ label: '', currency: 'jpy' }, options), undefined);
    assert.equal(replacementOption({ label: '', currency: 'jpy' }, [options[0]!])?.id, 'price_s2', 'the only option');
    assert.equal(
      replacementOption({ label: 'Large', currency: 'usd' }, options),
      undefined,
      'never into another currency',
    );
  });

  it("chooses the currency most products are priced in, ties to the newest product's", () => {
    assert.equal(
      commonestCurrency([
        { currency: 'usd', products: 2, newest: 9 },
        { currency: 'jpy', products: 3, newest: 1 },
      ]),
      'jpy',
    );
    assert.equal(
      commonestCurrency([
        { currency: 'usd', products: 3, newest: 9 },
        { currency: 'jpy', products: 3, newest: 1 },
      ]),
      'usd',
    );
    assert.equal(commonestCurrency([]), null);
  });

  it('names a line with its option where one line of text names it', () => {
    assert.equal(nameWithOption('Sencha', 'Large'), 'Sencha (Large)');
    assert.equal(nameWithOption('Sencha', ''), 'Sencha');
  });
});

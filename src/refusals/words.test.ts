import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../i18n/index.js';
import { refusalWords, wordsOf } from './words.js';

const ja = translator('ja');

describe('wordsOf', () => {
  it("fills the catalogue's limits and the refusal's values", () => {
    assert.deepEqual(wordsOf('line_quantity_limit', { values: { quantity: 98 } }), {
      title: 'Quantity limit reached',
      description: 'You can have at most 99 of one item in your cart; you already have 98.',
    });
    assert.equal(
      wordsOf('quantity_out_of_range', { values: { min: 0 } }).description,
      'The quantity must be a whole number from 0 to 99.',
    );
    assert.equal(wordsOf('cart_line_limit').description, 'A cart can hold at most 100 different items.');
    assert.equal(wordsOf('cart_line_limit', {}, ja).description, 'カートに入れられる商品は100種類までです。');
  });

  it('says what the cart has only when it has some', () => {
    assert.deepEqual(wordsOf('sold_out', { values: { name: 'Daruma', inCart: 0 } }), {
      title: 'Daruma is sold out',
      description: 'Daruma is sold out.',
    });
    assert.equal(
      wordsOf('not_enough_stock', { values: { name: 'Daruma', available: 2, wanted: 3, inCart: 1 } }).description,
      'Only 2 of Daruma left; you asked for 3. Your cart has 1.',
    );
  });

  it('picks the sentence of the problem or the variant, and takes values as text, never as message syntax', () => {
    assert.equal(
      wordsOf('invalid_properties', { values: { problem: 'not_text', name: '{x}' } }).description,
      'The property "{x}" must be text.',
    );
    assert.equal(
      wordsOf('invalid_properties', { values: { problem: 'count', name: '' } }).description,
      'An item can have at most 25 properties.',
    );
    assert.equal(
      wordsOf('invalid_cart_details', { values: { problem: 'note_length', name: '' } }).description,
      'A note is at most 5000 characters.',
    );
    assert.equal(
      wordsOf('invalid_cart_details', { values: { problem: 'note_length', name: '' } }, ja).description,
      'メモは5000文字までです。',
    );
    assert.equal(
      wordsOf('product_unavailable', { variant: 'notSold', values: { name: 'Tea club' } }).description,
      'Tea club cannot be bought in the cart.',
    );
  });
});

describe('refusalWords', () => {
  it("says a refusal in the shopper's language, with the catalogue's limits", () => {
    const { title, description } = wordsOf('too_many_updates');
    assert.deepEqual(refusalWords(ja, { code: 'too_many_updates', message: title, description, words: {} }), {
      title: '変更が多すぎます',
      description: '一度に送信できる変更は100件までです。',
    });
  });

  it('keeps words of its own, and codes the catalogs do not know, as they were said', () => {
    assert.deepEqual(
      refusalWords(ja, { code: 'bad_request', message: 'Bad request', description: 'Body is not valid here.' }),
      {
        title: 'リクエストが正しくありません',
        description: 'Body is not valid here.',
      },
    );
    assert.deepEqual(refusalWords(ja, { code: 'no_such_code', message: 'Odd', description: 'Odd thing.' }), {
      title: 'Odd',
      description: 'Odd thing.',
    });
  });
});

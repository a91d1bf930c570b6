import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusalWords } from './words.js';

describe('refusalWords', () => {
  it("fills the catalogue's limits and the refusal's values", () => {
    assert.deepEqual(refusalWords('line_quantity_limit', { inCart: 98 }), {
      title: 'Quantity limit reached',
      description: 'You can have at most 99 of one item in your cart; you already have 98.',
    });
    assert.equal(refusalWords('quantity_out_of_range', { min: 0 }).description, 'The quantity must be a whole number from 0 to 99.');
    assert.equal(refusalWords('cart_line_limit').description, 'A cart can hold at most 100 different items.');
  });

  it('says what the cart has only when it has some', () => {
    assert.deepEqual(refusalWords('sold_out', { name: 'Daruma', inCart: 0 }), { title: 'Daruma is sold out', description: 'Daruma is sold out.' });
    assert.equal(refusalWords('not_enough_stock', { name: 'Daruma', available: 2, wanted: 3, inCart: 1 }).description, 'Only 2 of Daruma left; you asked for 3. Your cart has 1.');
  });

  it('picks the sentence of the problem, and takes values as text, never as message syntax', () => {
    assert.equal(refusalWords('invalid_properties', { problem: 'not_text', name: '{x}' }).description, 'The property "{x}" must be text.');
    assert.equal(refusalWords('invalid_properties', { problem: 'count', name: '' }).description, 'An item can have at most 25 properties.');
    assert.equal(refusalWords('invalid_cart_details', { problem: 'note_length', name: '' }).description, 'A note is at most 5000 characters.');
    assert.equal(refusalWords('product_unavailable', { name: 'Tea club', reason: 'not_in_cart' }).description, 'Tea club cannot be bought in the cart.');
  });
});

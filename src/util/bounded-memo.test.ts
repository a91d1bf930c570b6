import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('remembers up to its size, then a new key starts it over', () => {
    const memo = new BoundedMemo<string, number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('a', 10); // a key it holds: no room needed
    assert.deepEqual([memo.size, memo.get('a'), memo.get('b')], [2, 10, 2]);
    memo.set('c', 3);
    assert.deepEqual([memo.size, memo.get('a'), memo.get('b'), memo.get('c')], [1, undefined, undefined, 3]);
  });

  it('remember makes a value once per key, including a falsy one', () => {
    const memo = new BoundedMemo<string, number>(10);
    let made = 0;
    const make = () => (made++, 0);
    assert.equal(memo.remember('zero', make), 0);
    assert.equal(memo.remember('zero', make), 0);
    assert.equal(made, 1);
    memo.delete('zero');
    memo.remember('zero', make);
    assert.equal(made, 2);
  });
});

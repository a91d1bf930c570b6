import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPageCache } from './page-cache.js';

describe('page cache', () => {
  it('makes a page once per catalog version, and again when the version moves', async () => {
    let version = 1;
    let made = 0;
    const cache = createPageCache<string>(() => version);
    const make = async () => `page ${++made}`;
    assert.equal(await cache.get('a', make), 'page 1');
    assert.equal(await cache.get('a', make), 'page 1');
    version = 2;
    assert.equal(await cache.get('a', make), 'page 2');
  });

  it('does not remember a failure, and stays bounded', async () => {
    const cache = createPageCache<number>(() => 1, 2);
    await assert.rejects(cache.get('x', async () => Promise.reject(new Error('db down'))));
    assert.equal(await cache.get('x', async () => 7), 7);
    let calls = 0;
    for (const key of ['a', 'b', 'c', 'a']) await cache.get(key, async () => ++calls);
    assert.equal(calls, 4, 'the third key started the cache over, so a was made again');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newIdempotencyKey, sendWithRetry } from './retry.js';

const noWait = async () => undefined;
const answer = (status: number) => new Response('{}', { status });

describe('cart changes sent with retries (browser script)', () => {
  it('retries a network failure and a 503 with the same key, then returns the answer', async () => {
    const keys: string[] = [];
    const waits: number[] = [];
    const outcomes = [
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => Promise.resolve(answer(503)),
      () => Promise.resolve(answer(200)),
    ];
    const response = await sendWithRetry(
      (key) => {
        keys.push(key);
        return outcomes[keys.length - 1]!();
      },
      async (ms) => void waits.push(ms),
      [10, 20, 30],
    );
    assert.equal(response.status, 200);
    assert.equal(keys.length, 3);
    assert.match(keys[0]!, /^[0-9a-f]{32}$/);
    assert.deepEqual(new Set(keys).size, 1, 'every attempt carries the same key');
    assert.deepEqual(waits, [10, 20]);
  });

  it('each change gets a new key', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 3; i += 1) await sendWithRetry(async (key) => (keys.add(key), answer(200)), noWait);
    assert.equal(keys.size, 3);
    assert.notEqual(newIdempotencyKey(), newIdempotencyKey());
  });

  it('does not retry refusals (4xx) or other errors, and gives up after the last delay', async () => {
    let calls = 0;
    assert.equal((await sendWithRetry(async () => (calls++, answer(422)), noWait)).status, 422);
    assert.equal(calls, 1);
    calls = 0;
    await assert.rejects(
      sendWithRetry(async () => (calls++, Promise.reject(new Error('bug'))), noWait),
      /bug/,
    );
    assert.equal(calls, 1);
    calls = 0;
    assert.equal((await sendWithRetry(async () => (calls++, answer(503)), noWait, [1, 1])).status, 503);
    assert.equal(calls, 3, 'the first try and two retries');
    calls = 0;
    await assert.rejects(
      sendWithRetry(async () => (calls++, Promise.reject(new TypeError('offline'))), noWait, [1]),
      TypeError,
    );
    assert.equal(calls, 2);
  });
});

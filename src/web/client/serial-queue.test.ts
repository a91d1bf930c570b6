import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSerialQueue } from './serial-queue.js';

/** A task whose end the test decides, to interleave them on purpose. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('serial queue (rapid add-to-cart clicks)', () => {
  it('runs ten rapid tasks one at a time, in order, each exactly once', async () => {
    const queue = createSerialQueue();
    const started: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        queue.push(async () => {
          started.push(index);
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((resolve) => setTimeout(resolve, 10 - index));
          running -= 1;
          return index;
        }),
      ),
    );
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(maxRunning, 1);
    assert.equal(queue.size, 0);
  });

  it('does not start a task before the previous one settles', async () => {
    const queue = createSerialQueue();
    const first = deferred<string>();
    let secondStarted = false;
    const a = queue.push(() => first.promise);
    const b = queue.push(async () => {
      secondStarted = true;
      return 'b';
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(secondStarted, false);
    assert.equal(queue.size, 2);
    first.resolve('a');
    assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
  });

  it('keeps going after a failure, and reports the failure to its caller only', async () => {
    const queue = createSerialQueue();
    const failing = queue.push(async () => {
      throw new Error('network down');
    });
    const next = queue.push(async () => 'ok');
    await assert.rejects(failing, /network down/);
    assert.equal(await next, 'ok');
    assert.equal(queue.size, 0);
  });

  it('a task that throws synchronously is a rejection, not a crash', async () => {
    const queue = createSerialQueue();
    const bad = queue.push((() => {
      throw new Error('sync');
    }) as () => Promise<never>);
    await assert.rejects(bad, /sync/);
    assert.equal(await queue.push(async () => 1), 1);
  });
});

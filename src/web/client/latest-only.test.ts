import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestOnly, type Timer } from './latest-only.js';

/** A timer the test runs by hand: `fire()` runs every wait still set. */
function manualTimer(): Timer & { fire(): void; waiting(): number } {
  const waits = new Map<number, () => void>();
  let next = 0;
  return {
    set: (run) => (waits.set(++next, run), next),
    clear: (handle) => void waits.delete(handle as number),
    fire() {
      const runs = [...waits.values()];
      waits.clear();
      for (const run of runs) run();
    },
    waiting: () => waits.size,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('search suggestions: debounced, latest only (browser script)', () => {
  it('typing quickly sends one request, for the last text', async () => {
    const timer = manualTimer();
    const sent: string[] = [];
    const latest = latestOnly(async (input) => (sent.push(input), input), 150, timer);
    const shown: string[] = [];
    for (const text of ['m', 'mu', 'mug']) latest.request(text, (answer) => shown.push(answer));
    assert.equal(timer.waiting(), 1);
    timer.fire();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent, ['mug']);
    assert.deepEqual(shown, ['mug']);
  });

  it('a newer request aborts the one in flight, and its late answer is never shown', async () => {
    const timer = manualTimer();
    const answers = new Map<string, ReturnType<typeof deferred<string>>>();
    const signals = new Map<string, AbortSignal>();
    const latest = latestOnly(
      (input, signal) => {
        signals.set(input, signal);
        const answer = deferred<string>();
        answers.set(input, answer);
        return answer.promise;
      },
      150,
      timer,
    );
    const shown: string[] = [];
    latest.request('mu', (answer) => shown.push(answer));
    timer.fire();
    latest.request('mug', (answer) => shown.push(answer));
    assert.equal(signals.get('mu')!.aborted, true, 'the stale request is aborted');
    timer.fire();
    answers.get('mug')!.resolve('mug');
    answers.get('mu')!.resolve('mu'); // a server that answers anyway, late
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(shown, ['mug']);
  });

  it('cancel drops the pending wait and the request in flight', async () => {
    const timer = manualTimer();
    const latest = latestOnly(async (input) => input, 150, timer);
    const shown: string[] = [];
    latest.request('mug', (answer) => shown.push(answer));
    latest.cancel();
    assert.equal(timer.waiting(), 0);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(shown, []);
  });
});

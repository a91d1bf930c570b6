import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRestartPolicy } from './restart-policy.js';

const options = { firstDelayMs: 100, maxDelayMs: 1000, maxStartFailures: 3, stableAfterMs: 5000 };

describe('restart policy', () => {
  it('replaces workers that die after serving, with a delay doubling while they keep dying soon after start', () => {
    const policy = createRestartPolicy(options);
    const delays: unknown[] = [];
    for (let id = 1; id <= 6; id += 1) {
      policy.started(id, id * 10);
      policy.listening(id, id * 10 + 1);
      delays.push(policy.exited(id, id * 10 + 2, 'SIGKILL'));
    }
    assert.deepEqual(
      delays,
      [100, 200, 400, 800, 1000, 1000].map((restartInMs) => ({ restartInMs })),
    );
    // A worker that served for a while before it died starts the doubling over.
    policy.started(7, 100);
    policy.listening(7, 200);
    assert.deepEqual(policy.exited(7, 200 + 5000, 'exit 1'), { restartInMs: 100 });
  });

  it('workers killed together after serving a while are all replaced at the first delay', () => {
    const policy = createRestartPolicy(options);
    for (const id of [1, 2]) {
      policy.started(id, 0);
      policy.listening(id, 10);
    }
    assert.deepEqual(
      [policy.exited(1, 9000, 'SIGKILL'), policy.exited(2, 9000, 'SIGKILL')],
      [{ restartInMs: 100 }, { restartInMs: 100 }],
    );
  });

  it('gives up when workers end before they listen, maxStartFailures times in a row, and says why', () => {
    const policy = createRestartPolicy(options);
    for (const id of [1, 2]) policy.started(id, 0);
    assert.deepEqual(policy.exited(1, 50, 'exit 1'), { restartInMs: 100 });
    assert.deepEqual(policy.exited(2, 60, 'exit 1'), { restartInMs: 200 });
    policy.started(3, 200);
    assert.deepEqual(policy.exited(3, 300, 'exit 1'), {
      giveUp: 'workers keep crashing at start: 3 in a row ended before they could take requests (the last: exit 1)',
    });
  });

  it('a worker that listens between start failures ends the streak', () => {
    const policy = createRestartPolicy(options);
    for (const id of [1, 2, 3, 4]) policy.started(id, 0);
    policy.exited(1, 10, 'exit 1');
    policy.exited(2, 20, 'exit 1');
    policy.listening(3, 30);
    assert.ok('restartInMs' in policy.exited(4, 40, 'exit 1'));
  });
});

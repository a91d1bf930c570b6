/**
 * Runs async tasks one at a time, in the order they were queued. Rapid "Add to cart" clicks each queue one
 * request: none is dropped, none is sent twice, and answers arrive in click order so the last one shown is the
 * cart as it is. A failed task does not stop the ones queued after it.
 */
export interface SerialQueue {
  /** Queues `task`; the promise settles with its result once it has run. */
  push<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running. */
  readonly size: number;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let size = 0;
  return {
    push<T>(task: () => Promise<T>): Promise<T> {
      size += 1;
      const run = tail.then(task);
      const done = () => {
        size -= 1;
      };
      tail = run.then(done, done);
      return run;
    },
    get size() {
      return size;
    },
  };
}

/**
 * Debounced "latest request only" for the search suggestions: each call restarts the wait; when the wait ends the
 * previous request still in flight is aborted, and an answer that arrives after a newer call is dropped, so a slow
 * answer for "mu" never replaces the list for "mug".
 */
export interface Timer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (run, ms) => window.setTimeout(run, ms),
  clear: (handle) => window.clearTimeout(handle as number),
};

export interface LatestOnly<T> {
  /** Asks for `input` after the wait; `show` runs with the answer only if nothing newer was asked meanwhile. */
  request(input: string, show: (answer: T) => void): void;
  /** Forgets the pending wait and aborts the request in flight (the list was closed). */
  cancel(): void;
}

export function latestOnly<T>(
  load: (input: string, signal: AbortSignal) => Promise<T>,
  waitMs: number,
  timer: Timer = realTimer,
): LatestOnly<T> {
  let pending: unknown;
  let inFlight: AbortController | undefined;
  let generation = 0;
  const cancel = () => {
    generation += 1;
    if (pending !== undefined) timer.clear(pending);
    pending = undefined;
    inFlight?.abort();
    inFlight = undefined;
  };
  return {
    cancel,
    request(input, show) {
      cancel();
      const mine = generation;
      pending = timer.set(() => {
        pending = undefined;
        const controller = new AbortController();
        inFlight = controller;
        load(input, controller.signal).then(
          (answer) => {
            if (mine === generation) show(answer);
          },
          () => undefined, // aborted or failed: the shopper can still press Search
        );
      }, waitMs);
    },
  };
}

/**
 * Housekeeping off the request path, every few minutes in every process: expired sessions (and their carts) are
 * deleted, cart idempotency keys past their 24 hours and ended console sessions are deleted, and pending orders whose checkout time ran out are
 * marked expired. Each is a single idempotent statement, so any number of processes may run them at once.
 */

export const HOUSEKEEPING_EVERY_MS = 10 * 60_000;

export interface HousekeepingTasks {
  /** Deletes expired sessions; returns how many. */
  purgeSessions(now: number): Promise<number>;
  /** Expires pending orders past their checkout time; returns how many. */
  expireOrders(now: number): Promise<number>;
  /** Deletes cart idempotency keys past their time; returns how many. */
  purgeCartKeys(now: number): Promise<number>;
  /** Deletes ended console sessions and failed sign-ins past their window; returns how many. */
  purgeConsoleSessions(now: number): Promise<number>;
}

export async function runHousekeeping(
  tasks: HousekeepingTasks,
  now: number,
): Promise<{ sessions: number; orders: number; cartKeys: number; consoleSessions: number }> {
  const [sessions, orders, cartKeys, consoleSessions] = await Promise.all([
    tasks.purgeSessions(now),
    tasks.expireOrders(now),
    tasks.purgeCartKeys(now),
    tasks.purgeConsoleSessions(now),
  ]);
  return { sessions, orders, cartKeys, consoleSessions };
}

/** Runs housekeeping every `everyMs` (and never keeps the process alive); returns the stop function. */
export function startHousekeeping(
  tasks: HousekeepingTasks,
  now: () => number,
  onError: (error: unknown) => void,
  everyMs = HOUSEKEEPING_EVERY_MS,
): () => void {
  const timer = setInterval(() => {
    runHousekeeping(tasks, now()).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

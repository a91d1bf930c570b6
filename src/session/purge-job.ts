/**
 * Deletes expired sessions (their carts go with them) every few minutes, off the request path. Safe to run in
 * every process at once: it is one idempotent DELETE by expiry.
 */
import type { SessionStore } from './session-store.js';

export const PURGE_EVERY_MS = 10 * 60_000;

export function startPurgeJob(sessions: SessionStore, now: () => number, onError: (error: unknown) => void, everyMs = PURGE_EVERY_MS): () => void {
  const timer = setInterval(() => {
    sessions.purgeExpired(now()).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

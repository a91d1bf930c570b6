/**
 * When a checkout's payment page expires: inside the window providers accept (Stripe's: 30 minutes to 24 hours after
 * it is made), and whether a pending order's page is still worth handing out again.
 */

/** A checkout URL this close to expiring is not handed out again; a fresh order and session are made. */
export const REUSE_MARGIN_MS = 5 * 60_000;

/**
 * Providers take a checkout expiry from 30 minutes to 24 hours after the session is created (Stripe's bounds).
 * A margin on both sides covers clock skew and the time the create request takes.
 */
const PROVIDER_MIN_EXPIRY_MS = 30 * 60_000;
const PROVIDER_MAX_EXPIRY_MS = 24 * 60 * 60_000;
const EXPIRY_MARGIN_MS = 2 * 60_000;

/** When a provider session made at `at` should expire: `ttlMs` later, inside the providers' window, whole seconds. */
export function checkoutExpiry(at: number, ttlMs: number): number {
  const earliest = at + PROVIDER_MIN_EXPIRY_MS + EXPIRY_MARGIN_MS;
  const latest = at + PROVIDER_MAX_EXPIRY_MS - EXPIRY_MARGIN_MS;
  return Math.ceil(Math.min(Math.max(at + ttlMs, earliest), latest - 1000) / 1000) * 1000;
}

/** Whether a provider session created at `at` may be given this expiry (with the margin). */
export function expiryUsable(expiresAt: number, at: number): boolean {
  return (
    expiresAt >= at + PROVIDER_MIN_EXPIRY_MS + EXPIRY_MARGIN_MS &&
    expiresAt <= at + PROVIDER_MAX_EXPIRY_MS - EXPIRY_MARGIN_MS
  );
}

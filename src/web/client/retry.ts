/**
 * Sends a cart change so that retrying it is safe: one idempotency key per change, reused on every retry, so a
 * change the shop applied but whose answer was lost (a dropped connection, a 503 after the write) is applied once.
 * Retries network failures and 502/503/504 after growing waits; any other answer is final.
 */

/** Waits before the 1st, 2nd and 3rd retry. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000];

const RETRY_STATUSES = new Set([502, 503, 504]);

/** 128 random bits as hex. `crypto.getRandomValues` works on plain http too (randomUUID needs a secure context). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls `send(key)` until it answers something other than a network failure or a 502/503/504, or the retries run
 * out; then resolves with the last answer or rejects with the last network error.
 */
export async function sendWithRetry(
  send: (key: string) => Promise<Response>,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  delays: readonly number[] = RETRY_DELAYS_MS,
): Promise<Response> {
  const key = newIdempotencyKey();
  for (let attempt = 0; ; attempt += 1) {
    const last = attempt >= delays.length;
    try {
      const response = await send(key);
      if (last || !RETRY_STATUSES.has(response.status)) return response;
    } catch (error) {
      if (last || !(error instanceof TypeError)) throw error;
    }
    await wait(delays[attempt]!);
  }
}

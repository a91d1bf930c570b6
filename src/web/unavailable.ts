/**
 * Errors that mean a service the shop depends on (PostgreSQL, Redis, Stripe) is unreachable right now, not that the request
 * was bad or the code is wrong: the answer is 503 with Retry-After, and the process keeps running until it returns.
 */
import { wordsOf } from '../refusals/words.js';

/** Connection-level error codes from node's sockets and PostgreSQL's "connection exception"/"operator intervention" classes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** ioredis giving up on a command; Stripe (the SDK's error types) unreachable, failing on its side, or asking us to slow down. */
const UNAVAILABLE_NAMES = new Set([
  'MaxRetriesPerRequestError',
  'StripeConnectionError',
  'StripeAPIError',
  'StripeRateLimitError',
]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i, // pg: server went away mid-query
  /is not queryable/i, // pg: the next statement of a transaction whose connection the server cut
  /timeout exceeded when trying to connect/i, // pg pool
  /Connection is closed/i, // ioredis
  /enableOfflineQueue options is false/i, // ioredis while disconnected
  /Reached the max retries per request limit/i, // ioredis
  /Command timed out/i, // ioredis commandTimeout: Redis stalled
];

export function isServiceUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; name?: unknown; type?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (typeof candidate.name === 'string' && UNAVAILABLE_NAMES.has(candidate.name)) return true;
    if (typeof candidate.type === 'string' && UNAVAILABLE_NAMES.has(candidate.type)) return true; // Stripe's errors say it in `type`
    if (
      typeof candidate.message === 'string' &&
      UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message as string))
    )
      return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * The words of that 503. A store that fails may have applied a change before failing (a commit whose answer was
 * lost, a Redis script that ran while the reply timed out), so a change is never said to be undone: the shopper is
 * told to look before trying again (a retry with the same idempotency key is safe, see docs/cart-api.md).
 */
export function unavailableVariant(method: string): 'change' | undefined {
  return method === 'GET' || method === 'HEAD' ? undefined : 'change';
}

/** The English description of that 503 for a request of `method`. */
export const unavailableDescription = (method: string): string =>
  wordsOf('service_unavailable', { variant: unavailableVariant(method) }).description;

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

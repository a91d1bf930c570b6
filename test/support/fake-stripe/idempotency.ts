/**
 * Stripe's idempotency keys for the fake: the first successful answer to a POST is saved under its key and
 * replayed byte for byte (with `Idempotent-Replayed: true`) when the same key comes back with the same
 * endpoint and params; the same key with another endpoint or other params is a 400 `idempotency_error`.
 * Failed requests are not saved, as at Stripe for requests that fail validation.
 */
import { canonical, StripeApiError, type Params } from './wire.js';

export interface SavedAnswer {
  status: number;
  body: string;
}

interface Entry extends SavedAnswer {
  endpoint: string;
  params: string;
}

export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  /** The answer to replay for `key`, or undefined when the key is new. Throws on a reused key. */
  replay(key: string, endpoint: string, params: Params): SavedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const tryAnother = `Try using a key other than '${key}' if you meant to execute a different request.`;
    if (entry.endpoint !== endpoint) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). ${tryAnother}`,
      );
    }
    if (entry.params !== canonical(params)) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. ${tryAnother}`,
      );
    }
    return entry;
  }

  save(key: string, endpoint: string, params: Params, answer: SavedAnswer): void {
    this.#entries.set(key, { endpoint, params: canonical(params), ...answer });
  }
}

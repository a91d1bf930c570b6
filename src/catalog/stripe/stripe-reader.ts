/**
 * Reads the catalog from the Stripe API with the official SDK: every product and price through the SDK's
 * auto-pagination (100 a page), and single objects for webhooks. Rate limits (429), network errors and Stripe's
 * 5xx are retried with exponential backoff and jitter; a listing that fails part-way resumes after the last object
 * it got (`starting_after`) instead of starting over. The clock to wait on is injected, so tests never sleep.
 */
import type Stripe from 'stripe';

export interface RetryPolicy {
  /** Tries in a row before giving up (the first one included). */
  attempts: number;
  /** The first wait; each next one doubles, up to maxDelayMs, and is jittered down to half. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 7,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Worth trying again: rate limited, the network failed, Stripe had a problem or a lock timed out. */
export function isRetryable(errors: Stripe['errors'], error: unknown): boolean {
  if (
    error instanceof errors.StripeRateLimitError ||
    error instanceof errors.StripeConnectionError ||
    error instanceof errors.StripeAPIError
  )
    return true;
  const status = error instanceof errors.StripeError ? error.statusCode : undefined;
  return status === 409 || status === 429 || (status !== undefined && status >= 500);
}

/** The wait before try number `failures + 1`. */
export function backoffMs(policy: RetryPolicy, failures: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  return Math.round(ceiling * (0.5 + policy.random() / 2));
}

async function withRetries<T>(policy: RetryPolicy, errors: Stripe['errors'], call: () => Promise<T>): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(errors, error) || failures >= policy.attempts) throw error;
      await policy.sleep(backoffMs(policy, failures));
    }
  }
}

type Lister<T> = (params: { limit: number; starting_after?: string }) => AsyncIterable<T>;

/** Every object of a list, resuming after the last one seen when a page fails (and retries are left). */
async function* listAll<T extends { id: string }>(
  policy: RetryPolicy,
  errors: Stripe['errors'],
  list: Lister<T>,
): AsyncGenerator<T> {
  let after: string | undefined;
  let failures = 0;
  for (;;) {
    try {
      for await (const item of list({ limit: 100, ...(after ? { starting_after: after } : {}) })) {
        failures = 0;
        after = item.id;
        yield item;
      }
      return;
    } catch (error) {
      failures++;
      if (!isRetryable(errors, error) || failures >= policy.attempts) throw error;
      await policy.sleep(backoffMs(policy, failures));
    }
  }
}

const isMissing = (errors: Stripe['errors'], error: unknown) =>
  error instanceof errors.StripeInvalidRequestError && error.statusCode === 404;

export interface StripeCatalogReader {
  products(): AsyncIterable<Stripe.Product>;
  prices(): AsyncIterable<Stripe.Price>;
  /** The product as it is now; undefined when Stripe no longer has it (deleted). */
  product(id: string): Promise<Stripe.Product | undefined>;
  /** The price as it is now, its product expanded; undefined when Stripe no longer has it. */
  price(id: string): Promise<Stripe.Price | undefined>;
}

export function stripeCatalogReader(client: Stripe, policy: RetryPolicy = DEFAULT_RETRY): StripeCatalogReader {
  const gone = <T extends { deleted?: unknown }>(call: () => Promise<T>) =>
    withRetries(policy, client.errors, call).then(
      (object) => (object.deleted ? undefined : object),
      (error: unknown) => {
        if (isMissing(client.errors, error)) return undefined;
        throw error;
      },
    );
  return {
    products: () => listAll(policy, client.errors, (params) => client.products.list(params)),
    prices: () => listAll(policy, client.errors, (params) => client.prices.list(params)),
    product: (id) => gone(() => client.products.retrieve(id)),
    price: (id) => gone(() => client.prices.retrieve(id, { expand: ['product'] })),
  };
}

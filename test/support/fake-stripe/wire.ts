/**
 * The fake Stripe's wire format: request params parsed with `qs` as Stripe parses the SDK's bracket encoding,
 * Stripe's error shape, API-key checks, ids, and a canonical form of params for idempotency comparisons.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import qs from 'qs';

/** Parsed form body (POST) or query string (GET): nested objects and arrays, every leaf a string. */
export type Params = Record<string, unknown>;

/** Up to 100 line items and a few levels of nesting, as Stripe accepts; qs's defaults (20, 5) are too small. */
const QS_OPTIONS = { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 };

/** A Stripe API error: answered as `{ error: { type, message, code?, param? } }` with its HTTP status. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly details: { code?: string; param?: string } = {},
  ) {
    super(message);
  }

  toJSON() {
    return { error: { type: this.type, message: this.message, ...this.details } };
  }
}

/** A 400 `invalid_request_error`, the answer to every bad parameter. */
export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, {
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  });
}

/** Reads the whole request and parses its params: the query string for GET/DELETE, the form body otherwise. */
export async function readParams(request: IncomingMessage, url: URL): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw =
    request.method === 'GET' || request.method === 'DELETE'
      ? url.search.slice(1)
      : Buffer.concat(chunks).toString('utf8');
  return qs.parse(raw, QS_OPTIONS) as Params;
}

/** Accepts `Authorization: Bearer sk_test_...` only, with Stripe's 401 messages otherwise. */
export function checkApiKey(authorization: string | undefined): void {
  if (!authorization) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const key = /^Bearer (\S+)$/.exec(authorization)?.[1] ?? '';
  if (!/^sk_test_\w+$/.test(key)) {
    const shown = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${shown}`, {
      code: 'api_key_invalid',
    });
  }
}

/** A Stripe-looking id: `cs_test_` + 24 random hex digits, and so on. */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** JSON with object keys sorted, so equal params compare equal whatever their order on the wire. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

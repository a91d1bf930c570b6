/**
 * How long the HTTP server waits on a client: a request whose headers or body stall (a slow or broken client, or
 * one holding connections open on purpose) is answered 408 and closed instead of staying open for ever.
 * REQUEST_TIMEOUT bounds the whole request; the headers, which any real client sends at once, get at most 10 s of it.
 * Idle keep-alive connections close after Fastify's 72 s (longer than the 60 s proxies and load balancers keep theirs).
 */
import type { ServerOptions } from 'node:http';

export const HEADERS_TIMEOUT_MS = 10_000;

export function serverTimeouts(requestTimeoutMs: number): { requestTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: requestTimeoutMs,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
      // Node looks for stalled requests this often (30 s by default, which would stretch a short timeout).
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs / 2),
    },
  };
}

/**
 * Request shapes, for autocannon (per-request setup functions) and for wrk (the same as data, lib/wrk.ts). Adds are the form post a browser sends (`quantity=1`, urlencoded, no Origin
 * or Sec-Fetch-Site: a non-browser client, which kago's cross-origin check lets through). Sessions are used
 * round robin through autocannon's per-request setup; products rotate so no cart line nears a limit.
 */
import type { LoadSpec } from './load.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const FORM_BODY = 'quantity=1';

function cartPath(productId: string): string {
  return `/cart/${encodeURIComponent(productId)}`;
}

/** POST /cart/<id> with no cookie: every request is a new visitor (a new session on the server). */
export function addAsNewVisitor(productIds: readonly string[]): LoadSpec {
  let n = 0;
  return {
    requests: [
      {
        method: 'POST',
        body: FORM_BODY,
        setupRequest: (request) => ({
          ...request,
          path: cartPath(productIds[n++ % productIds.length]!),
          headers: { ...request.headers, ...FORM },
        }),
      },
    ],
    wrk: { method: 'POST', headers: FORM, body: FORM_BODY, paths: productIds.map(cartPath) },
  };
}

/**
 * POST /cart/<id> on existing sessions: request n uses cookie n mod pool. autocannon: each round through the pool
 * moves every session on to its next product; wrk: a random product each time (both far from the 99-per-line limit
 * for pools of hundreds of sessions).
 */
export function addOnExistingSessions(cookies: readonly string[], productIds: readonly string[]): LoadSpec {
  let n = 0;
  return {
    requests: [
      {
        method: 'POST',
        body: FORM_BODY,
        setupRequest: (request) => {
          const session = n % cookies.length;
          const round = Math.floor(n / cookies.length);
          n++;
          const product = productIds[(session + round + 1) % productIds.length]!;
          return {
            ...request,
            path: cartPath(product),
            headers: { ...request.headers, ...FORM, cookie: cookies[session]! },
          };
        },
      },
    ],
    wrk: {
      method: 'POST',
      headers: FORM,
      body: FORM_BODY,
      paths: productIds.map(cartPath),
      cookies: [...cookies],
      randomPath: true,
    },
  };
}

/** GET `path` with the pool's cookies, round robin (and `headers` on every request). */
export function getWithSessions(
  path: string,
  cookies: readonly string[],
  headers: Record<string, string> = {},
): LoadSpec {
  let n = 0;
  return {
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path,
          headers: { ...request.headers, ...headers, cookie: cookies[n++ % cookies.length]! },
        }),
      },
    ],
    wrk: { method: 'GET', paths: [path], cookies: [...cookies], headers },
  };
}

/** POST `path` (no body) with the pool's cookies, each used once in turn. */
export function postWithSessions(path: string, cookies: readonly string[]): LoadSpec {
  let n = 0;
  return {
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          path,
          headers: { ...request.headers, 'content-length': '0', cookie: cookies[n++ % cookies.length]! },
        }),
      },
    ],
  };
}

/**
 * POST `path` (no body) with the pool's cookies in turn, keeping each answer's new session cookie for its cart:
 * checkout gives the session a new id (the cart follows it), so the old cookie no longer finds the cart.
 */
export function postFollowingSessions(path: string, cookies: string[]): LoadSpec {
  let n = 0;
  return {
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const cart = n++ % cookies.length;
          context.cart = cart;
          return { ...request, path, headers: { ...request.headers, 'content-length': '0', cookie: cookies[cart]! } };
        },
        onResponse: (_status, _body, context, headers) => {
          const set = headers['set-cookie'] ?? headers['Set-Cookie'];
          const first = Array.isArray(set) ? set[0] : set;
          if (typeof first === 'string' && typeof context.cart === 'number')
            cookies[context.cart] = first.split(';', 1)[0]!;
        },
      },
    ],
  };
}

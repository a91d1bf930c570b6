/**
 * Session pools made the way a shopper makes them: the first POST /cart/<id> without a cookie creates the
 * session, its Set-Cookie is kept (`name=value`), further adds send it back. When an answer sets a cookie
 * again (the seed re-sends its whole cart on every add) the new value replaces the old one.
 */
import { sign } from '@fastify/cookie';
import type { Server } from './servers.js';

export interface PoolOptions {
  sessions: number;
  /** Adds per session (distinct products). */
  lines: number;
  /** Product id of add `line` (0-based) of session `index`. */
  product(index: number, line: number): string;
  concurrency?: number;
}

function cookiePair(response: Response): string | undefined {
  const first = response.headers.getSetCookie()[0];
  return first?.split(';', 1)[0];
}

/** POST /cart/<productId>, redirects not followed; returns the status and the cookie set, if any. */
export async function addToCart(
  server: Server,
  productId: string,
  cookie?: string,
): Promise<{ status: number; setCookie: string | undefined }> {
  const response = await fetch(`${server.url}/cart/${encodeURIComponent(productId)}`, {
    method: 'POST',
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  await response.arrayBuffer();
  return { status: response.status, setCookie: cookiePair(response) };
}

/** Creates `sessions` sessions holding `lines` lines each; returns their cookies (`name=value`). */
export async function createSessionPool(server: Server, options: PoolOptions): Promise<string[]> {
  const cookies: string[] = new Array(options.sessions);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.sessions; index = next++) {
      let cookie: string | undefined;
      for (let line = 0; line < options.lines; line++) {
        const { status, setCookie } = await addToCart(server, options.product(index, line), cookie);
        if (status !== 303 && status !== 302)
          throw new Error(`${server.peer}: building the session pool, POST /cart answered ${status}`);
        cookie = setCookie ?? cookie;
        if (!cookie) throw new Error(`${server.peer}: POST /cart without a cookie set no session cookie`);
      }
      cookies[index] = cookie!;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return cookies;
}

/**
 * A kago session cookie for a session id inserted straight into the database, signed as
 * src/web/session-cookie.ts signs it (@fastify/cookie, HMAC-SHA256 with the first secret) and
 * URI-encoded as @fastify/cookie's serializer encodes it.
 */
export function signedKagoCookie(sessionId: string, secret: string): string {
  return `kago_session=${encodeURIComponent(sign(sessionId, secret, 'sha256'))}`;
}

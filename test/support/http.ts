/** Small helpers for HTTP tests through fastify.inject: cookies and the header cart count. */
import type { LightMyRequestResponse } from 'fastify';

/** The full Set-Cookie line for the session, to check its attributes. */
export function sessionSetCookie(response: LightMyRequestResponse): string | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.find((value) => /^(__Host-)?kago_session=/.test(value));
}

/** The number in the header's cart link. */
export function headerCount(html: string): number {
  const match = /data-cart-count="true">(\d+)</.exec(html);
  if (!match) throw new Error('no cart count in the page');
  return Number(match[1]);
}

/** `name=value` of the session cookie a response sets, or undefined. */
export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  return sessionSetCookie(response)?.split(';')[0];
}

/** A same-origin browser form post, as Chromium sends it. */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };

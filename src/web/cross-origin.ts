/**
 * Cross-site requests cannot change state. Modelled on Go 1.25's http.CrossOriginProtection: an unsafe request is
 * refused when the browser says it is cross-site (Sec-Fetch-Site not same-origin/none) or when its Origin is not
 * this shop. Requests with neither header (curl, servers) pass: no browser, no ambient cookies to abuse.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpError } from './errors.js';
import { refusal } from './refusals.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function crossOrigin(): HttpError {
  return refusal('cross_origin_request');
}

/** Does `url` point at the host the request was sent to? Default ports compare equal (`shop:80` = `shop`). */
export function isRequestHost(url: URL, hostHeader: string | undefined): boolean {
  if (!hostHeader || !URL.canParse(`${url.protocol}//${hostHeader}`)) return false;
  return new URL(`${url.protocol}//${hostHeader}`).host === url.host;
}

/** Is `url` on this shop: BASE_URL's origin when configured, else the Host the request was sent to. */
export function isOwnUrl(url: URL, hostHeader: string | undefined, baseUrl: URL | undefined): boolean {
  return baseUrl ? url.origin === baseUrl.origin : isRequestHost(url, hostHeader);
}

function isOwnOrigin(request: FastifyRequest, origin: string, baseUrl: URL | undefined): boolean {
  return URL.canParse(origin) && isOwnUrl(new URL(origin), request.headers.host, baseUrl); // "null" or garbage: no
}

export function registerCrossOriginProtection(app: FastifyInstance, baseUrl: URL | undefined): void {
  // A callback hook (no promise per request): every request passes through it.
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined) return done(site === 'same-origin' || site === 'none' ? undefined : crossOrigin());
    const origin = request.headers.origin;
    done(origin !== undefined && !isOwnOrigin(request, origin, baseUrl) ? crossOrigin() : undefined);
  });
}

/**
 * The origin written into canonical URLs, link previews, JSON-LD and the sitemap: BASE_URL when set (production
 * always sets it); otherwise the request's own, when its Host is well-formed (development), else localhost.
 */
import type { FastifyRequest } from 'fastify';
import { HOST_HEADER } from './shop-origin.js';

export function siteOrigin(baseUrl: URL | undefined) {
  const fixed = baseUrl?.origin; // URL's origin getter builds a new string on every read
  return (request: FastifyRequest): string => {
    if (fixed !== undefined) return fixed;
    const host = request.host;
    return HOST_HEADER.test(host) ? `${request.protocol}://${host}` : 'http://localhost';
  };
}

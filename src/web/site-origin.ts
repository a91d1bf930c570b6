/**
 * The origin written into canonical URLs, link previews, JSON-LD and the sitemap: BASE_URL when set (production
 * always sets it); otherwise the request's own, when its Host is well-formed (development), else localhost.
 */
import type { FastifyRequest } from 'fastify';

const HOST = /^([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$/;

export function siteOrigin(baseUrl: URL | undefined) {
  return (request: FastifyRequest): string => {
    if (baseUrl) return baseUrl.origin;
    const host = request.host;
    return HOST.test(host) ? `${request.protocol}://${host}` : 'http://localhost';
  };
}

/**
 * Security headers (Content-Security-Policy, frame and referrer policies, HSTS over https, ...) as helmet sets them,
 * worked out once at start and added to every answer as a fixed set: none of it depends on the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet would set with `options`, captured from one run of its middleware. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}

/** Content Security Policy: no inline scripts or styles, images from here or https; forms may lead to `formTargets`. */
export const contentSecurityPolicy = (formTargets: string[]) => ({
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'https:', 'data:'],
    formAction: ["'self'", ...formTargets],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    upgradeInsecureRequests: null,
  },
});

declare module 'fastify' {
  interface FastifyInstance {
    /** The fixed set, for answers written outside Fastify's hooks (framework and client errors). */
    securityHeaders: Readonly<Record<string, string>>;
  }
}

export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  app.decorate('securityHeaders', headers);
  // First thing on every request, so any answer after it (refusals, errors, 404s) carries them.
  // A callback hook, not an async one: no promise and no microtask on every request.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

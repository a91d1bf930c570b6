/**
 * Logging: pino JSON lines (Fastify's logger), each request with its id, taken from a sane `X-Request-Id` set by a
 * trusted proxy or made here, and echoed back. Cookies, authorization and signatures are never written.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["stripe-signature"]', 'res.headers["set-cookie"]', '*.secretKey', '*.webhookSecret'],
      censor: '[redacted]',
    },
  };
}

/** Takes the proxy's `X-Request-Id` when a proxy is trusted (TRUST_PROXY); otherwise every id is made here. */
export function requestIdGenerator(behindProxy: boolean): (request: IncomingMessage) => string {
  return (request) => {
    const incoming = behindProxy ? request.headers['x-request-id'] : undefined;
    return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  };
}

export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

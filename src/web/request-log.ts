/**
 * Logging (Fastify's pino logger). LOG_FORMAT=json (production's default) writes JSON lines, one per request when it
 * is answered, with its id, taken from a sane `X-Request-Id` set by a trusted proxy or made here, and echoed back.
 * LOG_FORMAT=pretty (development's) writes one readable line per request through pino-pretty (`GET /cart 200 4.1
 * ms`). Static assets get no lines unless LOG_ASSETS says so.
 * Cookies, authorization and signatures are never written.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { isAssetPath } from './assets.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Where log lines go: stdout unless a test captures them. */
export type LogDestination = { write(line: string): unknown; isTTY?: boolean };

const readable = (config: Config) => config.logFormat === 'pretty';

export function loggerOptions(config: Config, destination?: LogDestination): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["stripe-signature"]',
        'res.headers["set-cookie"]',
        '*.secretKey',
        '*.webhookSecret',
      ],
      censor: '[redacted]',
    },
    ...(readable(config)
      ? { stream: prettyStream(destination ?? process.stdout) }
      : destination
        ? { stream: destination }
        : {}),
  };
}

/**
 * pino-pretty's formatter called in line, not its worker-thread transport: lines come out in order, at once (also
 * just before a crash), and a test reads them from the destination it passes.
 */
function prettyStream(destination: LogDestination): LogDestination {
  // Loaded only when asked for: JSON logging (production, every worker) does not pay for it.
  const PinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  const pretty = PinoPretty.prettyFactory({
    colorize: destination.isTTY === true && PinoPretty.isColorSupported,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId',
    singleLine: true,
  });
  return { write: (line: string) => destination.write(pretty(line)) };
}

/**
 * The per-request lines. JSON: one line when a request is answered (`request completed`, or `request errored` at
 * error level), holding the request (method, url, host, client address), its status, time and id. Each line is
 * serialized and written synchronously (kept to the last line before a kill -9): one cost about 14 us of CPU per
 * request, Fastify's two 20 (ADR 0005), so its arrival line (`incoming request`) is written at `debug` only.
 * Pretty: one readable line (`GET /products/tenugui 200 3.2 ms`). None for static assets unless LOG_ASSETS.
 */
class ShopLogController extends LogController {
  constructor(
    private readonly pretty: boolean,
    private readonly logAssets: boolean,
  ) {
    super();
  }

  override isLogDisabled(request: FastifyRequest): boolean {
    return !this.logAssets && isAssetPath(request.url);
  }

  override incomingRequest(request: FastifyRequest): void {
    if (this.pretty || this.isLogDisabled(request)) return; // debug is a no-op function below that level
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (this.pretty) {
      const line = `${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`;
      if (error) reply.log.error({ err: error }, line);
      else reply.log.info(line);
      return;
    }
    const entry = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...entry, err: error }, 'request errored');
    else reply.log.info(entry, 'request completed');
  }
}

export function requestLogController(config: Config): LogController {
  return new ShopLogController(readable(config), config.logAssets);
}

/** Takes the proxy's `X-Request-Id` when a proxy is trusted (TRUST_PROXY); otherwise every id is made here. */
export function requestIdGenerator(behindProxy: boolean): (request: IncomingMessage) => string {
  return (request) => {
    const incoming = behindProxy ? request.headers['x-request-id'] : undefined;
    return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  };
}

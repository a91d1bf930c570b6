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
import {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
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

const REAL = Symbol('request logger');
const BINDINGS = Symbol('request logger bindings');
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Lazy = FastifyBaseLogger & { [REAL]?: FastifyBaseLogger; [BINDINGS]: Record<string, unknown> };
type Pino = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/**
 * Each request's logger (its lines carry `reqId`) made when something is first written through it. Fastify makes a
 * pino child per request (about 2 us: its bindings serialized, its formatters rebuilt), which at `warn` nothing
 * writes to; this one is an object that stands in for it, reads like its parent (level, options) and makes the
 * child, the same one, at its first line at an enabled level or its first `child()`. Options of a route's own
 * (`logLevel`, serializers) get a child at once, as before.
 */
export const lazyRequestLoggers: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (
  logger,
  bindings,
  options,
) {
  // A route's own options, or no pino at all (LOG_LEVEL=silent: Fastify's logger that writes nothing).
  if ((options && Object.keys(options).length > 0) || typeof (logger as Partial<Pino>).isLevelEnabled !== 'function')
    return logger.child(bindings, options);
  const made = standIns.get(logger) ?? standInFor(logger);
  return made(bindings);
};

const standIns = new WeakMap<FastifyBaseLogger, (bindings: Record<string, unknown>) => FastifyBaseLogger>();

function standInFor(parent: FastifyBaseLogger) {
  const real = (lazy: Lazy) => (lazy[REAL] ??= parent.child(lazy[BINDINGS]));
  const prototype = Object.create(parent) as Record<string | symbol, unknown>;
  for (const level of LEVELS)
    prototype[level] = function (this: Lazy, ...args: unknown[]) {
      if (!this[REAL] && !(parent as Pino).isLevelEnabled(level)) return;
      (real(this)[level] as (...line: unknown[]) => void)(...args);
    };
  prototype.child = function (this: Lazy, ...args: Parameters<FastifyBaseLogger['child']>) {
    return real(this).child(...args);
  };
  for (const method of ['bindings', 'setBindings', 'isLevelEnabled', 'flush'])
    prototype[method] = function (this: Lazy, ...args: unknown[]) {
      const target = (this[REAL] ?? (method === 'isLevelEnabled' ? parent : real(this))) as unknown as Record<
        string,
        (...values: unknown[]) => unknown
      >;
      return target[method]!(...args);
    };
  Object.defineProperty(prototype, 'level', {
    get(this: Lazy) {
      return (this[REAL] ?? parent).level;
    },
    set(this: Lazy, level: string) {
      real(this).level = level;
    },
  });
  const make = (bindings: Record<string, unknown>) => {
    const lazy = Object.create(prototype) as Lazy;
    lazy[BINDINGS] = bindings;
    lazy[REAL] = undefined;
    return lazy;
  };
  standIns.set(parent, make);
  return make;
}

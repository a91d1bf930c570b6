/**
 * Each request's logger is made when first written to: at `warn` a request that logs nothing costs no pino child,
 * and one that does writes its lines with its `reqId`, as Fastify's own child logger did.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino from 'pino';
import { lazyRequestLoggers } from './request-log.js';

function logged(level: string) {
  const lines: Record<string, unknown>[] = [];
  const root = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  let children = 0;
  const child = root.child;
  root.child = function (this: typeof root, ...args: Parameters<typeof child>) {
    children++;
    return child.apply(this, args);
  } as typeof root.child;
  const forRequest = (id: string) =>
    lazyRequestLoggers.call(
      {} as FastifyInstance,
      root as unknown as FastifyBaseLogger,
      { reqId: id },
      {},
      {} as never,
    ) as FastifyBaseLogger;
  return { lines, forRequest, children: () => children };
}

describe('request loggers', () => {
  it('at warn: nothing made for lines below it; a warning carries the request id', () => {
    const { lines, forRequest, children } = logged('warn');
    const log = forRequest('req-1');
    log.info('not written');
    log.debug({ a: 1 }, 'not written');
    assert.equal(log.level, 'warn');
    assert.equal(children(), 0);
    assert.deepEqual(lines, []);
    log.warn({ detail: 'x' }, 'slow');
    log.error('failed');
    assert.equal(children(), 1, 'one child, made once');
    assert.deepEqual(
      lines.map(({ level, reqId, msg, detail }) => ({ level, reqId, msg, detail })),
      [
        { level: 40, reqId: 'req-1', msg: 'slow', detail: 'x' },
        { level: 50, reqId: 'req-1', msg: 'failed', detail: undefined },
      ],
    );
  });

  it('at info: lines and children carry the request id; requests do not share one', () => {
    const { lines, forRequest } = logged('info');
    forRequest('req-2').info({ responseTime: 1 }, 'request completed');
    forRequest('req-3').child({ part: 'mail' }).info('sent');
    assert.deepEqual(
      lines.map(({ reqId, part, msg }) => ({ reqId, part, msg })),
      [
        { reqId: 'req-2', part: undefined, msg: 'request completed' },
        { reqId: 'req-3', part: 'mail', msg: 'sent' },
      ],
    );
    const other = forRequest('req-4') as FastifyBaseLogger & pino.Logger;
    assert.equal(other.isLevelEnabled('debug'), false);
    assert.equal(other.isLevelEnabled('info'), true);
    assert.deepEqual(other.bindings(), { reqId: 'req-4' });
  });
});

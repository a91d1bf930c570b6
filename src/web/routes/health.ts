/**
 * GET /healthz: the process is up (for restarts). GET /readyz: it can serve (for load balancers): every check passes,
 * or 503 naming what is down. Checks are the database, its migrations, and Redis when configured.
 */
import type { FastifyInstance } from 'fastify';

export type ReadinessChecks = Record<string, () => Promise<void>>;

/** A check slower than this counts as down: a load balancer should not wait on a hung dependency. */
const CHECK_TIMEOUT_MS = 2000;

async function run(check: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(checks: ReadinessChecks) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' };
    });

    app.get('/readyz', async (_request, reply) => {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => run(checks[name]!)));
      const report = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
      const ready = results.every((result) => result === 'ok');
      if (!ready) reply.header('retry-after', '5');
      return reply.code(ready ? 200 : 503).header('cache-control', 'no-store').send({ status: ready ? 'ready' : 'unavailable', checks: report });
    });
  };
}

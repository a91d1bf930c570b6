/**
 * GET /healthz: the process is up (for restarts). GET /readyz: it can serve (for load balancers): every check passes,
 * or 503 naming what is down. Checks are the database, its migrations, and Redis when configured. A check may also
 * answer with a note (`"degraded: <note>"`, e.g. Redis lost its data): still 200, with status `degraded`, because
 * taking the shop out of its load balancer would not help.
 */
import type { FastifyInstance } from 'fastify';

/** Each check resolves (ok), resolves with a note (degraded but serving) or rejects (down). */
export type ReadinessChecks = Record<string, () => Promise<void | string>>;

/** A check slower than this counts as down: a load balancer should not wait on a hung dependency. */
const CHECK_TIMEOUT_MS = 2000;

async function run(check: () => Promise<void | string>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const note = await Promise.race([check(), timeout]);
    return note ? `degraded: ${note}` : 'ok';
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
      const ready = results.every((result) => !result.startsWith('down: '));
      const status = !ready ? 'unavailable' : results.every((result) => result === 'ok') ? 'ready' : 'degraded';
      if (!ready) reply.header('retry-after', '5');
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status, checks: report });
    });
  };
}

/**
 * `npx tsx scripts/faults.ts [--runs N] [--redis] [--no-retry]`: the fault report. Each run starts kago with
 * WORKERS=2 on a throwaway PostgreSQL (sessions and carts there; in a throwaway Redis with --redis) and has 12
 * shoppers add to their carts in a loop, each add with an Idempotency-Key and sent again with the same key until it
 * is acknowledged, as the shop's script does (`--no-retry`: each add once). While adds are in flight: kill -9 of one
 * worker, a PostgreSQL restart (`pg_ctl stop -m fast`, started again 3 s later), then SIGTERM to the shop. A fresh
 * kago process on the same stores then reads every cart: an acknowledged add missing from its cart is lost, and an
 * add found more often than it was sent was applied twice. Prints one line per run and the totals; exits 1 when an
 * add was lost or applied twice, a process died that was not killed, the shop did not exit 0, or it took adds again
 * later than 2 s after PostgreSQL was back. Loopback only; about 30 s a run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startCartLoad, tally, type AddAnswer } from '../test/support/cart-load.js';
import { startOutageShop } from '../test/support/outage-shop.js';
import { childrenOf } from '../test/support/processes.js';
import { eventually, startShopProcess } from '../test/support/shop-process.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    redis: { type: 'boolean', default: false },
    'no-retry': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
  console.error('--runs must be 1 to 20');
  process.exit(2);
}

interface RunReport {
  acknowledged: number;
  lost: number;
  unacknowledgedApplied: number;
  /** Adds in a cart beyond what was acknowledged plus the one unsettled add a shopper may have at the end. */
  appliedTwice: number;
  refused503: number;
  otherStatuses: Record<string, number>;
  /** Connection errors by fault (`kill`: from kill -9 until the replacement listens; `postgres`; `sigterm`: after the signal). */
  connectionErrors: Record<string, number>;
  /** Workers that ended other than the one killed. */
  unexpectedDeaths: number;
  /** kill -9 of a worker -> its replacement listening. */
  workerReplacedMs: number;
  /** PostgreSQL accepting connections again -> the first add acknowledged. */
  postgresRecoveryMs: number;
  /** SIGTERM -> the shop's exit, and its exit code. */
  shutdownMs: number;
  exitCode: number | null;
}

const firstOkAfter = (answers: AddAnswer[], time: number) =>
  answers.find((answer) => answer.at >= time && answer.status === 200);

async function run(): Promise<RunReport> {
  const env = await startOutageShop({
    ...(values.redis ? {} : { REDIS_URL: '' }),
    RATE_LIMIT_CART: 'off',
    WORKERS: '2',
    LOG_LEVEL: 'info',
  });
  const { shop, pg } = env;
  const load = startCartLoad(shop.url, 12, { retrySameKey: !values['no-retry'] });
  try {
    const listening = () =>
      new Set(
        shop
          .logs()
          .filter((line) => String(line.msg).startsWith('Server listening'))
          .map((line) => Number(line.pid)),
      );
    await eventually(
      'two workers listening',
      async () => childrenOf(shop.pid).filter((pid) => listening().has(pid)).length === 2,
      30_000,
    );
    const acked = () => load.answers.filter((answer) => answer.status === 200).length;
    const moreAdds = async (count: number) => {
      const target = acked() + count;
      await load.until(`${count} more adds`, () => acked() >= target, 30_000);
    };
    await moreAdds(150);

    // kill -9 of one worker while adds are in flight.
    const [victim] = childrenOf(shop.pid);
    const killedAt = Date.now();
    process.kill(victim!, 'SIGKILL');
    await eventually(
      'a replacement worker listening',
      async () => {
        const workers = childrenOf(shop.pid);
        return workers.length === 2 && !workers.includes(victim!) && workers.every((pid) => listening().has(pid));
      },
      30_000,
    );
    const workerReplacedMs = Date.now() - killedAt;
    await moreAdds(100);

    // PostgreSQL stops with adds in flight and starts 3 s later.
    await pg.halt();
    const down = Date.now();
    await sleep(Math.max(0, down + 3000 - Date.now()));
    await pg.resume();
    const back = Date.now();
    await load.until(
      'an add acknowledged after PostgreSQL is back',
      (answers) => firstOkAfter(answers, back) !== undefined,
      30_000,
    );
    const postgresRecoveryMs = firstOkAfter(load.answers, back)!.at - back;
    await moreAdds(100);

    // SIGTERM with adds in flight.
    const terminatedAt = Date.now();
    shop.signal('SIGTERM');
    const exit = await shop.exited;
    await load.stop();

    // A new process on the same stores (same session secret) reads every cart.
    const reader = await startShopProcess({ DATABASE_URL: pg.url, REDIS_URL: values.redis ? env.redis.url : '' });
    const counts = await load.counts(reader.url).finally(() => reader.kill());
    const deaths = shop.output().match(/worker \d+ ended/g)?.length ?? 0;
    const otherStatuses: Record<string, number> = {};
    const connectionErrors: Record<string, number> = {};
    const phase = (at: number) =>
      at >= terminatedAt
        ? 'sigterm'
        : at >= down
          ? 'postgres'
          : at >= killedAt && at <= killedAt + workerReplacedMs
            ? 'kill'
            : 'calm';
    for (const answer of load.answers) {
      const key = `${phase(answer.at)} ${answer.code ?? '?'}`;
      if (answer.status === 'error') connectionErrors[key] = (connectionErrors[key] ?? 0) + 1;
      else if (answer.status !== 200 && answer.status !== 503)
        otherStatuses[answer.status] = (otherStatuses[answer.status] ?? 0) + 1;
    }
    return {
      ...tally(counts),
      refused503: load.answers.filter((answer) => answer.status === 503).length,
      otherStatuses,
      connectionErrors,
      unexpectedDeaths: deaths - 1,
      workerReplacedMs,
      postgresRecoveryMs,
      shutdownMs: exit.at - terminatedAt,
      exitCode: exit.code,
    };
  } finally {
    await load.stop();
    await env.close();
  }
}

const reports: RunReport[] = [];
for (let index = 1; index <= runs; index += 1) {
  const report = await run();
  reports.push(report);
  console.log(`run ${index}: ${JSON.stringify(report)}`);
}
const sum = (pick: (report: RunReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
const max = (pick: (report: RunReport) => number) => Math.max(...reports.map(pick));
console.log(
  `${runs} run(s), carts in ${values.redis ? 'Redis' : 'PostgreSQL'}, faults each: kill -9 of a worker, PostgreSQL restart (3 s down), SIGTERM.\n` +
    `acknowledged adds ${sum((r) => r.acknowledged)}, lost ${sum((r) => r.lost)}, applied though not acknowledged ${sum((r) => r.unacknowledgedApplied)}, applied twice ${sum((r) => r.appliedTwice)}, ` +
    `503 ${sum((r) => r.refused503)}, unexpected process deaths ${sum((r) => r.unexpectedDeaths)}; ` +
    `worker replaced in at most ${max((r) => r.workerReplacedMs)} ms, first add after PostgreSQL was back at most ${max((r) => r.postgresRecoveryMs)} ms, ` +
    `SIGTERM to exit at most ${max((r) => r.shutdownMs)} ms (exit codes ${[...new Set(reports.map((r) => r.exitCode))].join(', ')})`,
);
const failed = reports.some(
  (r) => r.lost > 0 || r.appliedTwice > 0 || r.unexpectedDeaths > 0 || r.exitCode !== 0 || r.postgresRecoveryMs > 2000,
);
process.exit(failed ? 1 : 0);

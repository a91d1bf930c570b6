/**
 * Does Redis keep kago's data, and did it keep it? Carts live only in Redis (REDIS_URL), so a Redis that keeps
 * nothing (no AOF, no RDB save points) empties every cart when it restarts, and shoppers silently get new empty ones.
 *
 * - What Redis keeps: `CONFIG GET appendonly` / `save`; where CONFIG is renamed or denied (managed Redis),
 *   `INFO persistence` (it shows AOF, not RDB save points); when neither answers, unknown: a warning, not a refusal.
 * - Whether it kept it: a marker key (`kago:data-marker`, the time it was written and a random tag, no expiry),
 *   adopted or written when the process first reaches Redis and compared after every reconnect and on /readyz.
 *   Missing or different (another process re-wrote it after the loss) means the data is gone.
 * - How much was lost: kago's session keys counted (SCAN) when the marker is first seen and every minute, plus the
 *   sessions this process started since. Sessions other processes started since the last count are not in it, and
 *   some counted may have ended since: "about N sessions".
 *
 * Production refuses a Redis that keeps nothing unless REDIS_ALLOW_VOLATILE=true: at start (the process does not
 * start), and when one turns up later (Redis unreachable at start, or restarted without persistence) /readyz says
 * down until persistence is on again. A loss is logged as an error and /readyz answers 200 "degraded", naming it,
 * for SESSION_TTL after it: taking the shop out of its load balancer would not bring the carts back.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from './keys.js';

/** What Redis keeps across a restart: `keeps` is undefined when kago cannot tell. `how` says it in words. */
export interface Persistence {
  keeps: boolean | undefined;
  how: string;
}

/** Reads the persistence settings: CONFIG GET, else INFO persistence, else unknown. Connection errors reject. */
export async function inspectPersistence(redis: Redis): Promise<Persistence> {
  const { ReplyError } = await import('ioredis'); // loaded already: `redis` is its client (connect.ts)
  try {
    const [, appendonly] = (await redis.call('CONFIG', 'GET', 'appendonly')) as [string, string];
    const [, save] = (await redis.call('CONFIG', 'GET', 'save')) as [string, string];
    if (appendonly === 'yes') return { keeps: true, how: 'AOF (appendonly yes)' };
    if (save && save.trim() !== '') return { keeps: true, how: `RDB snapshots (save ${save})` };
    return { keeps: false, how: 'appendonly no and no RDB save points' };
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error; // not a refusal of CONFIG: Redis is unreachable
  }
  let info: string;
  try {
    info = await redis.info('persistence');
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
    return { keeps: undefined, how: 'unknown (CONFIG and INFO are both refused)' };
  }
  if (/^aof_enabled:1\s*$/m.test(info)) return { keeps: true, how: 'AOF (INFO persistence: aof_enabled:1)' };
  return { keeps: undefined, how: 'unknown (AOF is off; RDB save points cannot be read without CONFIG)' };
}

const sessionsText = (count: number) => `${count} session${count === 1 ? '' : 's'}`;

/** A production Redis that keeps nothing, without REDIS_ALLOW_VOLATILE=true. */
export class VolatileRedisError extends Error {
  override name = 'VolatileRedisError';
}

export interface DataWatchOptions {
  /** Refuse a Redis that keeps nothing (production without REDIS_ALLOW_VOLATILE=true). */
  refuseVolatile: boolean;
  /** How long /readyz names a loss: SESSION_TTL, after which every lost session would have ended anyway. */
  reportLossForMs: number;
  now: () => number;
  log: { info(message: string): void; warn(message: string): void; error(details: object, message: string): void };
  keyPrefix?: string;
  /** How often kago's sessions are counted (default a minute). */
  countEveryMs?: number;
}

export interface RedisDataWatch {
  /** First check: throws VolatileRedisError when refused. Then re-checks on every reconnect and every count. */
  start(): Promise<void>;
  /** For /readyz: throws when Redis keeps nothing and that is refused; a note while a loss is recent; else nothing. */
  readiness(): Promise<string | undefined>;
  /** This process started a session (counted towards "how many were lost" until the next count). */
  sessionStarted(): void;
  stop(): void;
}

interface Loss {
  at: number;
  sessions: number;
  countedAt: number | undefined;
}

export function watchRedisData(redis: Redis, options: DataWatchOptions): RedisDataWatch {
  const { now, log } = options;
  const markerKey = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}data-marker`;
  const sessionPattern = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}{*}:session`;
  let marker: string | undefined; // the marker value this process adopted
  let persistence: Persistence | undefined;
  let lastLoss: Loss | undefined;
  let counted: { sessions: number; at: number } | undefined;
  let startedSinceCount = 0;
  let checking: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const refused = () => options.refuseVolatile && persistence?.keeps === false;
  const volatileMessage = (how: string) =>
    `REDIS_URL: this Redis keeps no data (${how}), so a restart of it empties every cart. Turn on AOF (appendonly yes) or RDB save points, or set REDIS_ALLOW_VOLATILE=true to run on it anyway`;

  /** Writes the marker unless one exists, and returns the one that is there now. */
  async function ensureMarker(): Promise<string> {
    await redis.set(markerKey, `${new Date(now()).toISOString()} ${randomBytes(6).toString('hex')}`, 'NX');
    return (await redis.get(markerKey)) ?? '';
  }

  async function checkPersistence(): Promise<void> {
    const found = await inspectPersistence(redis);
    const changed = found.how !== persistence?.how;
    persistence = found;
    if (!changed) return;
    if (found.keeps === false && options.refuseVolatile)
      log.error({ redisPersistence: found.how }, volatileMessage(found.how));
    else if (found.keeps === false)
      log.warn(
        `Redis keeps no data (${found.how}): restarting it empties every cart. Allowed outside production, or with REDIS_ALLOW_VOLATILE=true`,
      );
    else if (found.keeps === undefined)
      log.warn(
        `Cannot tell whether Redis keeps its data: ${found.how}. Make sure AOF or RDB is on; a loss will still be noticed and logged`,
      );
    else log.info(`Redis keeps its data: ${found.how}`);
  }

  async function checkMarker(): Promise<void> {
    const seen = await redis.get(markerKey);
    if (marker === undefined) {
      marker = seen ?? (await ensureMarker());
      if (!counted) await count();
      return;
    }
    if (seen === marker) return;
    const loss: Loss = { at: now(), sessions: (counted?.sessions ?? 0) + startedSinceCount, countedAt: counted?.at };
    lastLoss = loss;
    marker = await ensureMarker();
    counted = undefined;
    startedSinceCount = 0;
    const since =
      loss.countedAt === undefined
        ? ''
        : ` (kago's sessions counted at ${new Date(loss.countedAt).toISOString()}, plus those this process started since)`;
    log.error(
      {
        sessionsLost: loss.sessions,
        lastCountAt: loss.countedAt === undefined ? null : new Date(loss.countedAt).toISOString(),
        redisPersistence: persistence?.how,
      },
      `Redis lost its data (restarted without persistence, flushed or replaced): about ${sessionsText(loss.sessions)} and their carts are gone${since}. Shoppers with them get new empty carts`,
    );
    await count();
  }

  /** Counts kago's sessions, unless the marker shows the data changed while counting (then checks again). */
  async function count(): Promise<void> {
    const startedBefore = startedSinceCount;
    let sessions = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', sessionPattern, 'COUNT', 1000);
      cursor = next;
      sessions += keys.length;
    } while (cursor !== '0');
    if ((await redis.get(markerKey)) !== marker) return void check().catch(() => undefined);
    counted = { sessions, at: now() };
    startedSinceCount -= startedBefore; // sessions started while counting may or may not be in the count: kept
  }

  /** One check at a time: persistence, then the marker. */
  function check(): Promise<void> {
    checking ??= (async () => {
      try {
        await checkPersistence();
        await checkMarker();
      } finally {
        checking = undefined;
      }
    })();
    return checking;
  }

  const onReady = () =>
    void check().catch((error: Error) => log.warn(`checking Redis after it reconnected failed: ${error.message}`));

  return {
    async start() {
      redis.on('ready', onReady);
      timer = setInterval(
        () => void (marker === undefined ? Promise.resolve() : count()).catch(() => undefined),
        options.countEveryMs ?? 60_000,
      );
      timer.unref();
      if (redis.status !== 'ready') return; // checked on the first 'ready'
      try {
        await check();
      } catch (error) {
        // Redis went away in between: start anyway, as when it is down at start; the next 'ready' checks.
        log.warn(`checking what Redis keeps failed (${(error as Error).message}); checking again when it reconnects`);
        return;
      }
      if (refused()) throw new VolatileRedisError(volatileMessage(persistence!.how));
    },
    async readiness() {
      await check();
      if (refused())
        throw new Error(`keeps no data (${persistence!.how}); turn on AOF or RDB, or set REDIS_ALLOW_VOLATILE=true`);
      if (lastLoss && now() - lastLoss.at < options.reportLossForMs) {
        return `lost its data at ${new Date(lastLoss.at).toISOString()}: about ${sessionsText(lastLoss.sessions)} and their carts are gone`;
      }
      return undefined;
    },
    sessionStarted() {
      startedSinceCount += 1;
    },
    stop() {
      redis.off('ready', onReady);
      clearInterval(timer);
    },
  };
}

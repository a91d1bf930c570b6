/**
 * redis/persistence.ts against real throwaway redis-servers (restarted, with and without persistence, with CONFIG
 * and INFO denied by ACL as on managed Redis): what it reads, what it refuses, and how it counts a loss.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { findExecutable, skipUnlessAvailable } from '../../test/support/extras.js';
import { startRedis, type RedisPersistence, type RedisServer } from '../../test/support/redis.js';
import { eventually } from '../../test/support/shop-process.js';
import { createStores } from '../stores.js';
import { createRedis, redisReady } from './connect.js';
import { inspectPersistence, VolatileRedisError, watchRedisData, type DataWatchOptions } from './persistence.js';

const SKIP = skipUnlessAvailable(
  findExecutable('redis-server') ? undefined : 'redis-server not found; install with: apt-get install redis-server',
);
const HOUR = 3_600_000;

/** A log that remembers what was said. */
function recordingLog() {
  const lines: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
  return {
    lines,
    errors: () => lines.filter((line) => line.level === 'error'),
    info: (message: string) => void lines.push({ level: 'info', message }),
    warn: (message: string) => void lines.push({ level: 'warn', message }),
    error: (details: object, message: string) =>
      void lines.push({ level: 'error', message, details: details as Record<string, unknown> }),
  };
}

describe('Redis persistence and data loss', { skip: SKIP }, () => {
  const servers: RedisServer[] = [];
  const clients: Redis[] = [];
  const server = async (persistence: RedisPersistence) => {
    const started = await startRedis({ persistence });
    servers.push(started);
    return started;
  };
  const client = async (url: string) => {
    const redis = await createRedis(url, () => undefined);
    clients.push(redis);
    await redisReady(redis);
    return redis;
  };
  after(() => {
    for (const redis of clients) redis.disconnect();
    for (const started of servers) started.stop();
  });

  describe('what Redis keeps', () => {
    let volatile: Redis;
    let aof: Redis;
    before(async () => {
      volatile = await client((await server('none')).url);
      aof = await client((await server('aof')).url);
    });

    it('reads AOF and RDB save points with CONFIG GET', async () => {
      assert.deepEqual(await inspectPersistence(volatile), {
        keeps: false,
        how: 'appendonly no and no RDB save points',
      });
      assert.deepEqual(await inspectPersistence(aof), { keeps: true, how: 'AOF (appendonly yes)' });
      const rdb = await client((await server('rdb')).url);
      assert.deepEqual(await inspectPersistence(rdb), { keeps: true, how: 'RDB snapshots (save 3600 1)' });
    });

    it('falls back to INFO persistence when CONFIG is denied, and says unknown when that cannot tell or is denied too', async () => {
      await aof.call('ACL', 'SETUSER', 'default', '-config');
      await volatile.call('ACL', 'SETUSER', 'default', '-config');
      try {
        assert.deepEqual(await inspectPersistence(aof), { keeps: true, how: 'AOF (INFO persistence: aof_enabled:1)' });
        assert.deepEqual(await inspectPersistence(volatile), {
          keeps: undefined,
          how: 'unknown (AOF is off; RDB save points cannot be read without CONFIG)',
        });
        await volatile.call('ACL', 'SETUSER', 'default', '-info');
        assert.deepEqual(await inspectPersistence(volatile), {
          keeps: undefined,
          how: 'unknown (CONFIG and INFO are both refused)',
        });
      } finally {
        await aof.call('ACL', 'SETUSER', 'default', '+config');
        await volatile.call('ACL', 'SETUSER', 'default', '+config', '+info');
      }
    });

    it('refuses a Redis that keeps nothing when told to; warns (and starts) when it cannot tell', async () => {
      const log = recordingLog();
      const options: DataWatchOptions = { refuseVolatile: true, reportLossForMs: HOUR, now: Date.now, log };
      const refused = watchRedisData(volatile, options);
      await assert.rejects(refused.start(), (error: Error) => {
        assert.ok(error instanceof VolatileRedisError);
        assert.match(
          error.message,
          /^REDIS_URL: this Redis keeps no data \(appendonly no and no RDB save points\), so a restart of it empties every cart\. Turn on AOF \(appendonly yes\) or RDB save points, or set REDIS_ALLOW_VOLATILE=true/,
        );
        return true;
      });
      refused.stop();
      await assert.rejects(refused.readiness(), /keeps no data/);

      await volatile.call('ACL', 'SETUSER', 'default', '-config', '-info');
      const unknown = watchRedisData(volatile, options);
      try {
        await unknown.start();
        assert.equal(await unknown.readiness(), undefined);
        assert.match(
          log.lines.at(-1)!.message,
          /^Cannot tell whether Redis keeps its data: unknown \(CONFIG and INFO are both refused\)/,
        );
      } finally {
        unknown.stop();
        await volatile.call('ACL', 'SETUSER', 'default', '+config', '+info');
      }

      const allowed = watchRedisData(volatile, { ...options, refuseVolatile: false });
      await allowed.start();
      allowed.stop();
      assert.match(
        log.lines.at(-1)!.message,
        /^Redis keeps no data \(appendonly no and no RDB save points\): restarting it empties every cart\. Allowed outside production, or with REDIS_ALLOW_VOLATILE=true$/,
      );
    });
  });

  it('a restart without persistence: logged as an error with the sessions lost, named by readiness for SESSION_TTL', async () => {
    const redisServer = await server('none');
    const redis = await client(redisServer.url);
    // Redis expires keys by its own clock: the shop's clock starts at the real time (and moves on only in here).
    const start = Math.floor(Date.now() / 1000) * 1000;
    let time = start;
    const iso = (ms: number) => new Date(ms).toISOString();
    const log = recordingLog();
    // Two sessions exist before the process starts (another process's): the count at start finds them.
    const other = createStores(undefined as never, redis, () => time);
    await other.sessions.create(time, HOUR);
    await other.sessions.create(time, HOUR);
    const watch = watchRedisData(redis, { refuseVolatile: false, reportLossForMs: HOUR, now: () => time, log });
    await watch.start();
    const { sessions } = createStores(undefined as never, redis, () => time, watch.sessionStarted);
    for (let i = 0; i < 3; i += 1) await sessions.create(time, HOUR);
    assert.equal(await watch.readiness(), undefined);
    assert.deepEqual(log.errors(), []);

    await redisServer.pause();
    await redisServer.restart();
    time += 1000;
    let note: string | undefined;
    await eventually(
      'the loss is noticed',
      async () => (note = await watch.readiness().catch(() => undefined)) !== undefined,
      10_000,
    );
    assert.equal(note, `lost its data at ${iso(start + 1000)}: about 5 sessions and their carts are gone`);
    const [error, ...more] = log.errors();
    assert.deepEqual(more, [], 'logged once');
    assert.ok(
      error!.message.startsWith(
        'Redis lost its data (restarted without persistence, flushed or replaced): about 5 sessions and their carts are gone',
      ),
      error!.message,
    );
    assert.ok(
      error!.message.includes(`(kago's sessions counted at ${iso(start)}, plus those this process started since)`),
      error!.message,
    );
    assert.deepEqual(error!.details, {
      sessionsLost: 5,
      lastCountAt: iso(start),
      redisPersistence: 'appendonly no and no RDB save points',
    });

    time += HOUR;
    assert.equal(await watch.readiness(), undefined, 'after SESSION_TTL every lost session would have ended anyway');
    watch.stop();
  });

  it('with two processes, each notices the loss although the first one re-writes the marker', async () => {
    const redisServer = await server('none');
    const [first, second] = [await client(redisServer.url), await client(redisServer.url)];
    const logs = [recordingLog(), recordingLog()];
    const watches = [first, second].map((redis, index) =>
      watchRedisData(redis, { refuseVolatile: false, reportLossForMs: HOUR, now: Date.now, log: logs[index]! }),
    );
    for (const watch of watches) await watch.start();
    await redisServer.pause();
    await redisServer.restart();
    await eventually(
      'the first notices',
      async () => (await watches[0]!.readiness().catch(() => undefined)) !== undefined,
      10_000,
    );
    await eventually(
      'the second notices',
      async () => (await watches[1]!.readiness().catch(() => undefined)) !== undefined,
      10_000,
    );
    assert.deepEqual(
      logs.map((log) => log.errors().length),
      [1, 1],
    );
    for (const watch of watches) watch.stop();
  });

  it('a restart with AOF keeps the sessions and the marker: no loss', async () => {
    const redisServer = await server('aof');
    const redis = await client(redisServer.url);
    const log = recordingLog();
    const watch = watchRedisData(redis, { refuseVolatile: true, reportLossForMs: HOUR, now: Date.now, log });
    await watch.start();
    const { sessions } = createStores(undefined as never, redis, Date.now, watch.sessionStarted);
    const session = await sessions.create(Date.now(), HOUR);
    await redisServer.pause();
    await redisServer.restart();
    await eventually('Redis answers again', async () => (await redis.ping().catch(() => '')) === 'PONG', 10_000);
    assert.equal(await watch.readiness(), undefined);
    assert.deepEqual(await sessions.find(session.id, Date.now()), session);
    assert.deepEqual(log.errors(), []);
    assert.deepEqual(
      log.lines.map((line) => line.message),
      ['Redis keeps its data: AOF (appendonly yes)'],
    );
    watch.stop();
  });
});

/**
 * A lease on a job across every process of the shop, so one of them runs it at a time: a row in the database, or a
 * key in Redis when the shop uses Redis. A lease ends by itself (a holder that died frees it), and only its holder
 * renews or releases it. The database lease is judged by the caller's clock (tests inject one); Redis's by Redis's.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RedisClient } from '../redis/connect.js';
import { DEFAULT_KEY_PREFIX } from '../redis/keys.js';

export interface JobLock {
  /** Takes (or renews) the lease for `ms` when it is free, ended, or this holder's; true when held after. */
  acquire(now: number, ms: number): Promise<boolean>;
  /** Gives the lease up, if this holder still has it. */
  release(): Promise<void>;
}

export function sqlJobLock(db: Kysely<Database>, name: string, owner: string = randomUUID()): JobLock {
  return {
    async acquire(now, ms) {
      const result = await db
        .insertInto('job_locks')
        .values({ name, owner, expires_at: now + ms })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ owner, expires_at: now + ms })
            .where((eb) => eb.or([eb('job_locks.expires_at', '<=', now), eb('job_locks.owner', '=', owner)])),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async release() {
      await db.deleteFrom('job_locks').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}

/** Sets or extends the key when free or ours. KEYS[1] lock; ARGV owner, lease ms. */
const ACQUIRE = `local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function redisJobLock(
  redis: RedisClient,
  name: string,
  owner: string = randomUUID(),
  prefix = DEFAULT_KEY_PREFIX,
): JobLock {
  const key = `${prefix}lock:${name}`;
  return {
    async acquire(_now, ms) {
      return (await redis.eval(ACQUIRE, 1, key, owner, String(ms))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, key, owner);
    },
  };
}

/**
 * Carts in Redis, keeping the contract of the SQL store. A cart is a hash of lines (`<prefix>{<id>}:cart`); its
 * version lives in the session hash. A change is optimistic and atomic: read the version and lines in one script,
 * run the shared planner (`planCartChanges`) here, then one script checks the version is still the one read and
 * writes the planned lines, bumps the version and gives the cart the session's expiry. Nothing else can change the
 * lines in between (every change bumps the version), so adds may write their planned totals. When another request
 * won the race, read and plan again; with `expectedVersion` (If-Match) a lost race is a CartVersionConflict.
 * Works on one shared connection (no WATCH) and on Redis Cluster (every key shares the session's hash tag).
 *
 * A change that changes nothing keeps the version (its key, if any, is still recorded).
 *
 * A change with an idempotency key reads the key with the snapshot (recorded: answer at once, before any version
 * check or limit) and the writing script checks it again and records it with the change, expiring 24 h later.
 */
import {
  APPLY_CART,
  APPLY_CONFLICT,
  APPLY_DONE,
  APPLY_MISSING,
  APPLY_RECORDED,
  MARK_PRICES_SEEN,
  packLineRest,
  READ_CART,
  unpackLine,
  unpackRecordedKey,
  type PackedLine,
} from './redis-cart-scripts.js';
import type { RedisClient } from '../redis/connect.js';
import { DEFAULT_KEY_PREFIX, idempotencyKeyName, sessionKeys, type RedisStoreOptions } from '../redis/keys.js';
import { defineScript } from '../redis/scripts.js';
import { deserializeDetails, serializeDetails, type CartDetails } from './cart-details.js';
import { firstNewLineAt, isEmptyPlan, planCartChanges, replayRecordedKey } from './cart-rules.js';
import { IDEMPOTENCY_KEY_TTL_MS, type CartStore, type StoredCart, type StoredLine } from './cart-store.js';
import { CartNotFound, CartVersionConflict } from './errors.js';
import { deserializeProperties, serializeProperties } from './line-properties.js';

export interface RedisCartStoreOptions extends RedisStoreOptions {
  /** How many times a change is planned again after losing a race before giving up (default 100). */
  maxAttempts?: number;
}

type SnapshotLine = StoredLine & { field: string; currency: string };
type Snapshot = { version: number; lines: SnapshotLine[]; recorded: string | null; details: CartDetails };
type ReadReply = [string, string[], string | null, string | null] | null;

function snapshotLine(field: string, packed: PackedLine): SnapshotLine {
  const { quantity, unitAmountSeen, addedAt, currency, propertiesHash } = packed;
  const priceId = packed.priceId ?? field;
  return {
    field,
    priceId,
    propertiesHash,
    properties: deserializeProperties(packed.properties),
    quantity,
    unitAmountSeen,
    addedAt,
    currency,
  };
}

/** Waits 0..attempt ms (at most 10): spreads out writers that keep colliding on one cart. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));

export function createRedisCartStore(redis: RedisClient, options: RedisCartStoreOptions = {}): CartStore {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const maxAttempts = options.maxAttempts ?? 100;
  const readScript = defineScript<ReadReply>(redis, 'kagoCartRead', READ_CART, 2, true);
  const readKeyedScript = defineScript<ReadReply>(redis, 'kagoCartReadKeyed', READ_CART, 3, true);
  const applyScript = defineScript<[number, number?, string?]>(redis, 'kagoCartApply', APPLY_CART, 2);
  const applyKeyedScript = defineScript<[number, number?, string?]>(redis, 'kagoCartApplyKeyed', APPLY_CART, 3);
  const markScript = defineScript<number>(redis, 'kagoCartMarkSeen', MARK_PRICES_SEEN, 1);
  const keysOf = (sessionId: string) => {
    const keys = sessionKeys(prefix, sessionId);
    return [keys.session, keys.cart];
  };

  /** With `keys` of three (the idempotency key third), the snapshot says whether the key is recorded. */
  async function snapshot(sessionId: string, keys = keysOf(sessionId)): Promise<Snapshot | undefined> {
    const reply = await (keys.length === 3 ? readKeyedScript : readScript)(keys);
    if (!reply) return undefined;
    const [version, fields, recorded, details] = reply;
    const lines: SnapshotLine[] = [];
    for (let i = 0; i < fields.length; i += 2) lines.push(snapshotLine(fields[i]!, unpackLine(fields[i + 1]!)));
    // The SQL store's order: when added, then price id, then properties hash.
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    lines.sort(
      (a, b) => a.addedAt - b.addedAt || order(a.priceId, b.priceId) || order(a.propertiesHash, b.propertiesHash),
    );
    return { version: Number(version), lines, recorded: recorded ?? null, details: deserializeDetails(details) };
  }

  return {
    async itemCount(sessionId) {
      const values = await redis.hvals(sessionKeys(prefix, sessionId).cart);
      return values.reduce((sum, value) => sum + unpackLine(value).quantity, 0);
    },

    async read(sessionId): Promise<StoredCart | undefined> {
      const cart = await snapshot(sessionId);
      return (
        cart && {
          version: cart.version,
          details: cart.details,
          lines: cart.lines.map(({ priceId, propertiesHash, properties, quantity, unitAmountSeen, addedAt }) => ({
            priceId,
            propertiesHash,
            properties,
            quantity,
            unitAmountSeen,
            addedAt,
          })),
        }
      );
    },

    async apply(sessionId, commands, now, expectedVersion, idempotency) {
      const keys = idempotency
        ? [...keysOf(sessionId), idempotencyKeyName(prefix, sessionId, idempotency.key)]
        : keysOf(sessionId);
      for (let attempt = 1; ; attempt++) {
        const cart = await snapshot(sessionId, keys);
        if (!cart) throw new CartNotFound();
        if (cart.recorded !== null) return replayRecordedKey(unpackRecordedKey(cart.recorded), idempotency!);
        if (expectedVersion !== undefined && cart.version !== expectedVersion)
          throw new CartVersionConflict(cart.version);
        const current = new Map(cart.lines.map((line) => [line.field, line]));
        const plan = planCartChanges(cart.lines, commands, cart.details);
        // Nothing to change and no key to record: the version read is the answer.
        if (isEmptyPlan(plan) && !idempotency) return cart.version;
        const details = plan.details === undefined ? '' : serializeDetails(plan.details) || '-';
        const args: Array<string | number> = [cart.version, isEmptyPlan(plan) ? '0' : '1', details];
        if (idempotency) args.push(idempotency.fingerprint, now + IDEMPOTENCY_KEY_TTL_MS);
        // New lines of one request get consecutive milliseconds, after the cart's lines as read (the version check
        // says they are still those), so the cart lists them in the order they were sent, even within the
        // millisecond of the last add. The snapshot lists them by time: the last is the latest.
        const first = firstNewLineAt(now, cart.lines.length === 0 ? null : cart.lines.at(-1)!.addedAt);
        let added = 0;
        for (const change of plan.lines) {
          const stored = current.get(change.lineId);
          // A line that existed keeps its place; the version check guarantees `stored` is still there.
          // A line whose properties were replaced keeps the place of the line it replaces.
          const addedAt = stored ? stored.addedAt : (change.addedAt ?? first + added++);
          const seen = change.unitAmountSeen ?? (stored ? '' : 0);
          const properties = stored ? serializeProperties(stored.properties) : serializeProperties(change.properties);
          args.push(
            change.lineId,
            change.quantity,
            seen,
            addedAt,
            packLineRest(change.currency, change.priceId, change.propertiesHash, properties),
          );
        }
        const [status, version, recorded] = await (idempotency ? applyKeyedScript : applyScript)(keys, args);
        if (status === APPLY_DONE) return version!;
        if (status === APPLY_MISSING) throw new CartNotFound();
        // A concurrent change with the same key won: it is the one applied.
        if (status === APPLY_RECORDED) return replayRecordedKey(unpackRecordedKey(recorded!), idempotency!);
        if (status !== APPLY_CONFLICT) throw new Error(`unexpected reply from the cart script: ${status}`);
        if (expectedVersion !== undefined) throw new CartVersionConflict(version!);
        if (attempt >= maxAttempts)
          throw new Error(`cart change gave up after ${maxAttempts} attempts: the cart kept changing concurrently`);
        if (attempt >= 3) await backoff(attempt);
      }
    },

    async findIdempotencyKey(sessionId, key) {
      const cart = await snapshot(sessionId, [...keysOf(sessionId), idempotencyKeyName(prefix, sessionId, key)]);
      return cart?.recorded ? unpackRecordedKey(cart.recorded) : undefined;
    },

    /** Redis expires keys itself (PXAT): nothing to purge. */
    async purgeExpiredKeys() {
      return 0;
    },

    async markPricesSeen(sessionId, seen) {
      if (seen.length === 0) return;
      await markScript(
        [sessionKeys(prefix, sessionId).cart],
        seen.flatMap(({ lineId, unitAmount }) => [lineId, unitAmount]),
      );
    },
  };
}

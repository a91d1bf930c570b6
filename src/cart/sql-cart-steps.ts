/**
 * A cart change as one SQL transaction (run by src/db/transaction.ts: synchronously on SQLite, awaited on
 * PostgreSQL). Its first statement bumps the session's cart version, which takes the write lock (the session row in
 * PostgreSQL, the database in SQLite) before anything is read: concurrent commands on one cart run one after
 * another, and the limits they check cannot be raced past. Only the lines a command touches are written; adds write
 * `quantity = quantity + n`, never a value read earlier. A change that changes nothing puts the version back before
 * it commits, so nobody sees it move. An idempotency key is written in the same transaction, under the same lock: a
 * key the session already has rolls the transaction back (the version bump included) and the first change's version
 * is the answer.
 */
import { row, rows, exec, type Steps } from '../db/transaction.js';
import { deserializeDetails, NO_DETAILS, serializeDetails, type CartDetails } from './cart-details.js';
import {
  firstNewLineAt,
  isEmptyPlan,
  planCartChanges,
  type CartPlan,
  type CurrentLine,
  type LineChange,
} from './cart-rules.js';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  type CartCommand,
  type CatalogCheck,
  type IdempotencyKey,
  type RecordedKey,
} from './cart-store.js';
import { CartNotFound, CartVersionConflict, CatalogMoved, NoLiveSession } from './errors.js';
import { NO_PROPERTIES, propertiesHash, serializeProperties } from './line-properties.js';
import * as q from './sql-cart-queries.js';

/** Thrown inside a transaction to roll it back: the key was already recorded by an earlier change. */
export class AlreadyApplied extends Error {
  constructor(readonly recorded: RecordedKey) {
    super('the idempotency key was already recorded');
  }
}

/** A change planned from memory: its CatalogCheck (cart-store.ts), in the change's transaction; throws CatalogMoved. */
function* checkCatalog(check: CatalogCheck | undefined): Steps<void> {
  if (check && !(yield* row(q.catalogCheckQuery, check.version, q.checkedProducts(check.untracked))))
    throw new CatalogMoved();
}

/** What a change finds under the cart's lock. */
interface Locked {
  version: number;
  details: string | null;
  expiresAt: number;
}

/**
 * Takes the cart's lock (see the header); returns the new version, the cart's details and the session's expiry, read
 * under the lock. Without a live session: `noSession()`.
 */
function* lockCart(
  sessionId: string,
  expectedVersion: number | undefined,
  now: number,
  noSession: () => Error,
): Steps<Locked> {
  const locked = yield* expectedVersion === undefined
    ? row(q.lockQuery, sessionId, now)
    : row(q.lockAtQuery, sessionId, now, expectedVersion);
  if (locked)
    return { version: Number(locked.cart_version), details: locked.cart_details, expiresAt: Number(locked.expires_at) };
  const current = yield* row(q.versionQuery, sessionId, now);
  if (!current) throw noSession();
  throw new CartVersionConflict(Number(current.cart_version));
}

function* writeChange(sessionId: string, change: LineChange, now: number): Steps<void> {
  const { priceId, propertiesHash: hash, delta, unitAmountSeen: seen } = change;
  if (change.quantity === 0) yield* exec(q.deleteLineQuery, sessionId, priceId, hash);
  else if (!change.existed) {
    const properties = serializeProperties(change.properties);
    yield* exec(q.insertLineQuery, sessionId, priceId, hash, properties, change.quantity, seen ?? 0, now);
  } else if (delta !== undefined) {
    yield* seen === undefined
      ? exec(q.addToLineQuery, sessionId, priceId, hash, delta, now)
      : exec(q.addToLineSeenQuery, sessionId, priceId, hash, delta, now, seen);
  } else {
    yield* seen === undefined
      ? exec(q.setLineQuery, sessionId, priceId, hash, change.quantity, now)
      : exec(q.setLineSeenQuery, sessionId, priceId, hash, change.quantity, now, seen);
  }
}

/**
 * Writes a plan's lines and details. `latest` is the time of the cart's latest line as read under the lock (null for
 * none): new lines come after it.
 */
function* writePlan(sessionId: string, plan: CartPlan, now: number, latest: number | null): Steps<void> {
  // New lines of one request get consecutive milliseconds, after the cart's lines, so the cart lists them in the
  // order they were sent, even when they come within the millisecond of the last add.
  const first = firstNewLineAt(now, latest);
  let added = 0;
  // A line whose properties were replaced keeps the place of the line it replaces.
  for (const change of plan.lines)
    yield* writeChange(sessionId, change, change.existed ? now : (change.addedAt ?? first + added++));
  if (plan.details) yield* exec(q.setDetailsQuery, sessionId, serializeDetails(plan.details));
}

/**
 * Records the key for the change about to be written (one statement: insert, or take over a row whose time is up).
 * Throws AlreadyApplied when the session has it. Runs after lockCart, so one key of one session is never raced.
 */
function* recordKey(
  sessionId: string,
  { key, fingerprint }: IdempotencyKey,
  version: number,
  now: number,
  clock: number,
): Steps<void> {
  const expiresAt = now + IDEMPOTENCY_KEY_TTL_MS;
  if (yield* row(q.recordKeyQuery, sessionId, key, fingerprint, version, expiresAt, clock)) return;
  const earlier = yield* row(q.recordedKeyQuery, sessionId, key);
  if (!earlier) throw new Error('the idempotency key was neither recorded nor found');
  throw new AlreadyApplied({ fingerprint: earlier.fingerprint, version: Number(earlier.cart_version) });
}

/** A change that changes nothing gives back the version it took (and its key records that version). */
function* keepVersion(sessionId: string, version: number, idempotency: IdempotencyKey | undefined): Steps<number> {
  yield* exec(q.setVersionQuery, sessionId, version - 1);
  if (idempotency) yield* exec(q.setKeyVersionQuery, sessionId, idempotency.key, version - 1);
  return version - 1;
}

/** The lines as the planner reads them; it needs properties only for lines it creates (existing ones: their hash). */
const currentLine = (line: {
  priceId: string;
  propertiesHash: string;
  quantity: number;
  currency: string;
  unit_amount_seen: number | string;
  created_at: number | string;
}): CurrentLine => ({
  priceId: line.priceId,
  propertiesHash: line.propertiesHash,
  properties: {},
  quantity: line.quantity,
  currency: line.currency,
  unitAmountSeen: Number(line.unit_amount_seen),
  addedAt: Number(line.created_at),
});

/** The row addTargetQuery reads (also read with the session by the PostgreSQL add, sql-cart-pg-add.ts). */
export interface AddTarget {
  others: number | string;
  othersCurrency: string | null;
  quantity: number | null;
  currency: string | null;
  unit_amount_seen: number | string | null;
  created_at: number | string | null;
}

/** Plans a single add from the line it adds to and the count of the others (see planUnderLock). */
export function planAdd(
  add: Extract<CartCommand, { kind: 'add' }>,
  hash: string,
  found: AddTarget,
  details: CartDetails,
): CartPlan {
  const line =
    found.quantity === null || found.currency === null
      ? []
      : [
          currentLine({
            priceId: add.priceId,
            propertiesHash: hash,
            quantity: found.quantity,
            currency: found.currency,
            unit_amount_seen: found.unit_amount_seen ?? 0,
            created_at: found.created_at ?? 0,
          }),
        ];
  const others = { count: Number(found.others), currency: found.othersCurrency };
  return planCartChanges(line, [add], details, others);
}

/** A plan, and the time of the cart's latest line as read under the lock (null for an empty cart). */
interface LockedPlan {
  plan: CartPlan;
  latest: number | null;
}

/**
 * Reads what the commands need under the lock and plans them. A single add (most changes) reads, in one statement,
 * the line it adds to, a count of the others and the latest line's time, not every line: reading a cart's lines (a
 * row object each) costs more than the rest of the change.
 */
function* planUnderLock(sessionId: string, commands: readonly CartCommand[], details: CartDetails): Steps<LockedPlan> {
  const add = commands.length === 1 && commands[0]!.kind === 'add' ? commands[0] : undefined;
  if (!add) {
    const current = yield* rows(q.linesUnderLockQuery, sessionId);
    let latest: number | null = null;
    for (const line of current) latest = Math.max(latest ?? -Infinity, Number(line.created_at));
    return { plan: planCartChanges(current.map(currentLine), commands, details), latest };
  }
  const hash = propertiesHash(add.properties ?? NO_PROPERTIES);
  const found = (yield* row(q.addTargetQuery, sessionId, add.priceId, hash))!;
  return { plan: planAdd(add, hash, found, details), latest: found.latest === null ? null : Number(found.latest) };
}

/** Applies commands to a session's cart (CartStore.apply); `clock` decides which sessions have expired. */
export function* applySteps(
  sessionId: string,
  commands: readonly CartCommand[],
  now: number,
  expectedVersion: number | undefined,
  idempotency: IdempotencyKey | undefined,
  clock: number,
  check?: CatalogCheck,
): Steps<number> {
  const noSession = () => new CartNotFound();
  return (yield* applyLocked(sessionId, commands, now, expectedVersion, idempotency, clock, check, noSession)).version;
}

/**
 * applySteps for a session id not looked up first, a cookie's (CartStore.applyToLiveSession on SQLite): the lock,
 * the change's first statement, is what finds the session live, and NoLiveSession says it did not (nothing is written
 * then). Returns the version and the session's expiry. No idempotency key here: a replay answers without the lock.
 */
export function* applyToLiveSteps(
  sessionId: string,
  commands: readonly CartCommand[],
  now: number,
  expectedVersion: number | undefined,
  clock: number,
  check?: CatalogCheck,
): Steps<{ version: number; expiresAt: number }> {
  const noSession = () => new NoLiveSession();
  return yield* applyLocked(sessionId, commands, now, expectedVersion, undefined, clock, check, noSession);
}

function* applyLocked(
  sessionId: string,
  commands: readonly CartCommand[],
  now: number,
  expectedVersion: number | undefined,
  idempotency: IdempotencyKey | undefined,
  clock: number,
  check: CatalogCheck | undefined,
  noSession: () => Error,
): Steps<Locked> {
  yield* checkCatalog(check);
  // With a key, the version is checked after the key: a retry of an applied change is answered, not refused.
  const locked = yield* lockCart(sessionId, idempotency ? undefined : expectedVersion, clock, noSession);
  const { version, details } = locked;
  if (idempotency) {
    yield* recordKey(sessionId, idempotency, version, now, clock);
    if (expectedVersion !== undefined && version - 1 !== expectedVersion) throw new CartVersionConflict(version - 1);
  }
  const { plan, latest } = yield* planUnderLock(sessionId, commands, deserializeDetails(details));
  if (isEmptyPlan(plan)) return { ...locked, version: yield* keepVersion(sessionId, version, idempotency) };
  yield* writePlan(sessionId, plan, now, latest);
  return locked;
}

/**
 * Plans commands for a new session's empty cart (CartStore.applyToNewSession), before any transaction: a refused
 * command throws here and leaves no session behind.
 */
export const planNewCart = (commands: readonly CartCommand[]): CartPlan => planCartChanges([], commands, NO_DETAILS);

/** Creates a session and writes a plan (planNewCart's) to its empty cart. */
export function* newSessionSteps(
  session: { id: string; expiresAt: number },
  plan: CartPlan,
  now: number,
  idempotency: IdempotencyKey | undefined,
  check?: CatalogCheck,
): Steps<number> {
  yield* checkCatalog(check);
  const version = isEmptyPlan(plan) ? 0 : 1;
  yield* exec(q.insertSessionQuery, session.id, now, session.expiresAt, version);
  // A fresh session has no keys: the key is recorded, never replayed.
  if (idempotency) {
    const { key, fingerprint } = idempotency;
    yield* exec(q.insertKeyQuery, session.id, key, fingerprint, version, now + IDEMPOTENCY_KEY_TTL_MS);
  }
  yield* writePlan(session.id, plan, now, null);
  return version;
}

/**
 * How a planned cart change reaches the store: under the request's idempotency key, making the session first when
 * the change needs one and there is none, and turning the store's refusals into the result a route answers with.
 * The cart service plans; this applies. One copy for every change the service offers.
 */
import { newSessionId } from '../session/session-store.js';
import type { CartChangeResult, CartServiceDeps, MutationOptions, MutationResult } from './cart-service-types.js';
import type { CartCommand, CatalogCheck, IdempotencyKey } from './cart-store.js';
import { replayRecordedKey } from './cart-rules.js';
import { CartError, CartNotFound, CartVersionConflict } from './errors.js';
import { fingerprint } from './request-values.js';

/** A change's commands, whether it needs a session, and what the store must check before writing them. */
export interface Planned {
  commands: CartCommand[];
  needsSession: boolean;
  check?: CatalogCheck | undefined;
}

/** A change refused by the rules, the store's version check or a session that ended: the result that says so. */
export function refusalOf(error: unknown): CartChangeResult {
  if (error instanceof CartError) return { kind: 'refused', error };
  if (error instanceof CartVersionConflict) return { kind: 'conflict', currentVersion: error.currentVersion };
  if (error instanceof CartNotFound) return { kind: 'session_ended' };
  throw error;
}

/** A planned change applied under its key; `plan` reads the cart and the catalog and may refuse. */
export type PlanAndApply = (
  sessionId: string | undefined,
  request: () => unknown,
  options: MutationOptions,
  plan: () => Promise<Planned>,
) => Promise<CartChangeResult>;

export function createChangeApplier({
  carts,
  sessions,
  sessionTtlMs,
  now,
}: Pick<CartServiceDeps, 'carts' | 'sessions' | 'sessionTtlMs' | 'now'>): PlanAndApply {
  /** Applies commands to the cart of `sessionId`, creating the session first when `needsSession` and there is none. */
  async function apply(
    sessionId: string | undefined,
    commands: CartCommand[],
    needsSession: boolean,
    options: MutationOptions,
    idempotency: IdempotencyKey | undefined,
    check?: CatalogCheck,
  ): Promise<MutationResult> {
    const time = now();
    if (sessionId && options.sessionUnchecked && carts.applyToLiveSession) {
      const applied = await carts.applyToLiveSession(
        sessionId,
        commands,
        time,
        options.expectedVersion,
        idempotency,
        check,
      );
      if (applied) return { sessionId, created: false, expiresAt: applied.expiresAt };
      sessionId = undefined; // the cookie's session has ended: as a request without one
    }
    if (!sessionId) {
      if (options.expectedVersion !== undefined && options.expectedVersion !== 0) throw new CartVersionConflict(0);
      if (!needsSession) return { sessionId: undefined, created: false, expiresAt: undefined };
      if (carts.applyToNewSession) {
        // One transaction makes the session and writes the change. The cookie goes out first, as below: when the
        // commit happened but its answer was lost (a 503), the retry comes back to this session and its key.
        const session = { id: newSessionId(), expiresAt: time + sessionTtlMs };
        options.onSessionCreated?.(session.id, session.expiresAt);
        await carts.applyToNewSession(session, commands, time, idempotency, check);
        return { sessionId: session.id, created: true, expiresAt: session.expiresAt };
      }
      const session = await sessions.create(time, sessionTtlMs);
      options.onSessionCreated?.(session.id, session.expiresAt);
      await carts.apply(session.id, commands, time, options.expectedVersion, idempotency, check);
      return { sessionId: session.id, created: true, expiresAt: session.expiresAt };
    }
    await carts.apply(sessionId, commands, time, options.expectedVersion, idempotency, check);
    return { sessionId, created: false, expiresAt: undefined };
  }

  /**
   * Plans a change (`plan` reads the cart and the catalog) and applies it under the request's key. When planning is
   * refused but the session already recorded the key, the change was applied before (a line removed, a limit now
   * reached): that first answer stands. The store checks the key again, atomically, when it writes.
   */
  async function planAndApply(
    sessionId: string | undefined,
    request: () => unknown,
    options: MutationOptions,
    plan: () => Promise<Planned>,
  ): Promise<CartChangeResult> {
    try {
      return { kind: 'changed', ...(await planAndApplyOrThrow(sessionId, request, options, plan)) };
    } catch (error) {
      return refusalOf(error);
    }
  }

  async function planAndApplyOrThrow(
    sessionId: string | undefined,
    request: () => unknown,
    options: MutationOptions,
    plan: () => Promise<Planned>,
  ): Promise<MutationResult> {
    const idempotency =
      options.idempotencyKey === undefined
        ? undefined
        : { key: options.idempotencyKey, fingerprint: fingerprint(request()) };
    let planned: Planned;
    try {
      planned = await plan();
    } catch (error) {
      const recorded =
        idempotency && sessionId && error instanceof CartError
          ? await carts.findIdempotencyKey(sessionId, idempotency.key)
          : undefined;
      if (!recorded) throw error;
      replayRecordedKey(recorded, idempotency!);
      return { sessionId, created: false, expiresAt: undefined };
    }
    return apply(sessionId, planned.commands, planned.needsSession, options, idempotency, planned.check);
  }

  return planAndApply;
}

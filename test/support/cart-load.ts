/**
 * Cart adds under load against a real kago process, for fault tests and the fault report: `shoppers` shoppers each
 * add one tea at a time in a loop (a connection per request, so requests are in flight whenever a fault strikes).
 * Every answer is recorded with its time; afterwards each shopper's acknowledged adds are compared with its cart.
 * With `retrySameKey`, shoppers behave as the shop's script does: each add carries an Idempotency-Key, and an add
 * that was not acknowledged (a 503, a cut connection) is sent again with the same key until it is.
 */
import { randomUUID } from 'node:crypto';
import { http, visitor } from './shop-process.js';

export interface AddAnswer {
  /** Date.now() when the answer (or the connection error) came. */
  at: number;
  /** The HTTP status, or 'error' when the connection failed (refused, reset, hung up). */
  status: number | 'error';
  retryAfter?: string;
  /** The JSON error code of a refusal, or the connection error's code. */
  code?: string;
}

export interface CartCount {
  acknowledged: number;
  /** 1 when the shopper's last add was still unacknowledged when the load stopped (it may or may not be in the cart). */
  unsettled: number;
  /** Items in the shopper's cart afterwards (undefined when it had no session). */
  found: number | undefined;
}

export interface CartLoad {
  answers: AddAnswer[];
  /** Resolves once `check(answers)` holds; rejects with `what` after `timeoutMs`. */
  until(what: string, check: (answers: AddAnswer[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops the loops and waits for the adds in flight to be answered. */
  stop(): Promise<void>;
  /** After `stop()`: each shopper session's acknowledged adds and what its cart holds now (asked of `shopUrl`: another process on the same stores will do). */
  counts(shopUrl?: string): Promise<CartCount[]>;
}

/** A shopper starts a new session after this many acknowledged adds (a line holds at most 99). */
const ADDS_PER_SESSION = 40;

export function startCartLoad(url: string, shoppers = 12, { retrySameKey = false } = {}): CartLoad {
  const answers: AddAnswer[] = [];
  const sessions: Array<{
    shopper: ReturnType<typeof visitor>;
    acknowledged: number;
    unsettledKey: string | undefined;
  }> = [];
  let running = true;
  const newSession = () => {
    const session = { shopper: visitor(), acknowledged: 0, unsettledKey: undefined as string | undefined };
    sessions.push(session);
    return session;
  };
  const loop = async () => {
    let session = newSession();
    while (running) {
      if (session.acknowledged >= ADDS_PER_SESSION) session = newSession();
      // A new visitor whose first add was cut off never got a cookie: its retry starts a session of its own.
      if (session.unsettledKey && !session.shopper.cookie) {
        session.unsettledKey = undefined;
        session = newSession();
      }
      const key = retrySameKey ? (session.unsettledKey ??= randomUUID()) : undefined;
      try {
        const answer = await session.shopper.postJson(
          `${url}/cart/add.js`,
          { id: 'prod_tea' },
          key ? { 'idempotency-key': key } : {},
        );
        if (answer.status === 200) {
          session.acknowledged += 1;
          session.unsettledKey = undefined;
        }
        const code = answer.status === 200 ? undefined : (safeJson(answer.body)?.code as string | undefined);
        answers.push({ at: Date.now(), status: answer.status, retryAfter: answer.headers['retry-after'], code });
        if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50)); // a refusal is quick: do not spin
      } catch (error) {
        answers.push({
          at: Date.now(),
          status: 'error',
          code: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const loops = Array.from({ length: shoppers }, loop);
  return {
    answers,
    async until(what, check, timeoutMs = 30_000) {
      const start = Date.now();
      while (!check(answers)) {
        if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
    async counts(shopUrl = url) {
      const counts: CartCount[] = [];
      for (const { shopper, acknowledged, unsettledKey } of sessions) {
        const unsettled = unsettledKey ? 1 : 0;
        if (!shopper.cookie) {
          counts.push({ acknowledged, unsettled, found: undefined });
          continue;
        }
        const cart = await http(`${shopUrl}/cart.js`, { headers: { cookie: shopper.cookie } });
        if (cart.status !== 200) throw new Error(`GET /cart.js answered ${cart.status}: ${cart.body.slice(0, 200)}`);
        counts.push({ acknowledged, unsettled, found: cart.json().item_count as number });
      }
      return counts;
    },
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Acknowledged adds missing from their carts (lost); adds found that were never acknowledged (a 503 or a cut answer
 * that was applied); and, of those, more than the shopper's one unsettled add at the end could explain (applied twice).
 */
export function tally(counts: CartCount[]): {
  acknowledged: number;
  lost: number;
  unacknowledgedApplied: number;
  appliedTwice: number;
} {
  let acknowledged = 0;
  let lost = 0;
  let unacknowledgedApplied = 0;
  let appliedTwice = 0;
  for (const count of counts) {
    acknowledged += count.acknowledged;
    const found = count.found ?? 0;
    if (found < count.acknowledged) lost += count.acknowledged - found;
    else unacknowledgedApplied += found - count.acknowledged;
    appliedTwice += Math.max(0, found - count.acknowledged - count.unsettled);
  }
  return { acknowledged, lost, unacknowledgedApplied, appliedTwice };
}

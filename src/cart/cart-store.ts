/**
 * The contract every cart store keeps (SQL and Redis): a cart is the lines of one session plus a version that every
 * change bumps. Changes come as a list of commands applied all or nothing, optionally under an idempotency key that
 * the store records atomically with the change, so a retried change applies once.
 */
import { CartError } from './errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';

export interface StoredLine {
  /** The price the line was added at; also the line's key. */
  priceId: string;
  quantity: number;
  /** Unit amount the shopper last saw for this line (when added, or when a change was shown). */
  unitAmountSeen: number;
  addedAt: number;
}

export interface StoredCart {
  version: number;
  /** In the order they were added. */
  lines: StoredLine[];
}

/** A price a command may put in the cart: resolved from the catalog by the service, never sent by the client. */
export interface SellablePrice {
  priceId: string;
  unitAmount: number;
  currency: string;
}

export type CartCommand =
  /** Add `quantity` to the line of this price (created when missing). */
  | ({ kind: 'add'; quantity: number } & SellablePrice)
  /** Set the line of `priceId` to `quantity` (0 removes). A missing line is created from `sellable`, or refused. */
  | { kind: 'set'; priceId: string; quantity: number; sellable?: SellablePrice }
  /** Take up to `quantity` out of the line of `priceId` (what a paid order bought); a missing line is fine. */
  | { kind: 'remove'; priceId: string; quantity: number }
  | { kind: 'clear' };

/** How long a store remembers an idempotency key after its first use. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/** A key a client sent with a change, scoped to the session, and a hash of the request it came with. */
export interface IdempotencyKey {
  key: string;
  /** The same key with another fingerprint is refused (idempotency_key_reused), never applied. */
  fingerprint: string;
}

/** What a store remembers of a key: the request's fingerprint and the cart version its change produced. */
export interface RecordedKey {
  fingerprint: string;
  version: number;
}

export interface CartStore {
  /** Sum of quantities in the session's cart (0 for none). */
  itemCount(sessionId: string): Promise<number>;
  /** The session's cart; undefined when the session does not exist. */
  read(sessionId: string): Promise<StoredCart | undefined>;
  /**
   * Applies the commands in order, all or nothing, and returns the new version. Throws CartError when a limit or
   * the currency forbids a command, CartVersionConflict when `expectedVersion` is given and stale, CartNotFound
   * when the session does not exist (any more).
   *
   * With `idempotency`, the key is recorded in the same atomic step as the change (until `now` +
   * IDEMPOTENCY_KEY_TTL_MS). When the session already recorded the key, nothing is applied and the version the
   * first change produced is returned, before any version check or limit; with another fingerprint that is a
   * CartError `idempotency_key_reused`. Concurrent changes with one key apply once.
   */
  apply(sessionId: string, commands: readonly CartCommand[], now: number, expectedVersion?: number, idempotency?: IdempotencyKey): Promise<number>;
  /** The key as the session's cart recorded it, while both live; undefined otherwise. */
  findIdempotencyKey(sessionId: string, key: string): Promise<RecordedKey | undefined>;
  /** Deletes keys remembered past their time; returns how many (a store whose keys expire by themselves returns 0). */
  purgeExpiredKeys(now: number): Promise<number>;
  /** Records that the shopper was shown these lines' current unit amounts (a price change is announced once). */
  markPricesSeen(sessionId: string, seen: ReadonlyArray<{ priceId: string; unitAmount: number }>): Promise<void>;
}

/** What a line becomes once the commands run: how to write it. */
export interface LineChange {
  priceId: string;
  /** The line's currency (a store that keeps it with the line, as Redis does, needs it for new lines). */
  currency: string;
  quantity: number;
  /** The line existed before the commands. */
  existed: boolean;
  /** Only adds touched it: write `quantity = quantity + delta` rather than an absolute value. */
  delta: number | undefined;
  /** Set when an add touched it: the amount the shopper saw when adding. */
  unitAmountSeen: number | undefined;
}

interface PlannedLine {
  quantity: number;
  currency: string;
  existed: boolean;
  delta: number | undefined;
  unitAmountSeen: number | undefined;
}

/**
 * Runs commands against the cart's current lines (read under the store's lock) and returns the line changes to
 * write, or throws the CartError of the first command that cannot apply. Pure, so every store checks the same rules.
 */
export function planCartChanges(current: ReadonlyArray<{ priceId: string; quantity: number; currency: string }>, commands: readonly CartCommand[]): LineChange[] {
  const lines = new Map<string, PlannedLine>(
    current.map((line) => [line.priceId, { quantity: line.quantity, currency: line.currency, existed: true, delta: 0, unitAmountSeen: undefined }]),
  );
  const liveLines = () => [...lines.values()].filter((line) => line.quantity > 0);
  const checkNewLine = (sellable: SellablePrice) => {
    const other = liveLines().find((line) => line.currency !== sellable.currency);
    if (other) {
      throw new CartError(
        'currency_mismatch',
        'Different currency',
        `Your cart is in ${other.currency.toUpperCase()}; this item is priced in ${sellable.currency.toUpperCase()}. A cart holds one currency.`,
      );
    }
    if (liveLines().length >= MAX_CART_LINES) throw new CartError('cart_line_limit', 'Cart is full', `A cart can hold at most ${MAX_CART_LINES} different items.`);
  };
  const fresh = (sellable: SellablePrice): PlannedLine => {
    checkNewLine(sellable);
    const existed = lines.get(sellable.priceId)?.existed ?? false;
    // A line that existed (and was emptied by an earlier command) is written as an absolute quantity.
    const line = { quantity: 0, currency: sellable.currency, existed, delta: existed ? undefined : 0, unitAmountSeen: undefined };
    lines.set(sellable.priceId, line);
    return line;
  };

  for (const command of commands) {
    if (command.kind === 'clear') {
      for (const line of lines.values()) Object.assign(line, { quantity: 0, delta: undefined });
    } else if (command.kind === 'remove') {
      const line = lines.get(command.priceId);
      const taken = Math.min(line?.quantity ?? 0, command.quantity);
      if (!line || taken === 0) continue;
      line.quantity -= taken;
      if (line.delta !== undefined) line.delta -= taken;
    } else if (command.kind === 'add') {
      const existing = lines.get(command.priceId);
      const line = existing && existing.quantity > 0 ? existing : fresh(command);
      if (line.quantity + command.quantity > MAX_LINE_QUANTITY) {
        throw new CartError(
          'line_quantity_limit',
          'Quantity limit reached',
          `You can have at most ${MAX_LINE_QUANTITY} of one item in your cart; you already have ${line.quantity}.`,
        );
      }
      line.quantity += command.quantity;
      if (line.delta !== undefined) line.delta += command.quantity;
      line.unitAmountSeen = command.unitAmount;
    } else {
      const existing = lines.get(command.priceId);
      if (existing && existing.quantity > 0) {
        Object.assign(existing, { quantity: command.quantity, delta: undefined });
      } else if (command.quantity > 0) {
        if (!command.sellable) throw lineNotFound();
        Object.assign(fresh(command.sellable), { quantity: command.quantity, delta: undefined, unitAmountSeen: command.sellable.unitAmount });
      }
    }
  }

  const changes: LineChange[] = [];
  for (const [priceId, line] of lines) {
    const untouched = line.existed && line.delta === 0 && line.unitAmountSeen === undefined;
    if (untouched || (!line.existed && line.quantity === 0)) continue;
    changes.push({ priceId, currency: line.currency, quantity: line.quantity, existed: line.existed, delta: line.delta, unitAmountSeen: line.unitAmountSeen });
  }
  return changes;
}

/** The answer to a key the cart already recorded: its version, or the refusal of a key reused for another change. */
export function replayRecordedKey(recorded: RecordedKey, idempotency: IdempotencyKey): number {
  if (recorded.fingerprint !== idempotency.fingerprint) throw idempotencyKeyReused();
  return recorded.version;
}

export const idempotencyKeyReused = () =>
  new CartError(
    'idempotency_key_reused',
    'Already sent with other contents',
    'This change was already sent with the same key (Idempotency-Key, or the token of this form) but different contents. Nothing was changed; send a new key, or reload the page, to make another change.',
  );

export const lineNotFound = () => new CartError('line_not_found', 'Not in your cart', 'That item is not in your cart. It may have been removed in another tab.');

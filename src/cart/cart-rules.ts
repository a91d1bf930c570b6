/**
 * The cart's rules, the same for every store: what a list of commands does to a cart's lines (within the limits, in
 * one currency), and the answer to a retried idempotency key. Pure: a store reads the cart under its lock, plans
 * here, and writes the plan.
 */
import { applyDetailsChange, sameDetails, type CartDetails } from './cart-details.js';
import type { CartCommand, IdempotencyKey, RecordedKey, SellablePrice } from './cart-store.js';
import { CartError } from './errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';
import { lineId, NO_PROPERTIES, propertiesHash, type LineProperties } from './line-properties.js';

/** What a line becomes once the commands run: how to write it. */
export interface LineChange {
  lineId: string;
  priceId: string;
  propertiesHash: string;
  properties: LineProperties;
  /** The line's currency (a store that keeps it with the line, as Redis does, needs it for new lines). */
  currency: string;
  quantity: number;
  /** The line existed before the commands. */
  existed: boolean;
  /** Only adds touched it: write `quantity = quantity + delta` rather than an absolute value. */
  delta: number | undefined;
  /** Set when an add touched it: the amount the shopper saw when adding. */
  unitAmountSeen: number | undefined;
  /** A new line that took another's place (its properties were replaced): when that line was added. */
  addedAt: number | undefined;
}

/** What to write: the lines that change, and the details when they change. Nothing to write: keep the version. */
export interface CartPlan {
  lines: LineChange[];
  details: CartDetails | undefined;
}

export const isEmptyPlan = (plan: CartPlan): boolean => plan.lines.length === 0 && plan.details === undefined;

/** A line as the planner reads it from a store. */
export interface CurrentLine {
  priceId: string;
  propertiesHash: string;
  properties: LineProperties;
  quantity: number;
  currency: string;
  /** What a line keeps when its properties are replaced (stores that read them pass them). */
  unitAmountSeen?: number;
  addedAt?: number;
}

/**
 * The cart's live lines that a store did not pass as current lines (an add needs only the line it adds to): how many,
 * and their currency (a cart has one; null for none). The limits and the currency rule count them too.
 */
export interface OtherLines {
  count: number;
  currency: string | null;
}

const NO_OTHER_LINES: OtherLines = { count: 0, currency: null };

interface PlannedLine {
  priceId: string;
  propertiesHash: string;
  properties: LineProperties;
  original: number;
  quantity: number;
  currency: string;
  existed: boolean;
  delta: number | undefined;
  unitAmountSeen: number | undefined;
  /** As read from the store, for a line whose properties are replaced. */
  stored?: { unitAmountSeen: number | undefined; addedAt: number | undefined };
  addedAt?: number | undefined;
}

/**
 * Runs commands against the cart's current lines and details (read under the store's lock) and returns what to
 * write, or throws the CartError of the first command that cannot apply. Pure, so every store checks the same rules.
 * `current` may leave out lines no command names when `others` counts them (only adds: a clear or a set of another
 * line would need them).
 */
export function planCartChanges(
  current: readonly CurrentLine[],
  commands: readonly CartCommand[],
  details: CartDetails,
  others: OtherLines = NO_OTHER_LINES,
): CartPlan {
  const lines = new Map<string, PlannedLine>(
    current.map((line) => [
      lineId(line.priceId, line.propertiesHash),
      {
        priceId: line.priceId,
        propertiesHash: line.propertiesHash,
        properties: line.properties,
        quantity: line.quantity,
        currency: line.currency,
        original: line.quantity,
        existed: true,
        delta: 0,
        unitAmountSeen: undefined,
        stored: { unitAmountSeen: line.unitAmountSeen, addedAt: line.addedAt },
      },
    ]),
  );
  let newDetails = details;
  const liveLines = () => [...lines.values()].filter((line) => line.quantity > 0);
  const checkNewLine = (sellable: SellablePrice) => {
    const live = liveLines();
    const other =
      live.find((line) => line.currency !== sellable.currency)?.currency ??
      (others.count > 0 && others.currency !== sellable.currency ? others.currency : undefined);
    if (other) {
      throw new CartError('currency_mismatch', {
        cartCurrency: other.toUpperCase(),
        itemCurrency: sellable.currency.toUpperCase(),
      });
    }
    if (live.length + others.count >= MAX_CART_LINES) throw new CartError('cart_line_limit');
  };
  const checkLineQuantity = (line: PlannedLine, more: number) => {
    if (line.quantity + more > MAX_LINE_QUANTITY) {
      throw new CartError('line_quantity_limit', { quantity: line.quantity });
    }
  };
  /** Replaces a live line's properties: it moves to the new name, or joins the line already there. */
  const move = (from: PlannedLine, properties: LineProperties, quantity: number) => {
    const hash = propertiesHash(properties);
    const id = lineId(from.priceId, hash);
    const into = lines.get(id);
    Object.assign(from, { quantity: 0, delta: undefined });
    if (into && into.quantity > 0) {
      checkLineQuantity(into, quantity);
      Object.assign(into, { quantity: into.quantity + quantity, delta: undefined });
      return;
    }
    lines.set(id, {
      priceId: from.priceId,
      propertiesHash: hash,
      properties,
      original: into?.original ?? 0,
      quantity,
      currency: from.currency,
      existed: into?.existed ?? false,
      delta: undefined,
      unitAmountSeen: from.unitAmountSeen ?? from.stored?.unitAmountSeen,
      addedAt: from.addedAt ?? from.stored?.addedAt,
    });
  };
  const fresh = (sellable: SellablePrice, properties: LineProperties): PlannedLine => {
    checkNewLine(sellable);
    const hash = propertiesHash(properties);
    const id = lineId(sellable.priceId, hash);
    const before = lines.get(id);
    const existed = before?.existed ?? false;
    // A line that existed (and was emptied by an earlier command) is written as an absolute quantity.
    const line: PlannedLine = {
      priceId: sellable.priceId,
      propertiesHash: hash,
      properties,
      original: before?.original ?? 0,
      quantity: 0,
      currency: sellable.currency,
      existed,
      delta: existed ? undefined : 0,
      unitAmountSeen: undefined,
    };
    lines.set(id, line);
    return line;
  };

  for (const command of commands) {
    if (command.kind === 'clear') {
      for (const line of lines.values()) Object.assign(line, { quantity: 0, delta: undefined });
    } else if (command.kind === 'details') {
      newDetails = applyDetailsChange(newDetails, command.change);
    } else if (command.kind === 'remove') {
      const line = lines.get(command.lineId);
      const taken = Math.min(line?.quantity ?? 0, command.quantity);
      if (!line || taken === 0) continue;
      line.quantity -= taken;
      if (line.delta !== undefined) line.delta -= taken;
    } else if (command.kind === 'add') {
      const properties = command.properties ?? NO_PROPERTIES;
      const existing = lines.get(lineId(command.priceId, propertiesHash(properties)));
      const line = existing && existing.quantity > 0 ? existing : fresh(command, properties);
      checkLineQuantity(line, command.quantity);
      line.quantity += command.quantity;
      if (line.delta !== undefined) line.delta += command.quantity;
      line.unitAmountSeen = command.unitAmount;
    } else {
      const existing = lines.get(command.lineId);
      if (existing && existing.quantity > 0) {
        const moves =
          command.properties !== undefined &&
          command.quantity > 0 &&
          propertiesHash(command.properties) !== existing.propertiesHash;
        if (moves) move(existing, command.properties!, command.quantity);
        else if (existing.quantity !== command.quantity)
          Object.assign(existing, { quantity: command.quantity, delta: undefined });
      } else if (command.quantity > 0) {
        if (!command.sellable) throw lineNotFound();
        Object.assign(fresh(command.sellable, NO_PROPERTIES), {
          quantity: command.quantity,
          delta: undefined,
          unitAmountSeen: command.sellable.unitAmount,
        });
      }
    }
  }

  const changes: LineChange[] = [];
  for (const [id, line] of lines) {
    // A line that ends as it began (and whose seen amount no add touched) is not written.
    const untouched = line.existed
      ? line.quantity === line.original && line.unitAmountSeen === undefined
      : line.quantity === 0;
    if (untouched) continue;
    changes.push(toChange(id, line));
  }
  return { lines: changes, details: sameDetails(details, newDetails) ? undefined : newDetails };
}

/** What a planned line writes: its fields less what only the planning reads (`original`, `stored`). */
function toChange(lineId: string, { original: _original, stored: _stored, addedAt, ...line }: PlannedLine): LineChange {
  return { lineId, ...line, addedAt };
}

/**
 * When a change's first new line is added: `now`, or a millisecond after the cart's latest line (`latest`, null for
 * an empty cart) when that is later. Lines list by that time, so adds within one millisecond (a script adding two
 * items in a row) list in the order they came, not by price id; the next new lines of the change follow it, one
 * millisecond apart. PostgreSQL's add statements say the same in SQL (sql-cart-pg-add.ts, sql-cart-pg-add-batch.ts).
 */
export const firstNewLineAt = (now: number, latest: number | null): number =>
  latest === null ? now : Math.max(now, latest + 1);

/** The answer to a key the cart already recorded: its version, or the refusal of a key reused for another change. */
export function replayRecordedKey(recorded: RecordedKey, idempotency: IdempotencyKey): number {
  if (recorded.fingerprint !== idempotency.fingerprint) throw idempotencyKeyReused();
  return recorded.version;
}

export const idempotencyKeyReused = () => new CartError('idempotency_key_reused');

export const lineNotFound = () => new CartError('line_not_found');

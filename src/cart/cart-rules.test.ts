import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_DETAILS } from './cart-details.js';
import {
  idempotencyKeyReused,
  isEmptyPlan,
  planCartChanges,
  replayRecordedKey,
  type CurrentLine,
} from './cart-rules.js';
import type { CartCommand, SellablePrice } from './cart-store.js';
import { CartError } from './errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';
import { lineId, propertiesHash } from './line-properties.js';

const jpy = (priceId: string, unitAmount = 1000): SellablePrice => ({ priceId, unitAmount, currency: 'jpy' });
const add = (price: SellablePrice, quantity: number, properties?: Record<string, string>): CartCommand => ({
  kind: 'add',
  quantity,
  ...price,
  properties,
});
const line = (priceId: string, quantity: number, extra: Partial<CurrentLine> = {}): CurrentLine => ({
  priceId,
  propertiesHash: '',
  properties: {},
  quantity,
  currency: 'jpy',
  ...extra,
});

/** The code a plan is refused with (undefined when it plans). */
function refusal(current: readonly CurrentLine[], commands: readonly CartCommand[]): string | undefined {
  try {
    planCartChanges(current, commands, NO_DETAILS);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof CartError);
    return error.code;
  }
}

describe('planCartChanges', () => {
  it('writes an add to a new line as a delta with the amount the shopper saw', () => {
    const plan = planCartChanges([], [add(jpy('price_A', 1320), 2)], NO_DETAILS);
    assert.deepEqual(
      plan.lines.map(({ lineId: id, quantity, delta, existed, unitAmountSeen }) => ({
        id,
        quantity,
        delta,
        existed,
        unitAmountSeen,
      })),
      [{ id: 'price_A', quantity: 2, delta: 2, existed: false, unitAmountSeen: 1320 }],
    );
    assert.equal(plan.details, undefined);
  });

  it(`allows ${MAX_LINE_QUANTITY} of one item and refuses one more (line_quantity_limit)`, () => {
    assert.equal(refusal([line('price_A', MAX_LINE_QUANTITY - 1)], [add(jpy('price_A'), 1)]), undefined);
    assert.equal(refusal([line('price_A', MAX_LINE_QUANTITY)], [add(jpy('price_A'), 1)]), 'line_quantity_limit');
    assert.equal(refusal([], [add(jpy('price_A'), MAX_LINE_QUANTITY), add(jpy('price_A'), 1)]), 'line_quantity_limit');
  });

  it(`holds ${MAX_CART_LINES} lines and refuses another (cart_line_limit), but not more of a line it has`, () => {
    const full = Array.from({ length: MAX_CART_LINES }, (_, index) => line(`price_${index}`, 1));
    assert.equal(refusal(full, [add(jpy('price_new'), 1)]), 'cart_line_limit');
    assert.equal(refusal(full, [add(jpy('price_0'), 1)]), undefined);
    // A line emptied first makes room in the same change.
    assert.equal(refusal(full, [{ kind: 'set', lineId: 'price_0', quantity: 0 }, add(jpy('price_new'), 1)]), undefined);
  });

  it('keeps a cart in one currency (currency_mismatch), and a cleared cart takes any', () => {
    const usd: SellablePrice = { priceId: 'price_usd', unitAmount: 500, currency: 'usd' };
    assert.equal(refusal([line('price_A', 1)], [add(usd, 1)]), 'currency_mismatch');
    assert.equal(refusal([line('price_A', 1)], [{ kind: 'clear' }, add(usd, 1)]), undefined);
  });

  it('refuses setting a line the cart does not have unless the command says what it sells (line_not_found)', () => {
    assert.equal(refusal([], [{ kind: 'set', lineId: 'price_A', quantity: 1 }]), 'line_not_found');
    const plan = planCartChanges(
      [],
      [{ kind: 'set', lineId: 'price_A', quantity: 3, sellable: jpy('price_A', 900) }],
      NO_DETAILS,
    );
    assert.deepEqual(
      plan.lines.map((change) => [change.lineId, change.quantity, change.delta, change.unitAmountSeen]),
      [['price_A', 3, undefined, 900]],
    );
    // Setting a missing line to 0 is nothing to do.
    assert.ok(isEmptyPlan(planCartChanges([], [{ kind: 'set', lineId: 'price_A', quantity: 0 }], NO_DETAILS)));
  });

  it('writes nothing for a change that changes nothing, and only the lines a change touches', () => {
    const current = [line('price_A', 2), line('price_B', 1)];
    assert.ok(isEmptyPlan(planCartChanges(current, [{ kind: 'set', lineId: 'price_A', quantity: 2 }], NO_DETAILS)));
    const plan = planCartChanges(current, [{ kind: 'set', lineId: 'price_B', quantity: 5 }], NO_DETAILS);
    assert.deepEqual(
      plan.lines.map((change) => [change.lineId, change.quantity, change.delta]),
      [['price_B', 5, undefined]],
    );
  });

  it('removes at most what a line holds, and a missing line is fine', () => {
    const plan = planCartChanges(
      [line('price_A', 2)],
      [
        { kind: 'remove', lineId: 'price_A', quantity: 5 },
        { kind: 'remove', lineId: 'price_gone', quantity: 1 },
      ],
      NO_DETAILS,
    );
    assert.deepEqual(
      plan.lines.map((change) => [change.lineId, change.quantity]),
      [['price_A', 0]],
    );
  });

  it('moves a line whose properties are replaced, keeping its seen amount and place, or joins the line already there', () => {
    const engraved = { Engraving: 'Aki' };
    const to = lineId('price_A', propertiesHash(engraved));
    const moved = planCartChanges(
      [line('price_A', 2, { unitAmountSeen: 800, addedAt: 5 })],
      [{ kind: 'set', lineId: 'price_A', quantity: 3, properties: engraved }],
      NO_DETAILS,
    );
    assert.deepEqual(
      moved.lines.map((change) => [change.lineId, change.quantity, change.unitAmountSeen, change.addedAt]),
      [
        ['price_A', 0, undefined, undefined],
        [to, 3, 800, 5],
      ],
    );

    const current = [
      line('price_A', 2),
      line('price_A', 98, { propertiesHash: propertiesHash(engraved), properties: engraved }),
    ];
    assert.equal(
      refusal(current, [{ kind: 'set', lineId: 'price_A', quantity: 2, properties: engraved }]),
      'line_quantity_limit',
    );
    const joined = planCartChanges(
      current,
      [{ kind: 'set', lineId: 'price_A', quantity: 1, properties: engraved }],
      NO_DETAILS,
    );
    assert.deepEqual(
      joined.lines.map((change) => [change.lineId, change.quantity]),
      [
        ['price_A', 0],
        [to, 99],
      ],
    );
  });

  it('clears the lines and keeps the details; a details change is planned only when it changes them', () => {
    const cleared = planCartChanges([line('price_A', 2)], [{ kind: 'clear' }], { note: 'gift', attributes: {} });
    assert.deepEqual(
      cleared.lines.map((change) => [change.lineId, change.quantity]),
      [['price_A', 0]],
    );
    assert.equal(cleared.details, undefined);
    assert.deepEqual(planCartChanges([], [{ kind: 'details', change: { note: 'gift' } }], NO_DETAILS).details, {
      note: 'gift',
      attributes: {},
    });
    assert.ok(
      isEmptyPlan(
        planCartChanges([], [{ kind: 'details', change: { note: 'gift' } }], { note: 'gift', attributes: {} }),
      ),
    );
  });
});

describe('replayRecordedKey', () => {
  it('answers the version a key produced, and refuses the key with another request (idempotency_key_reused)', () => {
    assert.equal(replayRecordedKey({ fingerprint: 'f1', version: 4 }, { key: 'k', fingerprint: 'f1' }), 4);
    assert.throws(
      () => replayRecordedKey({ fingerprint: 'f1', version: 4 }, { key: 'k', fingerprint: 'f2' }),
      (error) => error instanceof CartError && error.code === idempotencyKeyReused().code,
    );
  });
});

describe('planning an add with the other lines counted, not passed (what the SQL store reads for an add)', () => {
  const refusedWith = (
    current: readonly CurrentLine[],
    command: CartCommand,
    others: { count: number; currency: string | null },
  ) => {
    try {
      planCartChanges(current, [command], NO_DETAILS, others);
      return undefined;
    } catch (error) {
      assert.ok(error instanceof CartError);
      return error.code;
    }
  };

  it('refuses a new line past the line limit, counting the others', () => {
    assert.equal(
      refusedWith([], add(jpy('price_new'), 1), { count: MAX_CART_LINES, currency: 'jpy' }),
      'cart_line_limit',
    );
    assert.equal(refusedWith([], add(jpy('price_new'), 1), { count: MAX_CART_LINES - 1, currency: 'jpy' }), undefined);
  });

  it('adds to a line it was passed even when the others fill the cart', () => {
    const plan = planCartChanges([line('price_a', 2)], [add(jpy('price_a'), 1)], NO_DETAILS, {
      count: MAX_CART_LINES - 1,
      currency: 'jpy',
    });
    assert.deepEqual(
      plan.lines.map(({ priceId, quantity, delta, existed }) => ({ priceId, quantity, delta, existed })),
      [{ priceId: 'price_a', quantity: 3, delta: 1, existed: true }],
    );
  });

  it('refuses a new line in another currency than the others’', () => {
    const usd: SellablePrice = { priceId: 'price_usd', unitAmount: 500, currency: 'usd' };
    assert.equal(refusedWith([], add(usd, 1), { count: 1, currency: 'jpy' }), 'currency_mismatch');
    assert.equal(refusedWith([], add(usd, 1), { count: 0, currency: null }), undefined);
  });
});

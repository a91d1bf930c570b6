/**
 * The store contract for cart commands, on the SQL stores (SQLite, PostgreSQL) and the Redis store: line order,
 * merging, every command, the limits, and all-or-nothing lists. The rest of the contract: test/store-contract.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CartCommand } from '../src/cart/cart-store.js';
import type { CartErrorCode } from '../src/cart/errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../src/cart/limits.js';
import {
  add,
  BULK,
  cartError,
  CLEAR,
  contents,
  CUP,
  HOUR,
  remove,
  set,
  SMALL,
  TEA,
  USD,
  useContractStores,
} from './support/store-contract.js';
import { storeTargets } from './support/stores.js';

for (const target of storeTargets()) {
  describe(`cart store contract, commands and limits, on ${target.name}`, { skip: target.skip }, () => {
    const { stores, now, newSession, readCart, cartOf } = useContractStores(target);

    describe('cart commands', () => {
      it('add creates lines in the order they were added; new lines of one request in command order', async () => {
        const id = await newSession();
        const time = now();
        assert.equal(await stores.carts.apply(id, [add(TEA, 2), add(CUP)], time), 1);
        assert.equal(await stores.carts.apply(id, [add(SMALL, 4)], time + 10), 2);
        assert.deepEqual(await cartOf(id), {
          version: 2,
          lines: [
            { priceId: 'price_tea', quantity: 2, unitAmountSeen: 1200, addedAt: time },
            { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000, addedAt: time + 1 },
            { priceId: 'price_cup_small', quantity: 4, unitAmountSeen: 1800, addedAt: time + 10 },
          ],
        });
        // Command order, not price id order, even within one millisecond.
        const other = await newSession();
        await stores.carts.apply(other, [add(TEA), add(SMALL), add(CUP)], time);
        assert.deepEqual(
          (await cartOf(other)).lines.map((line) => line.priceId),
          ['price_tea', 'price_cup_small', 'price_cup'],
        );
      });

      it('adds on a clock that does not move list in the order they came; a line whose quantity changes keeps its place', async () => {
        // A script adding items in a row can send several adds within one millisecond: each new line comes a
        // millisecond after the cart's latest, not at the same time (where the price id would decide the order).
        const id = await newSession();
        const time = now();
        const [first, second, third] = BULK;
        await stores.carts.apply(id, [add(TEA)], time);
        await stores.carts.apply(id, [add(CUP)], time);
        // Several items in one request (/cart/add.js with items[]), after the lines already there.
        await stores.carts.apply(id, [add(SMALL), add(first!)], time);
        await stores.carts.apply(id, [add(TEA, 2)], time);
        await stores.carts.apply(id, [set('price_cup', 4)], time);
        // An update that adds a line (update.js of an item not in the cart).
        await stores.carts.apply(id, [set(second!.priceId, 2, second)], time);
        const lines = async () => (await cartOf(id)).lines.map((line) => [line.priceId, line.quantity, line.addedAt]);
        assert.deepEqual(await lines(), [
          ['price_tea', 3, time],
          ['price_cup', 4, time + 1],
          ['price_cup_small', 1, time + 2],
          [first!.priceId, 1, time + 3],
          [second!.priceId, 2, time + 4],
        ]);
        // A clock past the latest line: the clock's time.
        await stores.carts.apply(id, [add(third!)], time + 60_000);
        assert.deepEqual((await lines()).at(-1), [third!.priceId, 1, time + 60_000]);
      });

      it('add merges into the line of the same price: quantity adds up, place kept, seen amount updated', async () => {
        const id = await newSession();
        const time = now();
        await stores.carts.apply(id, [add(TEA), add(CUP)], time);
        await stores.carts.apply(id, [add({ ...TEA, unitAmount: 1300 }, 2), add(TEA, 3)], time + 50);
        assert.deepEqual((await cartOf(id)).lines, [
          { priceId: 'price_tea', quantity: 6, unitAmountSeen: 1200, addedAt: time },
          { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000, addedAt: time + 1 },
        ]);
        await stores.carts.apply(id, [add({ ...TEA, unitAmount: 1300 })], time + 60);
        assert.deepEqual((await cartOf(id)).lines[0], {
          priceId: 'price_tea',
          quantity: 7,
          unitAmountSeen: 1300,
          addedAt: time,
        });
      });

      it('set changes a line, 0 removes it; a missing line is created from sellable, or refused without it', async () => {
        const id = await newSession();
        const time = now();
        await stores.carts.apply(id, [add(TEA, 2), add(CUP)], time);
        await stores.carts.apply(id, [set('price_tea', 5), set('price_cup', 0)], time + 10);
        assert.deepEqual((await cartOf(id)).lines, [
          { priceId: 'price_tea', quantity: 5, unitAmountSeen: 1200, addedAt: time },
        ]);
        await assert.rejects(stores.carts.apply(id, [set('price_cup', 1)], time + 20), cartError('line_not_found'));
        await stores.carts.apply(id, [set('price_cup', 0)], time + 20);
        await stores.carts.apply(id, [set('price_cup_small', 3, SMALL)], time + 30);
        assert.deepEqual((await cartOf(id)).lines, [
          { priceId: 'price_tea', quantity: 5, unitAmountSeen: 1200, addedAt: time },
          { priceId: 'price_cup_small', quantity: 3, unitAmountSeen: 1800, addedAt: time + 30 },
        ]);
        assert.equal((await cartOf(id)).version, 3, 'the refused set and the set of a line not there changed nothing');
      });

      it('remove takes up to the quantity out of a line; a missing line is fine', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5), add(CUP, 3)], now());
        await stores.carts.apply(
          id,
          [remove('price_tea', 2), remove('price_cup', 10), remove('price_cup_small', 1)],
          now(),
        );
        assert.deepEqual(contents((await cartOf(id)).lines), [
          { priceId: 'price_tea', quantity: 3, unitAmountSeen: 1200 },
        ]);
        assert.equal((await cartOf(id)).version, 2);
      });

      it('clear empties the cart; a later add starts it again', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5), add(CUP, 3)], now());
        assert.equal(await stores.carts.apply(id, [CLEAR], now()), 2);
        assert.deepEqual(await readCart(id), { version: 2, lines: [] });
        assert.equal(await stores.carts.itemCount(id), 0);
        await stores.carts.apply(id, [add(USD)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [
          { priceId: 'price_usd', quantity: 1, unitAmountSeen: 2990 },
        ]);
      });

      it('clear then add in one list: a new currency is allowed', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5)], now());
        await stores.carts.apply(id, [CLEAR, add(USD, 2)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [
          { priceId: 'price_usd', quantity: 2, unitAmountSeen: 2990 },
        ]);
      });

      it('a change after markPricesSeen keeps the seen amount unless it is an add', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 2), add(CUP)], now());
        await stores.carts.markPricesSeen(id, [{ lineId: 'price_tea', unitAmount: 1000 }]);
        await stores.carts.apply(id, [set('price_tea', 4), remove('price_cup', 0)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [
          { priceId: 'price_tea', quantity: 4, unitAmountSeen: 1000 },
          { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000 },
        ]);
      });
    });

    describe('limits and all-or-nothing', () => {
      it(`at most ${MAX_LINE_QUANTITY} of one line`, async () => {
        const id = await newSession();
        await assert.rejects(
          stores.carts.apply(id, [add(TEA, MAX_LINE_QUANTITY + 1)], now()),
          cartError('line_quantity_limit'),
        );
        await stores.carts.apply(id, [add(TEA, MAX_LINE_QUANTITY)], now());
        const full = await cartOf(id);
        await assert.rejects(stores.carts.apply(id, [add(TEA)], now()), cartError('line_quantity_limit'));
        assert.deepEqual(await cartOf(id), full);
        await stores.carts.apply(id, [remove('price_tea', 1), add(TEA)], now());
        assert.equal(await stores.carts.itemCount(id), MAX_LINE_QUANTITY);
      });

      it(`at most ${MAX_CART_LINES} lines; replacing a line in one list is fine`, async () => {
        const id = await newSession();
        // New lines of one request take consecutive milliseconds: later requests come well after them.
        const time = now();
        await stores.carts.apply(
          id,
          BULK.slice(0, MAX_CART_LINES).map((price) => add(price)),
          time,
        );
        const full = await cartOf(id);
        assert.equal(full.lines.length, MAX_CART_LINES);
        assert.deepEqual(
          full.lines.map((line) => line.priceId),
          BULK.slice(0, MAX_CART_LINES).map((price) => price.priceId),
        );
        await assert.rejects(stores.carts.apply(id, [add(BULK[MAX_CART_LINES]!)], now()), cartError('cart_line_limit'));
        await assert.rejects(
          stores.carts.apply(id, [set(BULK[MAX_CART_LINES]!.priceId, 1, BULK[MAX_CART_LINES])], now()),
          cartError('cart_line_limit'),
        );
        assert.deepEqual(await cartOf(id), full);
        await stores.carts.apply(id, [add(BULK[0]!, 2)], time + 1000);
        await stores.carts.apply(id, [set(BULK[1]!.priceId, 0), add(BULK[MAX_CART_LINES]!)], time + 1000);
        const after = await cartOf(id);
        assert.equal(after.lines.length, MAX_CART_LINES);
        assert.equal(after.lines.at(-1)!.priceId, BULK[MAX_CART_LINES]!.priceId);
        assert.equal(after.lines[0]!.quantity, 3);
      });

      it('one currency per cart', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA)], now());
        await assert.rejects(stores.carts.apply(id, [add(USD)], now()), cartError('currency_mismatch'));
        await assert.rejects(stores.carts.apply(id, [set('price_usd', 1, USD)], now()), cartError('currency_mismatch'));
        const other = await newSession();
        await assert.rejects(stores.carts.apply(other, [add(USD), add(TEA)], now()), cartError('currency_mismatch'));
        assert.deepEqual(await readCart(other), { version: 0, lines: [] });
      });

      it('a list with a refused command changes nothing, version included', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5), add(CUP, 2)], now());
        const before = await cartOf(id);
        const refused: Array<[CartCommand[], CartErrorCode]> = [
          [[add(SMALL), add(CUP), add(USD)], 'currency_mismatch'],
          [[set('price_tea', 50), add(TEA, 50)], 'line_quantity_limit'],
          [[CLEAR, add(SMALL), set('price_cup', 1)], 'line_not_found'],
          [[remove('price_tea', 5), set('price_usd', 2)], 'line_not_found'],
        ];
        for (const [commands, code] of refused) {
          await assert.rejects(stores.carts.apply(id, commands, now()), cartError(code));
          assert.deepEqual(await cartOf(id), before, code);
        }
        assert.equal(await stores.carts.itemCount(id), 7);
      });
    });
  });
}

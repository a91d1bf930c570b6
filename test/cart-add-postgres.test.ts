/**
 * PostgreSQL: an add to an existing cart is one statement with no explicit transaction (src/cart/sql-cart-pg-add.ts):
 * the cart's rules are checked in it, and a refusal it decides leaves the cart as it was; a change of the same cart
 * that holds the cart's lock while the add waits makes the add write nothing on its old read and run again, and both
 * count. Every statement sent to the server is counted (pg's Client.query) to see the round trips.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CartStore } from '../src/cart/cart-store.js';
import { CartError, CartNotFound, CartVersionConflict, type CartErrorCode } from '../src/cart/errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../src/cart/limits.js';
import { lockWaited, restoreStatements, sentStatements } from './support/pg-statements.js';
import { add, BULK, CUP, HOUR, TEA, USD } from './support/store-contract.js';
import { plainCart, storeTargets, useStores } from './support/stores.js';

/** The add's statements (their first CTE: alone, or grouped with other adds); a test's own are not counted. */
const ADD = /^with "(target|input)"/;

// The SQL store targets' database: the cart catalog, with 101 prices of one product for the line limits.
const database = storeTargets().find((target) => target.name === 'postgres')!;

describe('adds to an existing cart on PostgreSQL', { skip: database.skip }, () => {
  const pg = useStores(database, restoreStatements);
  const now = () => Date.now();
  const newSession = async () => (await pg.sessions.create(now(), HOUR)).id;
  const cartOf = async (id: string) => plainCart(await pg.carts.read(id));
  const adds = <T>(run: () => Promise<T>, hold?: (text: string) => Promise<unknown> | undefined) =>
    sentStatements(run, { only: ADD, ...(hold && { before: hold }) });

  it('is one statement, with no BEGIN or COMMIT: a new line, then more of it', async () => {
    const id = await newSession();
    const first = await sentStatements(() => pg.carts.apply(id, [add(TEA)], now()));
    assert.equal(first.result, 1);
    assert.equal(first.texts.length, 1, first.texts.join('\n'));
    const second = await sentStatements(() => pg.carts.applyToLiveSession!(id, [add(TEA, 2)], now()));
    assert.equal(second.result?.version, 2);
    assert.equal(second.texts.length, 1, second.texts.join('\n'));
    assert.ok(ADD.test(first.texts[0]!) && ADD.test(second.texts[0]!));
    const cart = await pg.carts.read(id);
    assert.equal(cart?.version, 2);
    assert.deepEqual(
      cart?.lines.map((line) => [line.priceId, line.quantity, line.unitAmountSeen]),
      [['price_tea', 3, 1200]],
    );
  });

  it('another change holding the cart while the add waits: nothing is written on the old read, the add runs again', async () => {
    const id = await newSession();
    const askedAt = now();
    let added: Promise<number> | undefined;
    // The other change takes the locking transaction (it has a key); its COMMIT waits until this add is queued
    // behind its lock, having read the cart before it.
    const { result, texts } = await adds(
      async () => {
        const other = await pg.carts.apply(id, [add(CUP, 5)], askedAt, undefined, { key: 'k', fingerprint: 'f' });
        return [other, await added!];
      },
      (text) => {
        if (added || !/^commit/i.test(text)) return undefined;
        added = pg.carts.apply(id, [add(TEA)], askedAt + 1);
        return lockWaited(pg.db);
      },
    );
    assert.deepEqual(result, [1, 2], 'the other change went first; this add, run again, is the second');
    assert.equal(texts.length, 2, 'the add ran twice');
    assert.deepEqual(
      (await pg.carts.read(id))?.lines.map((line) => [line.priceId, line.quantity]),
      [
        ['price_cup', 5],
        ['price_tea', 1],
      ],
    );
  });

  describe('refusals the statement decides: one statement, the refusal and its words, nothing changed', () => {
    /** Runs the refused add once and checks all that; `words`: the refusal's title and description. */
    async function refused(
      id: string,
      command: Parameters<CartStore['apply']>[1][number],
      code: CartErrorCode,
      words: [string, RegExp],
    ) {
      const before = await cartOf(id);
      const { result, texts } = await adds(() =>
        pg.carts.apply(id, [command], now()).then(
          () => assert.fail('the add was written'),
          (error: unknown) => error,
        ),
      );
      assert.ok(result instanceof CartError, String(result));
      assert.deepEqual([result.code, result.message], [code, words[0]]);
      assert.match(result.description, words[1]);
      assert.equal(texts.length, 1, 'one statement, not run again');
      assert.deepEqual(await cartOf(id), before, 'nothing changed, the version included');
    }

    it(`more of a line past ${MAX_LINE_QUANTITY}: line_quantity_limit`, async () => {
      const id = await newSession();
      await pg.carts.apply(id, [add(TEA, 98)], now());
      await refused(id, add(TEA, 2), 'line_quantity_limit', [
        'Quantity limit reached',
        /^You can have at most 99 of one item in your cart; you already have 98\.$/,
      ]);
      assert.equal(await pg.carts.apply(id, [add(TEA)], now()), 2, 'up to 99 is fine');
    });

    it(`a new line past ${MAX_CART_LINES}: cart_line_limit`, async () => {
      const id = await newSession();
      await pg.carts.apply(
        id,
        BULK.slice(0, MAX_CART_LINES).map((price) => add(price)),
        now(),
      );
      await refused(id, add(BULK[MAX_CART_LINES]!), 'cart_line_limit', [
        'Cart is full',
        /^A cart can hold at most 100 different items\.$/,
      ]);
      assert.equal(await pg.carts.apply(id, [add(BULK[0]!)], now()), 2, 'more of a line of a full cart is fine');
    });

    it('a line in another currency: currency_mismatch', async () => {
      const id = await newSession();
      await pg.carts.apply(id, [add(TEA)], now());
      await refused(id, add(USD), 'currency_mismatch', [
        'Different currency',
        /^Your cart is in JPY; this item is priced in USD\. A cart holds one currency\.$/,
      ]);
    });

    it('a version other than the one expected: CartVersionConflict at the current version', async () => {
      const id = await newSession();
      await pg.carts.apply(id, [add(TEA)], now());
      const before = await cartOf(id);
      const { result, texts } = await adds(() =>
        pg.carts.apply(id, [add(TEA)], now(), 0).catch((error: unknown) => error),
      );
      assert.ok(result instanceof CartVersionConflict && result.currentVersion === 1, String(result));
      assert.equal(texts.length, 1);
      assert.deepEqual(await cartOf(id), before);
    });

    it('a session that ended: CartNotFound, and no live session to applyToLiveSession', async () => {
      const id = await newSession();
      await pg.carts.apply(id, [add(TEA)], now());
      const ended = (await pg.sessions.create(now() - 2 * HOUR, HOUR)).id;
      await assert.rejects(pg.carts.apply(ended, [add(TEA)], now()), CartNotFound);
      assert.equal(await pg.carts.applyToLiveSession!(ended, [add(TEA)], now()), undefined);
      assert.equal(await pg.carts.read(ended), undefined);
    });
  });
});

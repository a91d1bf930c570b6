/**
 * PostgreSQL: an add to an existing cart is a read and a conditional write, with no explicit transaction
 * (src/cart/sql-cart-pg-add.ts); a change of the same cart landing between the two makes the add read again, and
 * both count. Every statement sent to the server is counted (pg's Client.query) to see the round trips.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { add, CUP, TEA, useContractStores } from './support/store-contract.js';
import { restoreStatements, sentStatements } from './support/pg-statements.js';
import { storeTargets } from './support/stores.js';

/** Every statement sent while `run` runs; `before(text)` may hold one back until what it returns settles. */
const sent = <T>(run: () => Promise<T>, before?: (text: string) => Promise<void> | undefined) =>
  sentStatements(run, before ? { before } : {});

const target = storeTargets().find((store) => store.name === 'postgres')!;

describe('adds to an existing cart on PostgreSQL', { skip: target.skip }, () => {
  after(restoreStatements);
  const { stores, now, newSession, cartOf } = useContractStores(target);

  it('take two statements, a read and a write, with no BEGIN or COMMIT: a new line, then more of it', async () => {
    const id = await newSession();
    const first = await sent(() => stores.carts.apply(id, [add(TEA)], now()));
    assert.equal(first.result, 1);
    assert.equal(first.texts.length, 2, first.texts.join('\n'));
    const second = await sent(() => stores.carts.apply(id, [add(TEA, 2)], now()));
    assert.equal(second.result, 2);
    assert.equal(second.texts.length, 2, second.texts.join('\n'));
    assert.ok(![...first.texts, ...second.texts].some((text) => /^(begin|commit)/i.test(text)));
    const cart = await cartOf(id);
    assert.equal(cart.version, 2);
    assert.deepEqual(
      cart.lines.map((line) => [line.priceId, line.quantity]),
      [['price_tea', 3]],
    );
  });

  it('a change of the cart between the read and the write: nothing is written on the old read, the add reads again', async () => {
    const id = await newSession();
    let other: Promise<number> | undefined;
    // The other add is asked for a millisecond later, whatever the clock says: both could read the same millisecond
    // from it, and lines added at the same time are ordered by price id (cup before tea).
    const askedAt = now();
    const { result, texts } = await sent(
      () => stores.carts.apply(id, [add(TEA)], askedAt),
      // The add's first write waits for another add of the same cart, made after the first read.
      (text) => {
        if (other || !/^with "bumped"/.test(text)) return undefined;
        other = stores.carts.apply(id, [add(CUP, 5)], askedAt + 1);
        return other.then(() => undefined);
      },
    );
    assert.equal(await other, 1, 'the other add went first');
    assert.equal(result, 2, 'this add, read again, is the second change');
    // Its read, its held write (0 rows), its second read and write; the other add's read and write.
    assert.equal(texts.length, 6, texts.join('\n'));
    const cart = await cartOf(id);
    assert.equal(cart.version, 2);
    assert.deepEqual(
      cart.lines.map((line) => [line.priceId, line.quantity]),
      [
        ['price_tea', 1],
        ['price_cup', 5],
      ],
      'in the order they were asked for (the time each was asked at)',
    );
  });
});

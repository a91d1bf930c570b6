/**
 * PostgreSQL: adds of different shoppers that arrive together share one statement (src/cart/sql-cart-pg-add-batch.ts).
 * Each add in a group answers for itself: refused adds get their own refusal with its words and change nothing, the
 * others are written; a group whose statement fails as a whole runs each add alone. Adds started in one tick all
 * queue before any answer comes back from the server, so how they group does not depend on timing: the first two go
 * at once (two groups in flight), the rest wait for them and go together.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CartCommand, CatalogCheck } from '../src/cart/cart-store.js';
import { CartError, CartNotFound, CartVersionConflict, CatalogMoved } from '../src/cart/errors.js';
import { newSessionId } from '../src/session/session-store.js';
import { restoreStatements, sentStatements } from './support/pg-statements.js';
import { add, CUP, HOUR, TEA, USD } from './support/store-contract.js';
import { plainCart, storeTargets, useStores } from './support/stores.js';

/** The adds' statements: alone (`with "target"`, `with "session"` for a new visitor) or grouped (`with "input"`). */
const ADD = /^with "(target|input|session)"/;
const GROUP = /^with "input"/;

// The SQL store targets' database: the cart catalog, with 101 prices of one product for the line limits.
const database = storeTargets().find((target) => target.name === 'postgres')!;

describe('adds of different shoppers on PostgreSQL share a statement', { skip: database.skip }, () => {
  const pg = useStores(database, restoreStatements);
  const now = () => Date.now();
  const newSession = async () => (await pg.sessions.create(now(), HOUR)).id;
  const cartOf = async (id: string) => plainCart(await pg.carts.read(id));
  /** Starts every add in one tick; each settles to its version or its error. */
  const together = (adds: (() => Promise<unknown>)[]) =>
    sentStatements(() => Promise.all(adds.map((run) => run().catch((error: unknown) => error))), { only: ADD });
  const addTo = (id: string, command: CartCommand, expected?: number) => () =>
    pg.carts.apply(id, [command], now(), expected);

  it('eight shoppers adding at once: three statements, every add written', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, newSession));
    const { result, texts } = await together(ids.map((id) => addTo(id, add(TEA, 2))));
    assert.deepEqual(result, [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal(texts.length, 3, texts.join('\n'));
    assert.ok(texts.every((text) => GROUP.test(text)));
    for (const id of ids)
      assert.deepEqual(
        (await pg.carts.read(id))?.lines.map((line) => [line.priceId, line.quantity, line.unitAmountSeen]),
        [['price_tea', 2, 1200]],
      );
  });

  it('one shopper adding twice at once: never in one group, both counted', async () => {
    const id = await newSession();
    const others = await Promise.all([newSession(), newSession()]);
    const { result } = await together([
      addTo(others[0]!, add(CUP)),
      addTo(others[1]!, add(CUP)),
      addTo(id, add(TEA)),
      addTo(id, add(TEA, 2)),
    ]);
    assert.deepEqual(result, [1, 1, 1, 2]);
    assert.deepEqual(
      (await pg.carts.read(id))?.lines.map((line) => [line.priceId, line.quantity]),
      [['price_tea', 3]],
    );
  });

  it('refusals in a group: each its own refusal and words, nothing of it changed; the others written', async () => {
    const [first, second, full, currency, conflict, moved, fine, ended] = await Promise.all(
      Array.from({ length: 8 }, newSession),
    );
    await pg.carts.apply(full!, [add(TEA, 98)], now());
    await pg.carts.apply(currency!, [add(TEA)], now());
    await pg.carts.apply(conflict!, [add(TEA)], now());
    await pg.carts.apply(moved!, [add(TEA)], now());
    await pg.db
      .updateTable('sessions')
      .set({ expires_at: now() - 1 })
      .where('id', '=', ended!)
      .execute();
    const { version } = await pg.db
      .selectFrom('catalog_state')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const refused = [full!, currency!, conflict!, moved!, ended!];
    const before = await Promise.all(refused.map(cartOf));
    const { result, texts } = await together([
      addTo(first!, add(CUP)),
      addTo(second!, add(CUP)),
      addTo(full!, add(TEA, 2)),
      addTo(currency!, add(USD)),
      addTo(conflict!, add(TEA), 0),
      () => pg.carts.apply(moved!, [add(TEA)], now(), undefined, undefined, { version: version - 1, untracked: ['x'] }),
      addTo(fine!, add(CUP, 3)),
      addTo(ended!, add(TEA)),
    ]);
    assert.equal(texts.length, 3, 'the six after the first two went in one statement');
    const [a, b, quantity, mismatch, stale, catalog, written, gone] = result;
    assert.deepEqual([a, b, written], [1, 1, 1]);
    assert.ok(quantity instanceof CartError, String(quantity));
    assert.deepEqual([quantity.code, quantity.message], ['line_quantity_limit', 'Quantity limit reached']);
    assert.match(quantity.description, /^You can have at most 99 of one item in your cart; you already have 98\.$/);
    assert.ok(mismatch instanceof CartError, String(mismatch));
    assert.deepEqual([mismatch.code, mismatch.message], ['currency_mismatch', 'Different currency']);
    assert.match(
      mismatch.description,
      /^Your cart is in JPY; this item is priced in USD\. A cart holds one currency\.$/,
    );
    assert.ok(stale instanceof CartVersionConflict && stale.currentVersion === 1, String(stale));
    assert.ok(catalog instanceof CatalogMoved, String(catalog));
    assert.ok(gone instanceof CartNotFound, String(gone));
    assert.deepEqual(await Promise.all(refused.map(cartOf)), before, 'nothing of a refused add changed');
    assert.deepEqual(
      (await pg.carts.read(fine!))?.lines.map((line) => [line.priceId, line.quantity]),
      [['price_cup', 3]],
    );
  });

  it('a group whose statement fails as a whole: each add runs alone, the good ones written', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, newSession));
    const missing = { priceId: 'price_missing', unitAmount: 100, currency: 'jpy' };
    const before = await cartOf(ids[3]!);
    const { result, texts } = await together(ids.map((id, i) => addTo(id, add(i === 3 ? missing : TEA))));
    assert.deepEqual([result[0], result[1], result[2], result[4]], [1, 1, 1, 1]);
    const error = result[3] as { code?: string };
    assert.equal(error.code, '23503', 'the line breaks its foreign key to prices, as it does alone');
    assert.equal(texts.filter((text) => GROUP.test(text)).length, 3, 'the three adds of the failed group');
    assert.equal(texts.length, 6, 'then each of them alone');
    assert.deepEqual(await cartOf(ids[3]!), before);
    const versions = await pg.db.selectFrom('sessions').select('cart_version').where('id', 'in', ids).execute();
    assert.deepEqual(
      versions.map((row) => row.cart_version).sort((x, y) => x - y),
      [0, 1, 1, 1, 1],
    );
  });

  describe('adds within one millisecond: a new line comes after the cart’s latest, not at the same time', () => {
    const ALONE = /^with "target"/;
    const linesOf = async (id: string) => (await pg.carts.read(id))?.lines.map((line) => [line.priceId, line.addedAt]);
    /** Sessions with a tea line added at `time`. */
    const withTea = async (count: number, time: number) => {
      const ids = await Promise.all(Array.from({ length: count }, newSession));
      for (const id of ids) await pg.carts.apply(id, [add(TEA)], time);
      return ids;
    };

    it('in a group: each cart lists its second line after its first', async () => {
      const time = now();
      const ids = await withTea(8, time);
      const { result, texts } = await together(ids.map((id) => () => pg.carts.apply(id, [add(CUP)], time)));
      assert.deepEqual(result, [2, 2, 2, 2, 2, 2, 2, 2]);
      assert.equal(texts.length, 3, 'the six after the first two went in one statement');
      assert.ok(texts.every((text) => GROUP.test(text)));
      for (const id of ids)
        assert.deepEqual(await linesOf(id), [
          ['price_tea', time],
          ['price_cup', time + 1],
        ]);
    });

    it('alone (the single statement, after its group failed as a whole): the same', async () => {
      const time = now();
      const ids = await withTea(5, time);
      const missing = { priceId: 'price_missing', unitAmount: 100, currency: 'jpy' };
      const { result, texts } = await together(
        ids.map((id, i) => () => pg.carts.apply(id, [add(i === 3 ? missing : CUP)], time)),
      );
      assert.deepEqual([result[0], result[1], result[2], result[4]], [2, 2, 2, 2]);
      assert.equal(texts.filter((text) => ALONE.test(text)).length, 3, 'the failed group’s adds, each alone');
      for (const id of [ids[2]!, ids[4]!])
        assert.deepEqual(await linesOf(id), [
          ['price_tea', time],
          ['price_cup', time + 1],
        ]);
    });
  });

  describe("new visitors' first adds", () => {
    const visitor = () => ({ id: newSessionId(), expiresAt: now() + HOUR });
    const firstAdd = (session: { id: string; expiresAt: number }, command: CartCommand, check?: CatalogCheck) => () =>
      pg.carts.applyToNewSession!(session, [command], now(), undefined, check);
    const catalogVersion = async () =>
      (await pg.db.selectFrom('catalog_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version;

    it('eight at once: three statements, every session made with its line', async () => {
      const visitors = Array.from({ length: 8 }, visitor);
      const { result, texts } = await together(visitors.map((session) => firstAdd(session, add(TEA, 2))));
      assert.deepEqual(result, [1, 1, 1, 1, 1, 1, 1, 1]);
      assert.equal(texts.length, 3, texts.join('\n'));
      assert.ok(texts.every((text) => GROUP.test(text)));
      for (const { id } of visitors)
        assert.deepEqual(
          (await pg.carts.read(id))?.lines.map((line) => [line.priceId, line.quantity]),
          [['price_tea', 2]],
        );
    });

    it('one whose catalog moved, in a group: CatalogMoved and no session; the others made', async () => {
      const visitors = Array.from({ length: 5 }, visitor);
      const version = await catalogVersion();
      const { result, texts } = await together(
        visitors.map((session, i) =>
          firstAdd(session, add(CUP), { version: i === 3 ? version - 1 : version, untracked: ['prod_cup'] }),
        ),
      );
      assert.equal(texts.length, 3);
      assert.deepEqual([result[0], result[1], result[2], result[4]], [1, 1, 1, 1]);
      assert.ok(result[3] instanceof CatalogMoved, String(result[3]));
      const made = await pg.db
        .selectFrom('sessions')
        .select('id')
        .where(
          'id',
          'in',
          visitors.map(({ id }) => id),
        )
        .execute();
      assert.deepEqual(
        made.map(({ id }) => id).sort(),
        visitors
          .filter((_, i) => i !== 3)
          .map(({ id }) => id)
          .sort(),
      );
    });

    it('a group whose statement fails: each alone, the good ones made, the bad one leaves no session', async () => {
      const visitors = Array.from({ length: 5 }, visitor);
      const missing = { priceId: 'price_missing', unitAmount: 100, currency: 'jpy' };
      const { result, texts } = await together(
        visitors.map((session, i) => firstAdd(session, add(i === 3 ? missing : TEA))),
      );
      assert.deepEqual([result[0], result[1], result[2], result[4]], [1, 1, 1, 1]);
      assert.equal((result[3] as { code?: string }).code, '23503');
      assert.equal(texts.filter((text) => GROUP.test(text)).length, 3);
      assert.equal(texts.length, 6, 'the three of the failed group, alone');
      assert.equal(await pg.carts.read(visitors[3]!.id), undefined);
    });
  });
});

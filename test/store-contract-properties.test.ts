/**
 * The store contract for line item properties and the cart's note and attributes, on SQLite, PostgreSQL and Redis:
 * lines of one price with different properties are different lines; properties come back as they were stored; the
 * details are set, merged and kept by clear and by a session's new id; replacing a line's properties moves the line
 * (or joins it to the line of those properties); a change that changes nothing keeps the
 * version (and its idempotency key records that version). (Lines Redis packed before properties existed: test/redis-stores.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CartCommand, SellablePrice } from '../src/cart/cart-store.js';
import { CartError } from '../src/cart/errors.js';
import { lineId, parseLineProperties, propertiesHash } from '../src/cart/line-properties.js';
import { storeTargets, type TestStores } from './support/stores.js';

const HOUR = 3_600_000;
const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
const ENGRAVED = parseLineProperties({ Engraving: 'Kago', _source: 'theme|app' });
const GIFT = parseLineProperties({ 'Gift message': 'おめでとう' });

const add = (quantity: number, properties = {}): CartCommand => ({ kind: 'add', quantity, ...TEA, properties });
const details = (change: { note?: string; attributes?: Record<string, string> }): CartCommand => ({
  kind: 'details',
  change,
});

for (const target of storeTargets()) {
  describe(`line properties and cart details on ${target.name}`, { skip: target.skip }, () => {
    let stores: TestStores;
    const now = () => Date.now();
    const newSession = async () => (await stores.sessions.create(now(), HOUR)).id;
    const read = async (id: string) => {
      const cart = await stores.carts.read(id);
      assert.ok(cart);
      return cart;
    };

    before(async () => {
      stores = await target.open();
    });
    after(async () => {
      await stores?.close();
    });

    it('lines of one price with different properties are different lines; the same properties merge', async () => {
      const id = await newSession();
      const time = now();
      await stores.carts.apply(
        id,
        [add(1), add(2, ENGRAVED), add(3, GIFT), add(1, { _source: 'theme|app', Engraving: 'Kago' })],
        time,
      );
      const cart = await read(id);
      assert.deepEqual(
        cart.lines.map((line) => [line.priceId, line.propertiesHash, line.properties, line.quantity]),
        [
          ['price_tea', '', {}, 1],
          ['price_tea', propertiesHash(ENGRAVED), { _source: 'theme|app', Engraving: 'Kago' }, 3],
          ['price_tea', propertiesHash(GIFT), { 'Gift message': 'おめでとう' }, 3],
        ],
      );
      assert.match(propertiesHash(ENGRAVED), /^[0-9a-f]{16}$/);
      assert.equal(await stores.carts.itemCount(id), 7);
      // Set and remove name one line of the three.
      await stores.carts.apply(
        id,
        [{ kind: 'set', lineId: lineId('price_tea', propertiesHash(ENGRAVED)), quantity: 5 }],
        now(),
      );
      await stores.carts.apply(
        id,
        [{ kind: 'remove', lineId: lineId('price_tea', propertiesHash(GIFT)), quantity: 3 }],
        now(),
      );
      assert.deepEqual(
        (await read(id)).lines.map((line) => [line.propertiesHash, line.quantity]),
        [
          ['', 1],
          [propertiesHash(ENGRAVED), 5],
        ],
      );
      await stores.carts.markPricesSeen(id, [
        { lineId: lineId('price_tea', propertiesHash(ENGRAVED)), unitAmount: 1500 },
      ]);
      assert.deepEqual(
        (await read(id)).lines.map((line) => line.unitAmountSeen),
        [1200, 1500],
        'only the named line is marked',
      );
    });

    it("replacing a line's properties moves it to their name, in its place; onto a line of those properties it joins that line", async () => {
      const id = await newSession();
      const time = now();
      await stores.carts.apply(id, [add(2), add(3, ENGRAVED)], time);
      await stores.carts.markPricesSeen(id, [{ lineId: 'price_tea', unitAmount: 1100 }]);
      const engraved = lineId('price_tea', propertiesHash(ENGRAVED));
      const gift = lineId('price_tea', propertiesHash(GIFT));
      assert.equal(
        await stores.carts.apply(id, [{ kind: 'set', lineId: 'price_tea', quantity: 4, properties: GIFT }], now()),
        2,
      );
      assert.deepEqual(
        (await read(id)).lines.map((line) => [
          line.propertiesHash,
          line.properties,
          line.quantity,
          line.unitAmountSeen,
          line.addedAt,
        ]),
        [
          [propertiesHash(GIFT), { 'Gift message': 'おめでとう' }, 4, 1100, time],
          [propertiesHash(ENGRAVED), { _source: 'theme|app', Engraving: 'Kago' }, 3, 1200, time + 1],
        ],
        'the line keeps its place and the amount its shopper saw',
      );
      assert.equal(
        await stores.carts.apply(id, [{ kind: 'set', lineId: gift, quantity: 4, properties: GIFT }], now()),
        2,
        'the same properties and quantity change nothing',
      );
      assert.equal(
        await stores.carts.apply(id, [{ kind: 'set', lineId: gift, quantity: 5, properties: ENGRAVED }], now()),
        3,
      );
      assert.deepEqual(
        (await read(id)).lines.map((line) => [line.propertiesHash, line.quantity, line.addedAt]),
        [[propertiesHash(ENGRAVED), 8, time + 1]],
        'joined the engraved line',
      );
      assert.equal(
        await stores.carts.apply(id, [{ kind: 'set', lineId: engraved, quantity: 8, properties: {} }], now()),
        4,
      );
      assert.deepEqual(
        (await read(id)).lines.map((line) => [line.priceId, line.propertiesHash, line.properties, line.quantity]),
        [['price_tea', '', {}, 8]],
        'no properties: the plain line',
      );
      assert.equal(await stores.carts.itemCount(id), 8);
    });

    it('a line whose new properties would join a line past the quantity limit is refused, and nothing changes', async () => {
      const id = await newSession();
      await stores.carts.apply(id, [add(60), add(50, ENGRAVED)], now());
      const before = await read(id);
      await assert.rejects(
        stores.carts.apply(id, [{ kind: 'set', lineId: 'price_tea', quantity: 60, properties: ENGRAVED }], now()),
        (error) => error instanceof CartError && error.code === 'line_quantity_limit',
      );
      assert.deepEqual(await read(id), before);
    });

    it('the note and attributes are set, merged (blank removes one), kept by clear, and the version counts them', async () => {
      const id = await newSession();
      assert.equal(
        await stores.carts.apply(
          id,
          [details({ note: 'Leave at the door', attributes: { gift_wrap: 'yes', floor: '3' } })],
          now(),
        ),
        1,
      );
      assert.deepEqual((await read(id)).details, {
        note: 'Leave at the door',
        attributes: { floor: '3', gift_wrap: 'yes' },
      });
      assert.equal(
        await stores.carts.apply(id, [add(1), details({ attributes: { floor: '', colour: 'red' } })], now()),
        2,
      );
      assert.deepEqual((await read(id)).details, {
        note: 'Leave at the door',
        attributes: { colour: 'red', gift_wrap: 'yes' },
      });
      assert.equal(await stores.carts.apply(id, [{ kind: 'clear' }], now()), 3);
      const cleared = await read(id);
      assert.deepEqual(cleared.lines, []);
      assert.deepEqual(
        cleared.details,
        { note: 'Leave at the door', attributes: { colour: 'red', gift_wrap: 'yes' } },
        'clear keeps them',
      );
      assert.equal(
        await stores.carts.apply(id, [details({ note: 'Leave at the door', attributes: { gift_wrap: 'yes' } })], now()),
        3,
        'the same details change nothing',
      );
      assert.equal(
        await stores.carts.apply(id, [details({ note: '', attributes: { gift_wrap: '', colour: '' } })], now()),
        4,
      );
      assert.deepEqual((await read(id)).details, { note: '', attributes: {} });
    });

    it('a refused change leaves the details as they were', async () => {
      const id = await newSession();
      await stores.carts.apply(id, [details({ note: 'before' })], now());
      const tooMany = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`a${i}`, 'x']));
      await assert.rejects(
        stores.carts.apply(id, [details({ note: 'after', attributes: tooMany })], now()),
        (error) => error instanceof CartError && error.code === 'invalid_cart_details',
      );
      assert.deepEqual(await read(id), { version: 1, lines: [], details: { note: 'before', attributes: {} } });
    });

    it('a change that changes nothing keeps the version, and its idempotency key records that version', async () => {
      const id = await newSession();
      await stores.carts.apply(id, [add(2)], now());
      const key = { key: 'noop-1', fingerprint: 'f' };
      assert.equal(
        await stores.carts.apply(id, [{ kind: 'set', lineId: 'price_tea', quantity: 2 }], now(), undefined, key),
        1,
      );
      assert.deepEqual(await stores.carts.findIdempotencyKey(id, 'noop-1'), { fingerprint: 'f', version: 1 });
      assert.equal(await stores.carts.apply(id, [], now(), 1), 1, 'If-Match of the current version');
      assert.equal((await read(id)).version, 1);
    });

    it("a session's new id keeps the properties and the details", async () => {
      const old = await newSession();
      await stores.carts.apply(old, [add(1, ENGRAVED), details({ note: 'n', attributes: { a: 'b' } })], now());
      const before = await read(old);
      const rotated = await stores.sessions.rotate(old, now());
      assert.ok(rotated);
      assert.deepEqual(await read(rotated.id), before);
    });
  });
}

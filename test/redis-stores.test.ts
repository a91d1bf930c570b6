/**
 * How the Redis stores keep a session and its cart in Redis (their internals, not the store contract every store keeps,
 * which test/store-contract*.test.ts check): key names in the session's hash tag, expiries, what a rotation moves, idempotency
 * keys as strings, lines packed before properties existed, and changes from many connections racing on one cart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_KEY_TTL_MS, type IdempotencyKey, type StoredCart } from '../src/cart/cart-store.js';
import { createRedisCartStore } from '../src/cart/redis-cart-store.js';
import { idempotencyKeyName, sessionKeys } from '../src/redis/keys.js';
import { add, CLEAR, CUP, HOUR, TEA } from './support/store-contract.js';
import { openTestRedis, plainCart, storeTargets, type TestStores } from './support/stores.js';

const target = storeTargets().find((candidate) => candidate.name === 'redis')!;
const keyed = (key: string, fingerprint = 'add tea'): IdempotencyKey => ({ key, fingerprint });

describe('Redis stores: keys, expiries and packed lines', { skip: target.skip }, () => {
  let stores: TestStores;
  // Real time: Redis expires keys by its own clock, so sessions must live in the present.
  const now = () => Date.now();
  const newSession = async (ttlMs = HOUR) => (await stores.sessions.create(now(), ttlMs)).id;
  const cartOf = async (id: string) => {
    const cart = plainCart(await stores.carts.read(id)) as StoredCart | undefined;
    assert.ok(cart, 'the cart exists');
    return cart;
  };
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

  const keysOf = (id: string) => sessionKeys(stores.redis!.prefix, id);
  const expiry = async (key: string) => {
    const client = stores.redis!.client;
    return { pttl: await client.pttl(key), at: Number(await client.call('PEXPIRETIME', key)) };
  };

  it('both keys share the session hash tag and expire at the session expiry', async () => {
    const session = await stores.sessions.create(now(), HOUR);
    const keys = keysOf(session.id);
    assert.equal(keys.session, `${stores.redis!.prefix}{${session.id}}:session`);
    assert.equal(keys.cart, `${stores.redis!.prefix}{${session.id}}:cart`);
    const client = stores.redis!.client;
    assert.deepEqual(await client.hgetall(keys.session), {
      created: String(session.expiresAt - HOUR),
      expires: String(session.expiresAt),
      version: '0',
    });
    assert.equal(await client.exists(keys.cart), 0, 'no cart key until something is added');
    await stores.carts.apply(session.id, [add(TEA)], now());
    for (const key of [keys.session, keys.cart]) {
      const { pttl, at } = await expiry(key);
      assert.equal(at, session.expiresAt, key);
      // PTTL counts from Redis's clock, which can read a little behind ours on a busy machine.
      assert.ok(pttl > HOUR - 5000 && pttl <= session.expiresAt - now() + 250, `${key}: ${pttl}`);
    }
    await stores.carts.apply(session.id, [CLEAR], now());
    assert.equal(await client.exists(keys.cart), 0, 'an empty cart is no key');
  });

  it('extend moves both expiries and does not touch the cart hash', async () => {
    const session = await stores.sessions.create(now(), HOUR);
    const keys = keysOf(session.id);
    const client = stores.redis!.client;
    await stores.carts.apply(session.id, [add(TEA, 2), add(CUP)], now());
    const cart = await client.hgetall(keys.cart);
    const version = await client.hget(keys.session, 'version');
    const later = session.expiresAt + HOUR;
    await stores.sessions.extend(session.id, later);
    assert.deepEqual(await client.hgetall(keys.cart), cart);
    assert.equal(await client.hget(keys.session, 'version'), version);
    assert.equal(await client.hget(keys.session, 'expires'), String(later));
    for (const key of [keys.session, keys.cart]) {
      const { pttl, at } = await expiry(key);
      assert.equal(at, later, key);
      assert.ok(pttl > 2 * HOUR - 5000, `${key}: ${pttl}`);
    }
  });

  it('concurrent adds from separate connections (processes) add up', async () => {
    const id = await newSession();
    const clients = await Promise.all([openTestRedis(), openTestRedis()]);
    try {
      const carts = clients.map((client) => createRedisCartStore(client, { keyPrefix: stores.redis!.prefix }));
      await Promise.all(carts.flatMap((store) => Array.from({ length: 25 }, () => store.apply(id, [add(TEA)], now()))));
    } finally {
      await Promise.all(clients.map((client) => client.quit()));
    }
    assert.deepEqual(await cartOf(id), { version: 50, lines: [(await cartOf(id)).lines[0]!] });
    assert.equal(await stores.carts.itemCount(id), 50);
  });

  it('a change that keeps losing the race gives up with a clear error and changes nothing', async () => {
    const limited = await target.open({ cart: { maxAttempts: 1 } });
    try {
      const id = (await limited.sessions.create(now(), HOUR)).id;
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => limited.carts.apply(id, [add(TEA)], now())),
      );
      const applied = results.filter((result) => result.status === 'fulfilled').length;
      const gaveUp = results.filter((result) => result.status === 'rejected');
      assert.ok(gaveUp.length > 0 && applied > 0, `${applied} applied`);
      for (const result of gaveUp) assert.match(String(result.reason), /gave up after 1 attempts/);
      assert.equal(await limited.carts.itemCount(id), applied);
      assert.equal((await limited.carts.read(id))!.version, applied);
    } finally {
      await limited.close();
    }
  });

  it('an idempotency key is a string in the session slot that expires 24 h after its change', async () => {
    const id = await newSession();
    const time = now();
    await stores.carts.apply(id, [add(TEA)], time, undefined, keyed('slot'));
    const name = idempotencyKeyName(stores.redis!.prefix, id, 'slot');
    assert.ok(name.startsWith(`${stores.redis!.prefix}{${id}}:`), name);
    const client = stores.redis!.client;
    assert.equal(await client.get(name), 'add tea|1');
    assert.equal(Number(await client.call('PEXPIRETIME', name)), time + IDEMPOTENCY_KEY_TTL_MS);
  });

  it('the cart store reads a line packed before properties existed, and changes it as the line of its price', async () => {
    const id = await newSession();
    const { client, prefix } = stores.redis!;
    const time = now();
    await stores.carts.apply(id, [add(TEA, 1)], time);
    await client.hset(sessionKeys(prefix, id).cart, 'price_tea', `2|1200|${time}|jpy`);
    assert.deepEqual((await read(id)).lines, [
      { priceId: 'price_tea', propertiesHash: '', properties: {}, quantity: 2, unitAmountSeen: 1200, addedAt: time },
    ]);
    await stores.carts.apply(id, [add(TEA, 1)], now());
    assert.deepEqual(
      (await read(id)).lines.map((line) => [line.priceId, line.quantity, line.addedAt]),
      [['price_tea', 3, time]],
    );
  });

  it('a rotation moves every key of the session, keeping its expiry; the old keys are gone', async () => {
    const { client, prefix } = stores.redis!;
    const old = await stores.sessions.create(now(), HOUR);
    await stores.carts.apply(old.id, [add(TEA)], now());
    const rotated = (await stores.sessions.rotate(old.id, now()))!;
    const [from, to] = [sessionKeys(prefix, old.id), sessionKeys(prefix, rotated.id)];
    for (const key of Object.values(from)) assert.equal(await client.exists(key), 0, key);
    for (const key of Object.values(to)) assert.equal(await client.pexpiretime(key), old.expiresAt, key);
  });
});

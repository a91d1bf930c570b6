import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, configWarnings, loadConfig } from './config.js';

const SECRET = 'a-long-random-secret-of-at-least-32-bytes!!';

describe('loadConfig', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.env, 'development');
    assert.deepEqual(config.database, { dialect: 'sqlite', file: path.resolve('var/kago.db') });
    assert.equal(config.sessionSecrets, undefined);
    assert.equal(config.demoCatalog, true);
    assert.equal(config.shopName, 'kago');
  });

  it('selects the database from DATABASE_URL', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/tmp/shop.db' }).database, { dialect: 'sqlite', file: '/tmp/shop.db' });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://kago@db:5432/kago' }).database, { dialect: 'postgres', url: 'postgres://kago@db:5432/kago' });
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/kago' }).database.dialect, 'postgres');
  });

  it('splits SESSION_SECRET for rotation', () => {
    assert.deepEqual(loadConfig({ SESSION_SECRET: 'new-secret, old-secret' }).sessionSecrets, ['new-secret', 'old-secret']);
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ PORT: '' }).port, 3000);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /^PORT: must be a whole number \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT: must be between 0 and 65535/],
    [{ PORT: '80.5' }, /^PORT: must be a whole number/],
    [{ NODE_ENV: 'prod' }, /^NODE_ENV: must be development, production or test/],
    [{ BASE_URL: 'shop.example' }, /^BASE_URL: must be an http\(s\) URL/],
    [{ BASE_URL: 'https://shop.example/store' }, /^BASE_URL: must be an origin without a path/],
    [{ DATABASE_URL: 'mysql://db/kago' }, /^DATABASE_URL: must start with sqlite: or postgres:\/\/$/],
    [{ DATABASE_URL: 'sqlite:' }, /^DATABASE_URL: sqlite: needs a file path/],
    [{ SESSION_SECRET: 'a,,b' }, /^SESSION_SECRET: has an empty secret/],
    [{ DEMO_CATALOG: 'maybe' }, /^DEMO_CATALOG: must be true or false/],
    [{ SHOP_LOCALE: 'not a locale!' }, /^SHOP_LOCALE: must be a locale/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: must be one of/],
    [{ NODE_ENV: 'production' }, /^SESSION_SECRET: must be set in production/],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'short' }, /^SESSION_SECRET: every secret must be at least 32 bytes/],
    [{ NODE_ENV: 'production', SESSION_SECRET: SECRET }, /^STRIPE_SECRET_KEY: must be set in production \(the demo payment provider takes no real payments\)$/],
    [{ NODE_ENV: 'production', SESSION_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key' }, /^STRIPE_WEBHOOK_SECRET: must be set in production/],
    [{ STRIPE_SECRET_KEY: 'pk_test_abc' }, /^STRIPE_SECRET_KEY: must be a Stripe secret key \(sk_live_\.\.\., sk_test_\.\.\. or rk_\.\.\.\)$/],
    [{ STRIPE_WEBHOOK_SECRET: 'secret' }, /^STRIPE_WEBHOOK_SECRET: must be a webhook signing secret \(whsec_\.\.\.\)$/],
    [{ STRIPE_API_URL: 'localhost:12111' }, /^STRIPE_API_URL: must be an http\(s\) URL/],
    [{ TRUST_PROXY: 'yes please' }, /^TRUST_PROXY: must be false, true, or the proxies' addresses/],
    [{ RATE_LIMIT_CART: '100' }, /^RATE_LIMIT_CART: must be <requests>\/<window> such as 120\/1m, or off/],
    [{ WORKERS: '0' }, /^WORKERS: must be a number of processes from 1 to 99, or auto/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL$/],
    [{ SHUTDOWN_TIMEOUT: 'soon' }, /^SHUTDOWN_TIMEOUT: must be a duration/],
    [{ REQUEST_TIMEOUT: 'never' }, /^REQUEST_TIMEOUT: must be a duration/],
    [{ REQUEST_TIMEOUT: '20m' }, /^REQUEST_TIMEOUT: must be from 1s to 10m/],
    [{ CHECKOUT_TTL: '10m' }, /^CHECKOUT_TTL: must be from 30m to 24h/],
    [{ CHECKOUT_TTL: '2d' }, /^CHECKOUT_TTL: must be from 30m to 24h/],
  ];
  for (const [env, message] of bad) {
    it(`stops on ${JSON.stringify(env)} with one line naming the variable`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    });
  }

  it('never echoes secret values', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'hunter2' }), (error: Error) => !error.message.includes('hunter2'));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://user:pa55word@db/kago' }), (error: Error) => !error.message.includes('pa55word'));
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_bad key!' }), (error: Error) => !error.message.includes('bad key'));
  });

  it('accepts a production config with real secrets and turns the demo catalog off', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: SECRET,
      BASE_URL: 'https://shop.example',
      STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
    });
    assert.equal(config.env, 'production');
    assert.equal(config.demoCatalog, false);
    assert.equal(config.baseUrl?.origin, 'https://shop.example');
    assert.deepEqual(config.payments, { provider: 'stripe', secretKey: 'sk_test_kago_not_a_real_key', webhookSecret: 'whsec_abc123', apiUrl: undefined });
  });

  it('uses the demo payment provider when no Stripe key is set, with checkout open for an hour', () => {
    const config = loadConfig({});
    assert.deepEqual(config.payments, { provider: 'demo' });
    assert.equal(config.checkoutTtlMs, 3_600_000);
    assert.equal(loadConfig({ CHECKOUT_TTL: '45m' }).checkoutTtlMs, 45 * 60_000);
  });

  it('warns about production without https and about many processes counting rate limits apart', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    assert.match(configWarnings(loadConfig(production)).join('\n'), /BASE_URL is not an https:\/\/ origin/);
    assert.deepEqual(configWarnings(loadConfig({ ...production, BASE_URL: 'https://shop.example' })), []);
    assert.match(configWarnings(loadConfig({ WORKERS: '4' })).join('\n'), /WORKERS=4 without REDIS_URL/);
    assert.deepEqual(configWarnings(loadConfig({ WORKERS: '4', REDIS_URL: 'redis://cache' })), []);
  });

  it('reads the settings for running past one process', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.redisUrl, defaults.workers, defaults.trustProxy, defaults.shutdownTimeoutMs], [undefined, 1, false, 10_000]);
    assert.deepEqual(defaults.rateLimits, { cart: { max: 120, windowMs: 60_000 }, checkout: { max: 10, windowMs: 60_000 } });
    const set = loadConfig({ REDIS_URL: 'redis://cache:6379/0', WORKERS: '4', TRUST_PROXY: '10.0.0.0/8, loopback', RATE_LIMIT_CART: '30/10s', RATE_LIMIT_CHECKOUT: 'off', SHUTDOWN_TIMEOUT: '30s', REQUEST_TIMEOUT: '2s' });
    assert.deepEqual(
      [set.redisUrl, set.workers, set.trustProxy, set.rateLimits, set.shutdownTimeoutMs, set.requestTimeoutMs],
      ['redis://cache:6379/0', 4, '10.0.0.0/8, loopback', { cart: { max: 30, windowMs: 10_000 }, checkout: undefined }, 30_000, 2000],
    );
    assert.ok(loadConfig({ WORKERS: 'auto' }).workers >= 1);
  });
});

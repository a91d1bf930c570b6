import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, configWarnings, loadConfig } from './config.js';
import { findExecutable, skipUnlessAvailable } from '../test/support/extras.js';

/** A fixed output of `openssl rand -base64 32`. */
const SECRET = 'mDH+sGBUds8Zix9bIIh8KmNKEVYDMOvyoXbWoyGSJrw=';
/** What production needs besides the secret. */
const PRODUCTION = {
  NODE_ENV: 'production',
  STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
  BASE_URL: 'https://shop.example',
};

/** Asserts `env` stops the start with one line matching `message` that does not contain `secret`. */
function assertRefused(env: Record<string, string>, message: RegExp, secret?: string): void {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      if (secret) assert.ok(!error.message.includes(secret), 'the secret is not printed');
      return true;
    },
  );
}

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
    assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/tmp/shop.db' }).database, {
      dialect: 'sqlite',
      file: '/tmp/shop.db',
    });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://kago@db:5432/kago' }).database, {
      dialect: 'postgres',
      url: 'postgres://kago@db:5432/kago',
    });
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db/kago' }).database.dialect, 'postgres');
  });

  it('splits SESSION_SECRET for rotation', () => {
    assert.deepEqual(loadConfig({ SESSION_SECRET: 'new-secret, old-secret' }).sessionSecrets, [
      'new-secret',
      'old-secret',
    ]);
  });

  it('speaks English in UTC unless SHOP_LANGUAGES and SHOP_TIMEZONE say otherwise', () => {
    assert.deepEqual(loadConfig({}).languages, ['en']);
    assert.equal(loadConfig({}).timeZone, 'UTC');
    assert.deepEqual(loadConfig({ SHOP_LANGUAGES: ' JA, en ' }).languages, ['ja', 'en']);
    assert.equal(loadConfig({ SHOP_TIMEZONE: 'Asia/Tokyo' }).timeZone, 'Asia/Tokyo');
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
    [{ SHOP_CURRENCY: 'yen' }, /^SHOP_CURRENCY: must be an ISO currency code such as JPY or USD, or auto/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: must be one of/],
    [
      { SHOP_LANGUAGES: 'ja,fr' },
      /^SHOP_LANGUAGES: must be languages the shop speaks \(en, ja\) separated by commas, the default first, such as ja,en: no fr/,
    ],
    [{ SHOP_LANGUAGES: 'ja,,en' }, /^SHOP_LANGUAGES: .*: an empty entry/],
    [{ SHOP_LANGUAGES: 'ja,en,JA' }, /^SHOP_LANGUAGES: names a language twice/],
    [{ SHOP_TIMEZONE: 'Tokyo' }, /^SHOP_TIMEZONE: must be an IANA time zone such as UTC, Asia\/Tokyo/],
    [{ NODE_ENV: 'production' }, /^SESSION_SECRET: must be set in production/],
    [
      { NODE_ENV: 'production', SESSION_SECRET: 'short' },
      /^SESSION_SECRET: every secret must be at least 32 bytes in production; make one with: openssl rand -base64 32$/,
    ],
    [
      { NODE_ENV: 'production', SESSION_SECRET: SECRET },
      /^STRIPE_SECRET_KEY: must be set in production \(the demo payment provider takes no real payments\)$/,
    ],
    [
      { NODE_ENV: 'production', SESSION_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_kago_not_a_real_key' },
      /^STRIPE_WEBHOOK_SECRET: must be set in production/,
    ],
    [
      { ...PRODUCTION, SESSION_SECRET: SECRET, BASE_URL: '' },
      /^BASE_URL: must be set in production to the shop's public origin/,
    ],
    [
      { ...PRODUCTION, SESSION_SECRET: SECRET, BASE_URL: 'http://shop.example' },
      /^BASE_URL: must be an https:\/\/ origin in production \(http:\/\/ only on a loopback address such as http:\/\/127\.0\.0\.1:3000\)$/,
    ],
    [
      { ...PRODUCTION, SESSION_SECRET: SECRET, BASE_URL: 'http://10.0.0.5:8080' },
      /^BASE_URL: must be an https:\/\/ origin in production/,
    ],
    [{ REDIS_ALLOW_VOLATILE: 'maybe' }, /^REDIS_ALLOW_VOLATILE: must be true or false/],
    [
      { STRIPE_SECRET_KEY: 'pk_test_abc' },
      /^STRIPE_SECRET_KEY: must be a Stripe secret key \(sk_live_\.\.\., sk_test_\.\.\. or rk_\.\.\.\)$/,
    ],
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
    [
      { SMTP_URL: 'mail.example:587' },
      /^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL such as smtp:\/\/user:password@mail\.example:587$/,
    ],
    [{ SMTP_URL: 'https://mail.example' }, /^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/],
    [
      { SMTP_URL: 'smtp://mail.example:587' },
      /^MAIL_FROM: must be set with SMTP_URL: the address order mail comes from, such as "Shop name <orders@shop\.example>"$/,
    ],
    [
      { MAIL_FROM: 'orders@shop.example, boss@shop.example' },
      /^MAIL_FROM: must be one address, such as orders@shop\.example or "Shop name <orders@shop\.example>"/,
    ],
    [{ MAIL_FROM: 'Shop' }, /^MAIL_FROM: must be one address/],
    [
      { SHOP_EMAIL: 'Owner <owner@shop.example>' },
      /^SHOP_EMAIL: must be one plain address, such as owner@shop\.example/,
    ],
    [{ LOW_STOCK: '0' }, /^LOW_STOCK: must be from 1 to 1000000/],
    [{ LOW_STOCK: 'few' }, /^LOW_STOCK: must be a whole number/],
    [{ LOW_STOCK: '2.5' }, /^LOW_STOCK: must be a whole number/],
  ];
  for (const [env, message] of bad) {
    it(`stops on ${JSON.stringify(env)} with one line naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    });
  }

  it('never echoes secret values', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'hunter2' }),
      (error: Error) => !error.message.includes('hunter2'),
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://user:pa55word@db/kago' }),
      (error: Error) => !error.message.includes('pa55word'),
    );
    assert.throws(
      () => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_bad key!' }),
      (error: Error) => !error.message.includes('bad key'),
    );
    assert.throws(
      () => loadConfig({ SMTP_URL: 'smtp//user:hunter2@mail.example' }),
      (error: Error) => error.message.startsWith('SMTP_URL:') && !error.message.includes('hunter2'),
    );
  });

  it('accepts a production config with real secrets and turns the demo catalog off', () => {
    const config = loadConfig({ ...PRODUCTION, SESSION_SECRET: SECRET, STRIPE_WEBHOOK_SECRET: 'whsec_abc123' });
    assert.equal(config.env, 'production');
    assert.equal(config.demoCatalog, false);
    assert.equal(config.baseUrl?.origin, 'https://shop.example');
    assert.deepEqual(config.payments, {
      provider: 'stripe',
      secretKey: 'sk_test_kago_not_a_real_key',
      webhookSecret: 'whsec_abc123',
      apiUrl: undefined,
      automaticTax: false,
    });
  });

  it('uses the demo payment provider when no Stripe key is set, with checkout open for an hour', () => {
    const config = loadConfig({});
    assert.deepEqual(config.payments, { provider: 'demo' });
    assert.equal(config.checkoutTtlMs, 3_600_000);
    assert.equal(loadConfig({ CHECKOUT_TTL: '45m' }).checkoutTtlMs, 45 * 60_000);
  });

  it("reads the mail settings: SMTP_URL with MAIL_FROM, the shop name as the sender's name, SHOP_EMAIL", () => {
    const defaults = loadConfig({ SHOP_NAME: 'Kago Tea' });
    assert.deepEqual(defaults.mail, {
      smtpUrl: undefined,
      from: { name: 'Kago Tea', address: 'shop@localhost' },
      shopEmail: undefined,
    });
    const set = loadConfig({
      SMTP_URL: 'smtps://u%40x:p@mail.example:465',
      MAIL_FROM: '"Kago, Tea" <orders@kago.example>',
      SHOP_EMAIL: ' owner@kago.example ',
    });
    assert.deepEqual(set.mail, {
      smtpUrl: 'smtps://u%40x:p@mail.example:465',
      from: { name: 'Kago, Tea', address: 'orders@kago.example' },
      shopEmail: 'owner@kago.example',
    });
    assert.deepEqual(loadConfig({ MAIL_FROM: 'orders@kago.example', SHOP_NAME: 'Kago' }).mail.from, {
      name: 'Kago',
      address: 'orders@kago.example',
    });
  });

  it('sells in the commonest currency unless SHOP_CURRENCY names one (any letter case)', () => {
    assert.equal(loadConfig({}).shopCurrency, undefined);
    assert.equal(loadConfig({ SHOP_CURRENCY: 'auto' }).shopCurrency, undefined);
    assert.equal(loadConfig({ SHOP_CURRENCY: ' USD ' }).shopCurrency, 'usd');
  });

  it('says "only N left" below 5 unless LOW_STOCK says otherwise', () => {
    assert.equal(loadConfig({}).lowStock, 5);
    assert.equal(loadConfig({ LOW_STOCK: '10' }).lowStock, 10);
  });

  it('warns about production without https and about many processes counting rate limits apart', () => {
    const production = {
      ...PRODUCTION,
      SESSION_SECRET: SECRET,
      SMTP_URL: 'smtp://mail.example:587',
      MAIL_FROM: 'orders@shop.example',
      SHOP_EMAIL: 'owner@shop.example',
    };
    for (const local of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:3000']) {
      assert.match(
        configWarnings(loadConfig({ ...production, BASE_URL: local })).join('\n'),
        /BASE_URL is not an https:\/\/ origin/,
        local,
      );
    }
    assert.deepEqual(configWarnings(loadConfig(production)), []);
    assert.match(
      configWarnings(loadConfig({ ...production, SMTP_URL: '', MAIL_FROM: '' })).join('\n'),
      /SMTP_URL is not set: no order mail is sent/,
    );
    assert.match(
      configWarnings(loadConfig({ ...production, SHOP_EMAIL: '' })).join('\n'),
      /SHOP_EMAIL is not set: the shop gets no mail about new orders/,
    );
    assert.match(configWarnings(loadConfig({ WORKERS: '4' })).join('\n'), /WORKERS=4 without REDIS_URL/);
    assert.deepEqual(configWarnings(loadConfig({ WORKERS: '4', REDIS_URL: 'redis://cache' })), []);
  });

  it('reads the settings for running past one process', () => {
    const defaults = loadConfig({});
    assert.deepEqual(
      [defaults.redisUrl, defaults.workers, defaults.trustProxy, defaults.shutdownTimeoutMs],
      [undefined, 1, false, 10_000],
    );
    assert.equal(defaults.redisAllowVolatile, false);
    assert.equal(loadConfig({ REDIS_ALLOW_VOLATILE: 'true' }).redisAllowVolatile, true);
    assert.deepEqual(defaults.rateLimits, {
      cart: { max: 120, windowMs: 60_000 },
      checkout: { max: 10, windowMs: 60_000 },
      checkoutSuccess: { max: 30, windowMs: 60_000 },
    });
    const set = loadConfig({
      REDIS_URL: 'redis://cache:6379/0',
      WORKERS: '4',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      RATE_LIMIT_CART: '30/10s',
      RATE_LIMIT_CHECKOUT: 'off',
      RATE_LIMIT_CHECKOUT_SUCCESS: '5/1m',
      SHUTDOWN_TIMEOUT: '30s',
      REQUEST_TIMEOUT: '2s',
    });
    assert.deepEqual(
      [set.redisUrl, set.workers, set.trustProxy, set.rateLimits, set.shutdownTimeoutMs, set.requestTimeoutMs],
      [
        'redis://cache:6379/0',
        4,
        '10.0.0.0/8, loopback',
        { cart: { max: 30, windowMs: 10_000 }, checkout: undefined, checkoutSuccess: { max: 5, windowMs: 60_000 } },
        30_000,
        2000,
      ],
    );
    assert.ok(loadConfig({ WORKERS: 'auto' }).workers >= 1);
  });
});

describe('SESSION_SECRET in production', () => {
  const guessable = [
    'a'.repeat(32),
    'abcdefghijklmnopqrstuvwxyz012345',
    'passwordpasswordpasswordpassword',
    '0123456789abcdef0123456789abcdef',
    'Summer2024!Summer2024!Summer2024!',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab',
  ];
  for (const secret of guessable) {
    it(`refuses ${JSON.stringify(secret)}: too easy to guess, says how to make one, never prints it`, () => {
      assertRefused(
        { ...PRODUCTION, SESSION_SECRET: secret },
        /^SESSION_SECRET: the secret is too easy to guess \(repeated or patterned characters\); make a random one with: openssl rand -base64 32$/,
        secret,
      );
    });
  }

  it('checks every secret of a rotation list, naming which one', () => {
    assertRefused(
      { ...PRODUCTION, SESSION_SECRET: `${SECRET},${'x'.repeat(40)}` },
      /^SESSION_SECRET: secret number 2 in the list is too easy to guess/,
      'x'.repeat(40),
    );
  });

  it('accepts 32 random bytes in hex, base64 and base64url, every time (2,000 fresh secrets each)', () => {
    for (let i = 0; i < 2000; i += 1) {
      const bytes = randomBytes(32);
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        const secret = bytes.toString(encoding);
        assert.doesNotThrow(
          () => loadConfig({ ...PRODUCTION, SESSION_SECRET: secret }),
          `refused 32 random bytes in ${encoding}`,
        );
      }
    }
  });

  it(
    'accepts what `openssl rand -base64 32` and `openssl rand -hex 32` print',
    {
      skip: skipUnlessAvailable(
        findExecutable('openssl') ? undefined : 'openssl not found; install with: apt-get install openssl',
      ),
    },
    () => {
      for (let i = 0; i < 10; i += 1) {
        for (const format of ['-base64', '-hex']) {
          const secret = execFileSync('openssl', ['rand', format, '32'], { encoding: 'utf8' }).trim();
          assert.doesNotThrow(
            () => loadConfig({ ...PRODUCTION, SESSION_SECRET: secret }),
            `refused openssl rand ${format} 32`,
          );
        }
      }
    },
  );

  it('reads what checkout collects and the shipping rates; a bad value names the setting', () => {
    const defaults = loadConfig({}).fulfilment;
    assert.deepEqual(
      [defaults.shipTo, defaults.phone, defaults.shippingRates.map((rate) => [rate.id, rate.amount])],
      [['JP'], 'optional', [['standard', 0]]],
    );
    assert.deepEqual(loadConfig({ SHIP_TO_COUNTRIES: 'jp, us' }).fulfilment.shipTo, ['JP', 'US']);
    assertRefused(
      { SHIP_TO_COUNTRIES: 'JP,XX' },
      /^SHIP_TO_COUNTRIES: must be ISO country codes .*"XX" is not an ISO 3166-1 country code/,
    );
    assertRefused({ SHIP_TO_COUNTRIES: 'KP' }, /^SHIP_TO_COUNTRIES: .*"KP" is not a country Stripe Checkout ships to/);
    assertRefused({ CHECKOUT_PHONE: 'maybe' }, /^CHECKOUT_PHONE: must be required, optional or off/);
    assertRefused(
      { SHIPPING_RATES: '[{"id":"a","name":"A","currency":"jpy","amount":"1.5","days":[1,2]}]' },
      /^SHIPPING_RATES: rate 1: "amount": "1.5" has 1 decimals; JPY has no decimals/,
    );
  });
});

/**
 * The one reader of process.env: the environment (and an optional .env file) becomes one typed, validated Config.
 * A bad value stops the start with one line naming the variable; secret values are never echoed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { isMailAddress, parseMailbox } from './mail/address.js';
import { isKnownCurrency } from './money/index.js';
import { estimatedEntropyBits, MIN_SECRET_BITS } from './session/secret-strength.js';
import { countryProblem } from './shipping/countries.js';
import { DEFAULT_SHIPPING_RATES, parseShippingRates, ShippingRatesError, type ShippingRate } from './shipping/rates.js';
import { ConfigError, type Config, type DatabaseConfig } from './config/types.js';
import { shopLanguages, timeZone } from './config/languages.js';
import {
  booleanFlag,
  durationMs,
  emptyAsUnset,
  hasNoPath,
  isLoopbackHost,
  isSupportedLocale,
  rateLimit,
  UNIT_MS,
} from './config/values.js';

export type {
  Config,
  DatabaseConfig,
  FulfilmentConfig,
  MailConfig,
  PaymentsConfig,
  RateLimit,
} from './config/types.js';
export { ConfigError } from './config/types.js';
export { isLoopbackHost } from './config/values.js';
export { configWarnings } from './config/warnings.js';

const schema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
    .default('development'),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://shop.example' })
    .refine(hasNoPath, 'must be an origin without a path')
    .optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./var'),
  POLICY_DIR: z.string().min(1, 'must not be empty').optional(),
  DATABASE_URL: z.string().optional(),
  SESSION_SECRET: z.string().optional(),
  SESSION_TTL: z
    .string()
    .regex(/^[1-9][0-9]*[smhd]?$/, 'must be a duration such as 3h, 90m, 45s or 7d')
    .transform(durationMs)
    .default(durationMs('3h')),
  SHOP_NAME: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters').default('kago'),
  SHOP_LOCALE: z.string().refine(isSupportedLocale, 'must be a locale such as en-US or ja-JP').default('en-US'),
  SHOP_LANGUAGES: shopLanguages.default(['en']),
  SHOP_TIMEZONE: timeZone.default('UTC'),
  SHOP_CURRENCY: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (code) => code === 'auto' || isKnownCurrency(code),
      'must be an ISO currency code such as JPY or USD, or auto (the currency most products are priced in)',
    )
    .transform((code) => (code === 'auto' ? undefined : code))
    .optional(),
  DEMO_CATALOG: booleanFlag.optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_live_..., sk_test_... or rk_...)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'must be a webhook signing secret (whsec_...)')
    .optional(),
  CATALOG_SYNC_INTERVAL: z
    .string()
    .regex(/^(off|[1-9][0-9]*[smhd]?)$/, 'must be a duration such as 1d or 6h, or off')
    .transform((value) => (value === 'off' ? null : durationMs(value)))
    .refine((ms) => ms === null || ms >= UNIT_MS.m, 'must be 1m or longer, or off')
    .default(UNIT_MS.d),
  STRIPE_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:12111' })
    .optional(),
  CHECKOUT_TTL: z
    .string()
    .regex(/^[1-9][0-9]*[smhd]?$/, 'must be a duration such as 1h or 45m')
    .transform(durationMs)
    .refine(
      (ms) => ms >= 30 * UNIT_MS.m && ms <= 24 * UNIT_MS.h,
      'must be from 30m to 24h (what Stripe Checkout allows)',
    )
    .default(durationMs('1h')),
  LOW_STOCK: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be from 1 to 1000000')
    .max(1_000_000, 'must be from 1 to 1000000')
    .default(5),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_ALLOW_VOLATILE: booleanFlag.default(false),
  WORKERS: z
    .string()
    .regex(/^(auto|[1-9][0-9]?)$/, 'must be a number of processes from 1 to 99, or auto (one per CPU)')
    .transform((value) => (value === 'auto' ? availableParallelism() : Number(value)))
    .default(1),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/[0-9]{1,3})?)\s*,?\s*)+)$/,
      "must be false, true, or the proxies' addresses/CIDRs separated by commas (loopback, uniquelocal, 10.0.0.0/8, ...)",
    )
    .transform((value): boolean | string => (value === 'true' ? true : value === 'false' ? false : value))
    .default(false),
  RATE_LIMIT_CART: rateLimit.default({ max: 120, windowMs: UNIT_MS.m }),
  RATE_LIMIT_CHECKOUT: rateLimit.default({ max: 10, windowMs: UNIT_MS.m }),
  RATE_LIMIT_CHECKOUT_SUCCESS: rateLimit.default({ max: 30, windowMs: UNIT_MS.m }),
  ADMIN_IDLE_TIMEOUT: z
    .string()
    .regex(/^[1-9][0-9]*[smhd]?$/, 'must be a duration such as 30m or 1h')
    .transform(durationMs)
    .default(durationMs('30m')),
  ADMIN_SESSION_LIFETIME: z
    .string()
    .regex(/^[1-9][0-9]*[smhd]?$/, 'must be a duration such as 12h or 1d')
    .transform(durationMs)
    .default(durationMs('12h')),
  RATE_LIMIT_ADMIN_SIGN_IN: rateLimit.default({ max: 5, windowMs: 15 * UNIT_MS.m }),
  RATE_LIMIT_ADMIN_SIGN_IN_IP: rateLimit.default({ max: 20, windowMs: 15 * UNIT_MS.m }),
  SHUTDOWN_TIMEOUT: z
    .string()
    .regex(/^[1-9][0-9]*[smhd]?$/, 'must be a duration such as 10s or 1m')
    .transform(durationMs)
    .default(durationMs('10s')),
  REQUEST_TIMEOUT: z
    .string()
    .regex(/^[1-9][0-9]*[smhd]?$/, 'must be a duration such as 30s or 1m')
    .transform(durationMs)
    .refine((ms) => ms >= UNIT_MS.s && ms <= 10 * UNIT_MS.m, 'must be from 1s to 10m')
    .default(durationMs('30s')),
  SHIP_TO_COUNTRIES: z
    .string()
    .transform((value) => [...new Set(value.split(',').map((code) => code.trim().toUpperCase()))])
    .superRefine((codes, ctx) => {
      const problem = codes.map(countryProblem).find(Boolean);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: `must be ISO country codes separated by commas, such as JP or JP,US: ${problem}`,
        });
    })
    .default(['JP']),
  CHECKOUT_PHONE: z
    .enum(['required', 'optional', 'off'], { error: 'must be required, optional or off' })
    .default('optional'),
  SHIPPING_RATES: z.string().optional(),
  STRIPE_AUTOMATIC_TAX: booleanFlag.default(false),
  SMTP_URL: z
    .string()
    .refine(
      (value) => /^smtps?:\/\/[^/]/.test(value) && URL.canParse(value) && new URL(value).hostname !== '',
      'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example:587',
    )
    .optional(),
  MAIL_FROM: z
    .string()
    .refine(
      (value) => parseMailbox(value) !== undefined,
      'must be one address, such as orders@shop.example or "Shop name <orders@shop.example>"',
    )
    .optional(),
  SHOP_EMAIL: z
    .string()
    .trim()
    .refine(isMailAddress, 'must be one plain address, such as owner@shop.example')
    .optional(),
  LOG_ASSETS: booleanFlag.optional(),
  LOG_FORMAT: z.enum(['pretty', 'json'], { error: 'must be pretty or json' }).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

/** Variables whose values must never appear in a message. */
const SECRET_VARIABLES = new Set([
  'SESSION_SECRET',
  'DATABASE_URL',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'REDIS_URL',
  'SMTP_URL',
]);

/** Reads `.env` in the working directory, if there is one. Real environment variables win over it. */
export function readDotEnv(file = '.env'): Record<string, string> {
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** `sqlite:./var/kago.db`, `sqlite::memory:`, `postgres://...` -> DatabaseConfig. */
export function parseDatabaseUrl(value: string): DatabaseConfig {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (!file) throw new ConfigError('DATABASE_URL: sqlite: needs a file path, as in sqlite:./var/kago.db');
    return { dialect: 'sqlite', file };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL: is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url: value };
  }
  throw new ConfigError('DATABASE_URL: must start with sqlite: or postgres://');
}

/**
 * Builds the Config from an environment (process.env merged over .env by default).
 * Throws ConfigError with one line naming the variable and what is wrong.
 */
export function loadConfig(env: Record<string, string | undefined> = { ...readDotEnv(), ...process.env }): Config {
  const parsed = schema.safeParse(emptyAsUnset(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
    throw new ConfigError(`${name}: ${issue.message}${got}`);
  }
  const vars = parsed.data;
  const dataDir = path.resolve(vars.DATA_DIR);
  const database = parseDatabaseUrl(vars.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'kago.db')}`);
  const sessionSecrets = vars.SESSION_SECRET?.split(',').map((secret) => secret.trim());
  if (sessionSecrets?.some((secret) => secret === '')) {
    throw new ConfigError('SESSION_SECRET: has an empty secret in its comma-separated list');
  }
  if (vars.NODE_ENV === 'production') {
    if (!sessionSecrets)
      throw new ConfigError(
        `SESSION_SECRET: must be set in production (at least 32 random bytes); make one with: ${MAKE_SECRET}`,
      );
    if (sessionSecrets.some((secret) => Buffer.byteLength(secret) < 32)) {
      throw new ConfigError(
        `SESSION_SECRET: every secret must be at least 32 bytes in production; make one with: ${MAKE_SECRET}`,
      );
    }
    const weak = sessionSecrets.findIndex((secret) => estimatedEntropyBits(secret) < MIN_SECRET_BITS);
    if (weak >= 0) {
      const which = sessionSecrets.length > 1 ? `secret number ${weak + 1} in the list` : 'the secret';
      throw new ConfigError(
        `SESSION_SECRET: ${which} is too easy to guess (repeated or patterned characters); make a random one with: ${MAKE_SECRET}`,
      );
    }
    if (!vars.STRIPE_SECRET_KEY)
      throw new ConfigError(
        'STRIPE_SECRET_KEY: must be set in production (the demo payment provider takes no real payments)',
      );
    if (!vars.STRIPE_WEBHOOK_SECRET)
      throw new ConfigError(
        'STRIPE_WEBHOOK_SECRET: must be set in production, or paid orders are only recorded when shoppers return',
      );
    if (!vars.BASE_URL)
      throw new ConfigError(
        "BASE_URL: must be set in production to the shop's public origin (https://shop.example): Stripe sends shoppers back there",
      );
    if (new URL(vars.BASE_URL).protocol !== 'https:' && !isLoopbackHost(new URL(vars.BASE_URL).hostname)) {
      throw new ConfigError(
        `BASE_URL: must be an https:// origin in production (http:// only on a loopback address such as http://127.0.0.1:${vars.PORT})`,
      );
    }
  }
  if (vars.SMTP_URL && !vars.MAIL_FROM) {
    throw new ConfigError(
      'MAIL_FROM: must be set with SMTP_URL: the address order mail comes from, such as "Shop name <orders@shop.example>"',
    );
  }
  const from = parseMailbox(vars.MAIL_FROM ?? 'shop@localhost')!;
  return {
    env: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    baseUrl: vars.BASE_URL ? new URL(vars.BASE_URL) : undefined,
    database,
    dataDir,
    policyDir: path.resolve(vars.POLICY_DIR ?? path.join(dataDir, 'policies')),
    sessionSecrets,
    sessionTtlMs: vars.SESSION_TTL,
    shopName: vars.SHOP_NAME,
    locale: vars.SHOP_LOCALE,
    languages: vars.SHOP_LANGUAGES,
    timeZone: vars.SHOP_TIMEZONE,
    shopCurrency: vars.SHOP_CURRENCY,
    demoCatalog: vars.DEMO_CATALOG ?? vars.NODE_ENV !== 'production',
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT ?? (vars.NODE_ENV === 'development' ? 'pretty' : 'json'),
    logAssets: vars.LOG_ASSETS ?? vars.NODE_ENV !== 'development',
    payments: vars.STRIPE_SECRET_KEY
      ? {
          provider: 'stripe',
          secretKey: vars.STRIPE_SECRET_KEY,
          webhookSecret: vars.STRIPE_WEBHOOK_SECRET,
          apiUrl: vars.STRIPE_API_URL ? new URL(vars.STRIPE_API_URL) : undefined,
          automaticTax: vars.STRIPE_AUTOMATIC_TAX,
        }
      : { provider: 'demo' },
    catalogSyncIntervalMs: vars.CATALOG_SYNC_INTERVAL ?? undefined,
    checkoutTtlMs: vars.CHECKOUT_TTL,
    lowStock: vars.LOW_STOCK,
    redisUrl: vars.REDIS_URL,
    redisAllowVolatile: vars.REDIS_ALLOW_VOLATILE,
    workers: vars.WORKERS,
    trustProxy: vars.TRUST_PROXY,
    rateLimits: {
      cart: vars.RATE_LIMIT_CART ?? undefined,
      checkout: vars.RATE_LIMIT_CHECKOUT ?? undefined,
      checkoutSuccess: vars.RATE_LIMIT_CHECKOUT_SUCCESS ?? undefined,
    },
    admin: {
      idleMs: vars.ADMIN_IDLE_TIMEOUT,
      lifetimeMs: vars.ADMIN_SESSION_LIFETIME,
      signInLimits: {
        perAccount: vars.RATE_LIMIT_ADMIN_SIGN_IN ?? undefined,
        perIp: vars.RATE_LIMIT_ADMIN_SIGN_IN_IP ?? undefined,
      },
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT,
    requestTimeoutMs: vars.REQUEST_TIMEOUT,
    fulfilment: {
      shipTo: vars.SHIP_TO_COUNTRIES,
      phone: vars.CHECKOUT_PHONE,
      shippingRates: shippingRates(vars.SHIPPING_RATES, vars.SHIP_TO_COUNTRIES),
    },
    mail: {
      smtpUrl: vars.SMTP_URL,
      from: { name: from.name || vars.SHOP_NAME, address: from.address },
      shopEmail: vars.SHOP_EMAIL,
    },
  };
}

function shippingRates(json: string | undefined, shipTo: string[]): ShippingRate[] {
  if (json === undefined) return DEFAULT_SHIPPING_RATES;
  try {
    return parseShippingRates(json, shipTo);
  } catch (error) {
    if (error instanceof ShippingRatesError) throw new ConfigError(`SHIPPING_RATES: ${error.message}`);
    throw error;
  }
}

/** How the messages tell people to make a session secret. */
const MAKE_SECRET = 'openssl rand -base64 32';

/** The shape of a validated Config (src/config.ts makes one from the environment). */
import type { Language } from '../i18n/index.js';
import type { Mailbox } from '../mail/address.js';
import type { PhoneRule } from '../shipping/address.js';
import type { ShippingRate } from '../shipping/rates.js';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string } // file ':memory:' for an in-memory database
  | { dialect: 'postgres'; url: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Public origin of the shop (`https://shop.example`), when known. */
  baseUrl: URL | undefined;
  database: DatabaseConfig;
  /** Where the shop keeps files of its own (SQLite database by default, generated development secret). */
  dataDir: string;
  /** POLICY_DIR: the owner's policy pages (legal-notice.md, privacy-policy.md, terms-of-service.md); DATA_DIR/policies. */
  policyDir: string;
  /** SESSION_SECRET split on commas: sign with the first, accept any. Undefined when unset. */
  sessionSecrets: string[] | undefined;
  /** How long a session lives after its last use (rolling). */
  sessionTtlMs: number;
  shopName: string;
  /** BCP 47 locale used to format prices (in the languages it is of; localeFor in src/i18n). */
  locale: string;
  /** SHOP_LANGUAGES: the languages shoppers can read the shop in, the default first. */
  languages: Language[];
  /** SHOP_TIMEZONE: the IANA zone times are shown in (orders, mail, the console). */
  timeZone: string;
  /** SHOP_CURRENCY (lower-case ISO): the prices the shop sells; undefined: the currency most products are priced in. */
  shopCurrency: string | undefined;
  /** Import the bundled demo catalog when the catalog is empty at start. */
  demoCatalog: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: one readable line per request (development's default); `json`: pino's JSON lines. */
  logFormat: 'pretty' | 'json';
  /** Log requests for static files (/assets/, /images/demo/) too; off in development by default. */
  logAssets: boolean;
  /** Stripe Checkout when STRIPE_SECRET_KEY is set; otherwise the offline demo provider (never in production). */
  payments: PaymentsConfig;
  /** CATALOG_SYNC_INTERVAL: how often the catalog is synced from Stripe in the background; undefined: never. */
  catalogSyncIntervalMs: number | undefined;
  /** How long a shopper has to pay once checkout starts (Stripe allows 30 minutes to 24 hours). */
  checkoutTtlMs: number;
  /** Products with fewer than this many left say "Only N left". */
  lowStock: number;
  /** Sessions, carts and rate-limit counters in Redis when set; in the database otherwise. */
  redisUrl: string | undefined;
  /** Start in production on a Redis that keeps no data (no AOF, no RDB save points): its restart empties every cart. */
  redisAllowVolatile: boolean;
  /** Processes serving the shop (node:cluster); 1 is the process itself. */
  workers: number;
  /** Whose X-Forwarded-* headers to believe: nobody's (false), anyone's (true), or these proxy addresses/CIDRs. */
  trustProxy: boolean | string;
  /** Requests per client IP per window for cart changes, checkouts and success pages; undefined turns a limit off. */
  rateLimits: { cart: RateLimit | undefined; checkout: RateLimit | undefined; checkoutSuccess: RateLimit | undefined };
  /** The owner's console: session idle timeout and absolute lifetime, failed sign-ins allowed per account and per IP. */
  admin: {
    idleMs: number;
    lifetimeMs: number;
    signInLimits: { perAccount: RateLimit | undefined; perIp: RateLimit | undefined };
  };
  /** How long requests in flight get after SIGTERM before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** How long a client has to send a whole request, headers and body (a stalled one gets 408 and is closed). */
  requestTimeoutMs: number;
  mail: MailConfig;
  /** What checkout collects for fulfilment, and the shop's shipping rates. */
  fulfilment: FulfilmentConfig;
}

/** Order mail: through SMTP when smtpUrl is set; otherwise .eml files under DATA_DIR/mail, or none in production. */
export interface MailConfig {
  /** SMTP_URL (`smtp://user:pass@host:587`, `smtps://...:465`); a secret: never logged whole. */
  smtpUrl: string | undefined;
  /** MAIL_FROM; the shop's name when it gives none. */
  from: Mailbox;
  /** SHOP_EMAIL: where new-order notices go. */
  shopEmail: string | undefined;
}

export interface FulfilmentConfig {
  /** Upper-case ISO codes the shop delivers to, in the order the shop listed them. */
  shipTo: string[];
  phone: PhoneRule;
  /** SHIPPING_RATES, or the default free standard shipping. */
  shippingRates: ShippingRate[];
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

export type PaymentsConfig =
  | {
      provider: 'stripe';
      secretKey: string;
      webhookSecret: string | undefined;
      apiUrl: URL | undefined;
      automaticTax: boolean;
    }
  | { provider: 'demo' };

/** Thrown for a bad environment; the message is the single line to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

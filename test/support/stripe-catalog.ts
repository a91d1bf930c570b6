/**
 * Helpers for the catalog-from-Stripe tests: a small shop catalog made in the fake Stripe, the same catalog written as
 * the Dashboard's CSV exports (so a sync and an import can be compared), a reader with a recorded, instant backoff,
 * and signed webhook delivery.
 */
import type { Kysely } from 'kysely';
import Stripe from 'stripe';
import { stripeCatalogReader, type RetryPolicy } from '../../src/catalog/stripe/index.js';
import { stripeClientOptions } from '../../src/checkout/providers/stripe.js';
import type { Database } from '../../src/db/schema.js';
import { minorToMajor } from '../../src/money/index.js';
import type { TestShop } from './app.js';
import { csvLine, PRICE_HEADER, writeCsvFiles } from './catalog.js';
import type { FakeCatalogPrice, FakeProduct, FakeStripe } from './fake-stripe.js';

export const SYNC_KEY = 'sk_test_kago_catalog_sync';
export const SYNC_WEBHOOK_SECRET = 'whsec_kago_catalog_sync';

/** 2024-01-01 00:00:00 UTC plus `n` minutes, in Stripe's seconds. */
export const at = (n: number) => 1_704_067_200 + n * 60;

/**
 * Tea (two one-time prices: the newer sells; a recurring one, named its default price but not sold; a lookup key), a cup (image, metadata, stock, tax included), an
 * e-book (a service), an archived product, a tiered price, an inactive price and a price with a nickname.
 */
export function seedStripeCatalog(fake: FakeStripe): void {
  const { catalog } = fake;
  catalog.createProduct({
    id: 'prod_tea',
    name: 'Sencha',
    description: 'First flush, Shizuoka',
    created: at(1),
    metadata: { collection: 'Tea', stock: '12' },
    default_price: 'price_tea_club',
  });
  catalog.createProduct({
    id: 'prod_cup',
    name: 'Tea cup',
    created: at(2),
    images: ['https://img.example/cup.jpg'],
    metadata: { collection: 'Ware', handle: 'yunomi' },
  });
  catalog.createProduct({
    id: 'prod_ebook',
    name: 'Tea guide (e-book)',
    created: at(3),
    type: 'service',
    metadata: { shippable: 'false' },
  });
  catalog.createProduct({ id: 'prod_old', name: 'Old blend', created: at(4), active: false });
  catalog.createPrice({ id: 'price_tea_old', product: 'prod_tea', currency: 'jpy', unit_amount: 1000, created: at(5) });
  catalog.createPrice({
    id: 'price_tea',
    product: 'prod_tea',
    currency: 'jpy',
    unit_amount: 1200,
    created: at(6),
    nickname: '100 g',
    lookup_key: 'sencha-100g',
    tax_behavior: 'inclusive',
  });
  catalog.createPrice({
    id: 'price_tea_club',
    product: 'prod_tea',
    currency: 'jpy',
    unit_amount: 3000,
    created: at(7),
    recurring: { interval: 'month', interval_count: 1, meter: null, usage_type: 'licensed' },
  });
  catalog.createPrice({
    id: 'price_cup',
    product: 'prod_cup',
    currency: 'jpy',
    unit_amount: 2500,
    created: at(8),
    tax_behavior: 'exclusive',
  });
  catalog.createPrice({
    id: 'price_cup_set',
    product: 'prod_cup',
    currency: 'jpy',
    unit_amount: null,
    billing_scheme: 'tiered',
    tiers_mode: 'volume',
    created: at(9),
  });
  catalog.createPrice({ id: 'price_ebook', product: 'prod_ebook', currency: 'usd', unit_amount: 990, created: at(10) });
  catalog.createPrice({
    id: 'price_old',
    product: 'prod_old',
    currency: 'jpy',
    unit_amount: 800,
    created: at(11),
    active: false,
  });
}

const dashboardDate = (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);

/** The fake's catalog as the Dashboard exports it (metadata columns in first-seen order, as each product lists them). */
export function exportsOf(fake: FakeStripe): { products: string; prices: string } {
  const products = [...fake.catalog.products.values()];
  const keys = [...new Set(products.flatMap((product) => Object.keys(product.metadata)))];
  const productLines = products.map((product: FakeProduct) =>
    csvLine([
      product.id,
      product.name,
      product.description ?? '',
      String(product.active),
      dashboardDate(product.created),
      product.images[0] ?? '',
      product.type,
      product.default_price ?? '',
      ...keys.map((key) => product.metadata[key] ?? ''),
    ]),
  );
  const priceLines = [...fake.catalog.prices.values()].map((price: FakeCatalogPrice) => {
    const amount = price.unit_amount === null ? '' : minorToMajor(price.unit_amount, price.currency);
    const recurring = price.recurring;
    return csvLine([
      price.id,
      price.product,
      '',
      '',
      '',
      price.nickname ?? '',
      dashboardDate(price.created),
      amount,
      price.currency,
      recurring?.interval ?? '',
      recurring ? String(recurring.interval_count) : '',
      '',
      '',
      price.billing_scheme,
      '',
      price.tax_behavior ?? '',
      String(price.active),
      price.lookup_key ?? '',
    ]);
  });
  const files = writeCsvFiles({
    'products.csv': [
      csvLine([
        'id',
        'Name',
        'Description',
        'Active',
        'Created (UTC)',
        'Image',
        'Type',
        'Default Price',
        ...keys.map((key) => `${key} (metadata)`),
      ]),
      ...productLines,
    ].join('\n'),
    'prices.csv': [csvLine([...PRICE_HEADER, 'Active', 'Lookup Key']), ...priceLines].join('\n'),
  });
  return { products: files['products.csv']!, prices: files['prices.csv']! };
}

/** A retry policy that waits for nothing and remembers what it would have waited (jitter fixed at its top). */
export function instantRetries(attempts = 7): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    attempts,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    waits,
    random: () => 1,
    sleep: async (ms) => void waits.push(ms),
  };
}

/** A reader on the fake, as `kago sync` makes one (no SDK retries), with `key` (default the secret key). */
export function fakeReader(fake: FakeStripe, retry = instantRetries(), key = SYNC_KEY) {
  return stripeCatalogReader(
    new Stripe(key, stripeClientOptions({ apiUrl: new URL(fake.url), maxNetworkRetries: 0 })),
    retry,
  );
}

const signer = new Stripe(SYNC_KEY);

/** Posts `event` to the shop's webhook endpoint as Stripe does: JSON body, Stripe-Signature over it. */
export function deliver(shop: TestShop, event: object) {
  const payload = JSON.stringify(event);
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: SYNC_WEBHOOK_SECRET });
  return shop.app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    payload,
  });
}

export async function catalogVersion(db: Kysely<Database>): Promise<number> {
  return Number((await db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow()).version);
}

/** A promise and the function that settles it: tests hold a step until they let it go. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

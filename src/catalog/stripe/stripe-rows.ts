/**
 * Stripe's Product and Price objects -> the same staged rows the CSV import makes from an export, with the same
 * field readers and the same refusals, so a sync and an import of one catalog write identical rows. Pure.
 */
import type Stripe from 'stripe';
import { isKnownCurrency } from '../../money/index.js';
import { FieldError, readId, readImage, readShippable, readStock, readTaxBehavior } from '../import/fields.js';
import type { RowResult, StagedPrice, StagedProduct } from '../import/rows.js';

/** Collects FieldErrors so one bad object reports every bad field. */
function collector() {
  const problems: string[] = [];
  function read<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  }
  return { problems, read };
}

/** A metadata value by key in any letter case, as the import finds `<key> (metadata)` columns. */
export function metadataValue(metadata: Record<string, string>, key: string): string | undefined {
  const found = Object.keys(metadata).find((name) => name.toLowerCase() === key);
  return found === undefined ? undefined : metadata[found];
}

/** Metadata as the import stores it: non-empty string values, in Stripe's order. */
function metadataOf(metadata: Stripe.Metadata | null | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata ?? {}).filter(([, value]) => typeof value === 'string' && value !== ''),
  );
}

/**
 * `stockGiven`: whether this row speaks for the product's stock (the import's "the export has a stock column"): a full
 * sync passes whether any product has `stock` metadata; a webhook whether this one has it now or had it before.
 */
export function productRow(product: Stripe.Product, stockGiven: boolean): RowResult<Omit<StagedProduct, 'line'>> {
  const { problems, read } = collector();
  const id = read(() => readId(product.id, 'id'));
  const name = (product.name ?? '').trim();
  if (name === '') problems.push('name is empty');
  const metadata = metadataOf(product.metadata);
  const firstImage = product.images?.[0] ?? '';
  const image = read(() =>
    firstImage !== ''
      ? readImage(firstImage, 'images')
      : readImage(metadataValue(metadata, 'image') ?? '', 'image (metadata)'),
  );
  // `shippable: false` on the product says what a `shippable (metadata)` of false says; metadata wins when set.
  const flag = metadataValue(metadata, 'shippable') ?? (product.shippable === false ? 'false' : '');
  const shippable = read(() => readShippable(flag, product.type ?? ''));
  const stock = read(() => readStock(metadataValue(metadata, 'stock') ?? '', 'stock (metadata)'));
  // A string id, or the price itself when the read expanded it.
  const named = product.default_price;
  const defaultPriceId = named == null ? null : typeof named === 'string' ? named : named.id;
  const defaultPrice = defaultPriceId === null ? null : read(() => readId(defaultPriceId, 'default_price'));
  if (problems.length > 0) return { problems };
  return {
    row: {
      id: id!,
      name,
      description: (product.description ?? '').trim(),
      active: product.active ? 1 : 0,
      metadata: JSON.stringify(metadata),
      image: image ?? null,
      shippable: shippable ? 1 : 0,
      stock_given: stockGiven ? 1 : 0,
      stock: stock ?? null,
      stripe_default_price_id: defaultPrice ?? null,
      created_at: product.created * 1000,
    },
  };
}

const INTERVALS = new Set(['day', 'week', 'month', 'year']);

/** The id a price names its product by, expanded or not. */
export function productIdOf(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}

export function priceRow(price: Stripe.Price): RowResult<Omit<StagedPrice, 'line'>> {
  const { problems, read } = collector();
  const id = read(() => readId(price.id, 'id'));
  const productId = read(() => readId(productIdOf(price), 'product'));
  // Tiered and customer-chosen prices have no single amount: refused the way the import refuses them.
  const amount = price.unit_amount ?? (price.unit_amount_decimal != null ? Number(price.unit_amount_decimal) : null);
  if (id && (price.billing_scheme === 'tiered' || amount === null)) {
    return {
      skip: `price ${id} skipped: ${price.billing_scheme === 'tiered' ? 'tiered pricing' : 'no fixed amount'} is not sold in the cart`,
    };
  }
  if (!Number.isSafeInteger(amount) || amount! < 0)
    problems.push(
      `unit_amount_decimal "${price.unit_amount_decimal}" is not a whole amount of the currency's smallest unit`,
    );
  const currency = (price.currency ?? '').toLowerCase();
  if (!isKnownCurrency(currency)) problems.push(`currency "${price.currency}" is not a known currency code`);
  const interval = price.recurring?.interval ?? null;
  if (interval !== null && !INTERVALS.has(interval))
    problems.push(`recurring interval "${interval}" is not day, week, month or year`);
  const taxBehavior = read(() => readTaxBehavior(price.tax_behavior ?? '', 'tax_behavior'));
  if (problems.length > 0) return { problems };
  return {
    row: {
      id: id!,
      product_id: productId!,
      unit_amount: amount!,
      currency,
      type: price.recurring ? 'recurring' : 'one_time',
      recurring_interval: interval,
      recurring_interval_count: price.recurring ? (price.recurring.interval_count ?? 1) : null,
      description: (price.nickname ?? '').trim(),
      active: price.active ? 1 : 0,
      tax_behavior: taxBehavior!,
      metadata: JSON.stringify(metadataOf(price.metadata)),
      lookup_key: (price.lookup_key ?? '').trim() || null,
      created_at: price.created * 1000,
    },
  };
}

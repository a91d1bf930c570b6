/**
 * One CSV record -> one row to stage, or the problems that stop it. Pure: no I/O, no database.
 */
import type { PriceTable, ProductTable } from '../../db/schema.js';
import { AmountFormatError, isKnownCurrency, majorToMinor } from '../../money/index.js';
import type { ColumnMap, PRICE_COLUMNS, PRODUCT_COLUMNS } from './columns.js';
import {
  FieldError,
  readBoolean,
  readId,
  readImage,
  readShippable,
  readStock,
  readTaxBehavior,
  readTimestamp,
} from './fields.js';

/** A catalog row as read from the export, before the merge: its line, and a creation time only if the file had one. */
type Staged<T> = T & { line: number; created_at: number | null };

export type StagedProduct = Staged<
  Omit<
    ProductTable,
    | 'default_price_id'
    | 'listing_position'
    | 'num_id'
    | 'handle'
    | 'list_price'
    | 'option_count'
    | 'created_at'
    | 'updated_at'
  >
> & {
  /** 1 when the export has a `stock (metadata)` column: only then does the import touch the product's stock. */
  stock_given: number;
  /** The count; null when the cell is empty (not tracked). */
  stock: number | null;
};

/** `metadata` may be left out (a source without price metadata): it is then '{}'. Options are the refresh's to set. */
export type StagedPrice = Staged<
  Omit<
    PriceTable,
    'num_id' | 'metadata' | 'option_label' | 'option_rank' | 'option_position' | 'created_at' | 'updated_at'
  >
> & { metadata?: string };

export type RowResult<T> = { row: T } | { skip: string } | { problems: string[] };

const INTERVALS = new Set(['day', 'week', 'month', 'year']);

/** The refusal for an active price without an amount, with what to do about it. */
export const EMPTY_AMOUNT =
  'Amount is empty (give the price, like 1500 or 29.90; a price the customer chooses cannot be sold in the cart: archive it in Stripe or remove the row)';

/** Collects FieldErrors so one bad row reports every bad cell, not just the first. */
function collector() {
  const problems: string[] = [];
  function read<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof FieldError || error instanceof AmountFormatError) {
        problems.push(error.message);
        return undefined;
      }
      throw error;
    }
  }
  return { problems, read };
}

function cell(fields: string[], at: number | undefined): string {
  return at === undefined ? '' : (fields[at] ?? '');
}

export function parseProductRow(
  fields: string[],
  line: number,
  columns: ColumnMap<keyof typeof PRODUCT_COLUMNS>,
): RowResult<StagedProduct> {
  const { problems, read } = collector();
  const { index } = columns;
  const id = read(() => readId(cell(fields, index.id), 'id'));
  const name = cell(fields, index.name).trim();
  if (name === '') problems.push('Name is empty');
  const active = read(() => readBoolean(cell(fields, index.active), 'Active', true));
  const created = read(() => readTimestamp(cell(fields, index.created), 'Created (UTC)'));
  const metadata: Record<string, string> = {};
  for (const { key, at } of columns.metadata) {
    const value = cell(fields, at);
    if (value !== '') metadata[key] = value;
  }
  const imageCell = cell(fields, index.image);
  const [imageSource, imageColumn] =
    imageCell !== '' ? [imageCell, 'Image'] : [metadata.image ?? '', 'image (metadata)'];
  const image = read(() => readImage(imageSource, imageColumn));
  const shippable = read(() => readShippable(metadataCell(fields, columns, 'shippable'), cell(fields, index.type)));
  const stockColumn = metadataColumn(columns, 'stock');
  const stock = read(() => readStock(cell(fields, stockColumn?.at), 'stock (metadata)'));
  const defaultPriceText = cell(fields, index.defaultPrice).trim();
  const defaultPrice = defaultPriceText === '' ? null : read(() => readId(defaultPriceText, 'Default Price'));
  if (problems.length > 0) return { problems };
  return {
    row: {
      line,
      id: id!,
      name,
      description: cell(fields, index.description).trim(),
      active: active ? 1 : 0,
      metadata: JSON.stringify(metadata),
      image: image ?? null,
      shippable: shippable ? 1 : 0,
      stock_given: stockColumn ? 1 : 0,
      stock: stock ?? null,
      stripe_default_price_id: defaultPrice ?? null,
      created_at: created ?? null,
    },
  };
}

/** A `<key> (metadata)` column by key, in any letter case. */
function metadataColumn(columns: ColumnMap<string>, key: string) {
  return columns.metadata.find((column) => column.key.toLowerCase() === key);
}

function metadataCell(fields: string[], columns: ColumnMap<string>, key: string): string {
  return cell(fields, metadataColumn(columns, key)?.at);
}

export function parsePriceRow(
  fields: string[],
  line: number,
  columns: ColumnMap<keyof typeof PRICE_COLUMNS>,
): RowResult<StagedPrice> {
  const { problems, read } = collector();
  const { index } = columns;
  const id = read(() => readId(cell(fields, index.id), 'Price ID'));
  const productId = read(() => readId(cell(fields, index.productId), 'Product ID'));
  const amountText = cell(fields, index.amount).trim();
  const scheme = cell(fields, index.billingScheme).trim().toLowerCase();
  const active = read(() => readBoolean(cell(fields, index.active), 'Active', true));
  // Tiered prices have no single amount: the storefront cannot sell them, and the export says so on purpose.
  if (scheme === 'tiered')
    return id ? { skip: `price ${id} skipped: tiered pricing is not sold in the cart` } : { problems };
  if (amountText === '') {
    // An archived price without an amount sells nothing either way; an active one is a blanked cell or a price the
    // customer chooses, and skipping it would quietly take its product out of the shop.
    if (id && active === false) return { skip: `price ${id} skipped: it is inactive and has no Amount` };
    problems.push(EMPTY_AMOUNT);
  }
  const currencyText = cell(fields, index.currency).trim();
  const currency = currencyText.toLowerCase();
  if (currency === '') problems.push('Currency is empty');
  else if (!isKnownCurrency(currency)) problems.push(`Currency "${currencyText}" is not a known currency code`);
  const amount =
    amountText !== '' && currency && isKnownCurrency(currency)
      ? read(() => majorToMinor(amountText, currency))
      : undefined;
  if (amount === undefined && problems.length === 0) problems.push(`Amount "${amountText}" is not valid`);
  const intervalText = cell(fields, index.interval).trim().toLowerCase();
  if (intervalText !== '' && !INTERVALS.has(intervalText)) {
    problems.push(`Interval "${intervalText}" is not day, week, month or year`);
  }
  const countText = cell(fields, index.intervalCount).trim();
  let intervalCount: number | null = null;
  if (intervalText !== '') {
    intervalCount = countText === '' ? 1 : Number(countText);
    if (!Number.isInteger(intervalCount) || intervalCount < 1) {
      problems.push(`Interval Count "${countText}" is not a whole number of at least 1`);
    }
  }
  const created = read(() => readTimestamp(cell(fields, index.created), 'Created (UTC)'));
  const taxBehavior = read(() => readTaxBehavior(cell(fields, index.taxBehavior), 'Tax Behavior'));
  const metadata: Record<string, string> = {};
  for (const { key, at } of columns.metadata) {
    const value = cell(fields, at);
    if (value !== '') metadata[key] = value;
  }
  if (problems.length > 0) return { problems };
  return {
    row: {
      line,
      id: id!,
      product_id: productId!,
      unit_amount: amount!,
      currency,
      type: intervalText === '' ? 'one_time' : 'recurring',
      recurring_interval: intervalText === '' ? null : intervalText,
      recurring_interval_count: intervalCount,
      description: cell(fields, index.description).trim(),
      active: active ? 1 : 0,
      tax_behavior: taxBehavior!,
      metadata: JSON.stringify(metadata),
      lookup_key: cell(fields, index.lookupKey).trim() || null,
      created_at: created ?? null,
    },
  };
}

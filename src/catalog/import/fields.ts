/** Readers for the cell formats of Stripe exports. Each throws FieldError with a message fit for `file:line:`. */

export class FieldError extends Error {
  override name = 'FieldError';
}

const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['1', true],
  ['0', false],
]);

/** `true`/`false` (also yes/no, 1/0); empty means the default. */
export function readBoolean(value: string, column: string, fallback: boolean): boolean {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '') return fallback;
  const parsed = BOOLEAN_WORDS.get(trimmed);
  if (parsed === undefined) throw new FieldError(`${column} "${value}" is not true or false`);
  return parsed;
}

const EXPORT_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2024-05-14 09:31:07` (UTC, as the Dashboard writes it) or ISO 8601 -> epoch ms; empty -> undefined. */
export function readTimestamp(value: string, column: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const match = EXPORT_DATE.exec(trimmed);
  if (match) {
    const [, year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
    const time = zone
      ? Date.parse(`${year}-${month}-${day}T${hour.padStart(2, '0')}:${minute}:${second.padStart(2, '0')}${zone}`)
      : Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
    const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (!Number.isNaN(time) && check.getUTCDate() === Number(day) && check.getUTCMonth() === Number(month) - 1)
      return time;
  }
  throw new FieldError(`${column} "${value}" is not a date like 2024-05-14 09:31:07`);
}

/** The longest product or price id an import takes (Stripe's own limit); URLs that name one must fit it. */
export const MAX_ID_LENGTH = 255;

/** An id as Stripe writes them: no spaces, at most MAX_ID_LENGTH characters. */
export function readId(value: string, column: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new FieldError(`${column} is empty`);
  if (/\s/.test(trimmed)) throw new FieldError(`${column} "${trimmed}" contains spaces`);
  if (trimmed.length > MAX_ID_LENGTH) throw new FieldError(`${column} is longer than ${MAX_ID_LENGTH} characters`);
  return trimmed;
}

/** An image reference the storefront may show: an http(s) URL or a path on this site. */
export function readImage(value: string, column: string): string | null {
  const first = value.split(',')[0]!.trim(); // Images columns may list several; the first is the main one
  if (first === '') return null;
  if (first.startsWith('/') && !first.startsWith('//')) return first;
  try {
    const url = new URL(first);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // fall through to the error
  }
  throw new FieldError(`${column} "${first}" is not an http(s) URL or a /path`);
}

const TAX_BEHAVIORS = ['inclusive', 'exclusive', 'unspecified'] as const;

/** `Tax Behavior`: inclusive, exclusive or unspecified; empty means unspecified. */
export function readTaxBehavior(value: string, column: string): (typeof TAX_BEHAVIORS)[number] {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '') return 'unspecified';
  const found = TAX_BEHAVIORS.find((behavior) => behavior === trimmed);
  if (!found) throw new FieldError(`${column} "${value}" is not inclusive, exclusive or unspecified`);
  return found;
}

/** The most a stock count may say: far above any small shop's shelf, far below integer limits. */
export const MAX_STOCK = 1_000_000;

/** A stock count: a whole number 0..MAX_STOCK; empty means the product is not tracked (null). */
export function readStock(value: string, column: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_STOCK) {
    throw new FieldError(`${column} "${value}" is not a whole number from 0 to ${MAX_STOCK.toLocaleString('en')}`);
  }
  return Number(trimmed);
}

/** Whether a product is sent to an address: `shippable (metadata)` (true/false) and an older export's `Type` (good/service). */
export function readShippable(shippable: string, type: string): boolean {
  const flag = shippable.trim().toLowerCase();
  if (flag !== '' && flag !== 'true' && flag !== 'false')
    throw new FieldError(`shippable (metadata) "${shippable}" is not true or false`);
  const kind = type.trim().toLowerCase();
  if (kind !== '' && kind !== 'good' && kind !== 'service')
    throw new FieldError(`Type "${type}" is not good or service`);
  return flag !== 'false' && kind !== 'service';
}

/**
 * Finds an export's columns by header name, in any order and any letter case. Unknown columns are ignored;
 * `<key> (metadata)` columns are collected as the row's metadata (a product's, or a price's: `option`, `position`).
 */

export interface ColumnSpec {
  /** Header names that mean this column, lower-case (older and newer exports differ). */
  headers: readonly string[];
  required?: boolean;
}

export type ColumnIndex<K extends string> = { [key in K]: number | undefined };

export interface ColumnMap<K extends string> {
  index: ColumnIndex<K>;
  /** Metadata columns: key as written in the header, and where it is. */
  metadata: { key: string; at: number }[];
  /** Header names of required columns that are missing. */
  missing: string[];
  /** Header names that appear more than once. */
  repeated: string[];
  /** Number of fields every record must have. */
  width: number;
}

export const PRODUCT_COLUMNS = {
  id: { headers: ['id', 'product id'], required: true },
  name: { headers: ['name'], required: true },
  description: { headers: ['description'] },
  active: { headers: ['active'] },
  created: { headers: ['created (utc)', 'date (utc)', 'created'] },
  image: { headers: ['image', 'images', 'image url'] },
  /** Older exports: `good` or `service`. */
  type: { headers: ['type'] },
  /** Stripe's `default_price`: the id of the price the product is sold at. */
  defaultPrice: { headers: ['default price', 'default price id'] },
} as const satisfies Record<string, ColumnSpec>;

export const PRICE_COLUMNS = {
  id: { headers: ['price id', 'id'], required: true },
  productId: { headers: ['product id', 'product'], required: true },
  amount: { headers: ['amount', 'unit amount'], required: true },
  currency: { headers: ['currency'], required: true },
  interval: { headers: ['interval'] },
  intervalCount: { headers: ['interval count'] },
  billingScheme: { headers: ['billing scheme'] },
  description: { headers: ['description', 'nickname'] },
  active: { headers: ['active'] },
  created: { headers: ['created (utc)', 'date (utc)', 'created'] },
  taxBehavior: { headers: ['tax behavior'] },
  lookupKey: { headers: ['lookup key'] },
} as const satisfies Record<string, ColumnSpec>;

const METADATA_HEADER = /^(.+?)\s*\(metadata\)$/i;

function normalizeHeader(header: string): string {
  return header.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Maps a header row onto the specs. The first matching alias (in spec order) wins. */
export function mapColumns<K extends string>(header: string[], specs: Record<K, ColumnSpec>): ColumnMap<K> {
  const positions = new Map<string, number>();
  const repeated: string[] = [];
  const metadata: { key: string; at: number }[] = [];
  header.forEach((raw, at) => {
    const name = normalizeHeader(raw);
    if (name === '') return;
    if (positions.has(name)) repeated.push(raw.trim());
    else positions.set(name, at);
    const meta = METADATA_HEADER.exec(raw.trim());
    if (meta?.[1]) metadata.push({ key: meta[1], at });
  });
  const index = {} as ColumnIndex<K>;
  const missing: string[] = [];
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const found = spec.headers.map((name) => positions.get(name)).find((at) => at !== undefined);
    index[key] = found;
    if (found === undefined && spec.required) missing.push(displayName(spec.headers[0]!));
  }
  return { index, metadata, missing, repeated, width: header.length };
}

/** `price id` -> `Price ID`, as the Dashboard writes it. */
function displayName(header: string): string {
  return header.replace(/\b(id|utc)\b/g, (word) => word.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase());
}

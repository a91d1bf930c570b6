/**
 * Merges staged rows into the catalog in one transaction: upsert by id (rows that did not change keep their
 * updated_at), deactivate what the export no longer has (never delete: orders point at it), then recompute
 * each product's options (the prices it sells at) and the listing order. Counts come from the same SQL, not from loops.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { refreshOptions, refreshShopCurrency } from '../options/index.js';
import type { ImportDatabase } from './staging.js';

export interface MergeCounts {
  added: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

const PRODUCT_FIELDS = [
  'name',
  'description',
  'active',
  'metadata',
  'image',
  'shippable',
  'stripe_default_price_id',
] as const;
const PRICE_FIELDS = [
  'product_id',
  'unit_amount',
  'currency',
  'type',
  'recurring_interval',
  'recurring_interval_count',
  'description',
  'active',
  'tax_behavior',
  'metadata',
  'lookup_key',
] as const;

/** `a.x is distinct from b.x or ...`, plus created_at when the export gave one. Null-safe on both dialects. */
function differs(fields: readonly string[], current: string, incoming: string): RawBuilder<boolean> {
  const checks = fields.map(
    (field) => sql`${sql.ref(`${current}.${field}`)} is distinct from ${sql.ref(`${incoming}.${field}`)}`,
  );
  checks.push(
    sql`(${sql.ref(`${incoming}.created_at`)} is not null and ${sql.ref(`${incoming}.created_at`)} <> ${sql.ref(`${current}.created_at`)})`,
  );
  return sql<boolean>`(${sql.join(checks, sql` or `)})`;
}

async function count(query: RawBuilder<{ n: number }>, db: Kysely<ImportDatabase>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function mergeTable(
  db: Kysely<ImportDatabase>,
  target: 'products' | 'prices',
  staged: 'import_products' | 'import_prices',
  fields: readonly string[],
  now: number,
  { deactivateMissing = true }: MergeOptions = {},
): Promise<MergeCounts> {
  const total = await count(sql<{ n: number }>`select count(*) as n from ${sql.table(staged)}`, db);
  const added = await count(
    sql<{ n: number }>`select count(*) as n from ${sql.table(staged)} as s
      where not exists (select 1 from ${sql.table(target)} as t where t.id = s.id)`,
    db,
  );
  const updated = await count(
    sql<{ n: number }>`select count(*) as n from ${sql.table(staged)} as s join ${sql.table(target)} as t on t.id = s.id
      where ${differs(fields, 't', 's')}`,
    db,
  );
  const columns = ['id', ...fields, 'created_at', 'updated_at'];
  const assignments = [...fields, 'created_at', 'updated_at'].map(
    (field) => sql`${sql.ref(field)} = excluded.${sql.ref(field)}`,
  );
  // created_at: the export's, else the one already stored, else now. `where true` keeps SQLite from reading
  // ON CONFLICT as part of the SELECT.
  await sql`insert into ${sql.table(target)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select ${sql.join(['id', ...fields].map((c) => sql.ref(`s.${c}`)))},
      coalesce(s.created_at, (select t.created_at from ${sql.table(target)} as t where t.id = s.id), ${sql.lit(now)}), ${sql.lit(now)}
    from ${sql.table(staged)} as s where true
    on conflict (id) do update set ${sql.join(assignments)}
    where ${differs(fields, target, 'excluded')}`.execute(db);
  if (!deactivateMissing) return { added, updated, unchanged: total - added - updated, deactivated: 0 };
  const deactivation = await sql`update ${sql.table(target)} set active = 0, updated_at = ${now}
    where active = 1 and not exists (select 1 from ${sql.table(staged)} as s where s.id = ${sql.ref(`${target}.id`)})`.execute(
    db,
  );
  const deactivated = Number(deactivation.numAffectedRows ?? 0);
  return { added, updated, unchanged: total - added - updated, deactivated };
}

/** A whole catalog (an export, a full sync) deactivates what it lacks; one changed object (a webhook) does not. */
export interface MergeOptions {
  deactivateMissing?: boolean;
}

export function mergeProducts(db: Kysely<ImportDatabase>, now: number, options?: MergeOptions): Promise<MergeCounts> {
  return mergeTable(db, 'products', 'import_products', PRODUCT_FIELDS, now, options);
}

export function mergePrices(db: Kysely<ImportDatabase>, now: number, options?: MergeOptions): Promise<MergeCounts> {
  return mergeTable(db, 'prices', 'import_prices', PRICE_FIELDS, now, options);
}

/** Recurring prices in the prices export: imported, never sold in the cart. */
export function countStagedRecurring(db: Kysely<ImportDatabase>): Promise<number> {
  return count(sql<{ n: number }>`select count(*) as n from import_prices where type = 'recurring'`, db);
}

/**
 * Each product sells at its options (src/catalog/options/: the shop's currency, labels, order; its Stripe default
 * price when that is an option, else the newest, is the price it sells at when none is chosen); listed products (active, with an option) get dense positions, newest
 * product first, so any storefront page is an index range however deep it is.
 */
export async function refreshListing(db: Kysely<ImportDatabase>): Promise<void> {
  const catalog = db as unknown as Kysely<Database>;
  await refreshOptions(catalog, await refreshShopCurrency(catalog));
  // Only rows whose value changes are written, so a re-import of an unchanged export rewrites nothing.
  await sql`update products set listing_position = ranked.position
    from (select id, case when active = 1 and default_price_id is not null
                  then row_number() over (partition by active = 1 and default_price_id is not null order by created_at desc, id)
                  end as position
          from products) as ranked
    where products.id = ranked.id and products.listing_position is distinct from ranked.position`.execute(db);
}

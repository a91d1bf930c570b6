/**
 * Applies the option rules (option-rules.ts) to the catalog's rows, inside the transaction that changed them: the
 * shop's currency, each price's label and place among its product's options, each product's option count and the
 * price it sells at when none is chosen (its newest option). Every path that writes price rows (import, sync,
 * webhooks) runs it through refreshListing, so they all sell the same prices. Only rows that change are written.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { commonestCurrency, defaultOption, optionLabel, productOptions, type OptionPrice } from './option-rules.js';

/** SHOP_CURRENCY's value for "the commonest currency" (src/config.ts), as stored in catalog_state.currency_setting. */
export const AUTOMATIC_CURRENCY = 'auto';

/** Rows per UPDATE ... CASE: far below both dialects' bound-parameter limits. */
const BATCH = 400;

function parseMetadata(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * Sets catalog_state.currency: SHOP_CURRENCY when it names one, else the commonest currency of active one-time
 * prices of active products. Returns it (null for a catalog with nothing to sell).
 */
export async function refreshShopCurrency(db: Kysely<Database>): Promise<string | null> {
  const state = await db.selectFrom('catalog_state').select('currency_setting').where('id', '=', 1).executeTakeFirst();
  const setting = state?.currency_setting ?? null;
  let currency: string | null;
  if (setting !== null && setting !== AUTOMATIC_CURRENCY) {
    currency = setting;
  } else {
    const counts = await db
      .selectFrom('prices')
      .innerJoin('products', 'products.id', 'prices.product_id')
      .select((eb) => ['prices.currency', eb.fn.count<number>('products.id').distinct().as('products'), eb.fn.max('products.created_at').as('newest')])
      .where('prices.active', '=', 1)
      .where('prices.type', '=', 'one_time')
      .where('products.active', '=', 1)
      .groupBy('prices.currency')
      .execute();
    currency = commonestCurrency(counts.map((row) => ({ currency: row.currency, products: Number(row.products), newest: Number(row.newest) })));
  }
  await sql`update catalog_state set currency = ${currency} where id = 1 and currency is distinct from ${currency}`.execute(db);
  return currency;
}

/** Each written column's SQL type: PostgreSQL reads an untyped parameter in a CASE as text. */
const COLUMN_TYPES: Record<string, 'integer' | 'text'> = { option_label: 'text', option_position: 'integer', option_count: 'integer', default_price_id: 'text' };

/** `update <table> set <column> = case id when ... end where id in (...)`, a batch at a time. */
async function writeColumns(db: Kysely<Database>, table: 'prices' | 'products', rows: Array<{ id: string; values: Record<string, string | number | null> }>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const columns = Object.keys(batch[0]!.values);
    const sets = columns.map((column) => {
      const type = sql.raw(COLUMN_TYPES[column]!);
      return sql`${sql.ref(column)} = case id ${sql.join(batch.map((row) => sql`when ${row.id} then cast(${row.values[column]} as ${type})`), sql` `)} end`;
    });
    await sql`update ${sql.table(table)} set ${sql.join(sets)} where id in (${sql.join(batch.map((row) => row.id))})`.execute(db);
  }
}

/**
 * Recomputes every price's label and option position and every product's option count and default price, for the
 * shop's currency (call refreshShopCurrency first). Reads the catalog once; writes only what differs.
 */
export async function refreshOptions(db: Kysely<Database>, shopCurrency: string | null): Promise<void> {
  const prices = await db
    .selectFrom('prices')
    .select([
      'prices.id', 'prices.product_id', 'prices.unit_amount', 'prices.currency', 'prices.type', 'prices.active', 'prices.created_at',
      'prices.description', 'prices.metadata', 'prices.option_label', 'prices.option_position',
    ])
    .execute();
  const byProduct = new Map<string, OptionPrice[]>();
  const priceChanges: Array<{ id: string; values: { option_label: string; option_position: number | null } }> = [];
  const positions = new Map<string, number>();
  for (const row of prices) {
    const price: OptionPrice = {
      id: row.id, productId: row.product_id, unitAmount: Number(row.unit_amount), currency: row.currency, type: row.type,
      active: row.active === 1, createdAt: Number(row.created_at), nickname: row.description, metadata: parseMetadata(row.metadata),
    };
    const list = byProduct.get(row.product_id);
    if (list) list.push(price);
    else byProduct.set(row.product_id, [price]);
  }
  const products = new Map<string, { count: number; first: string | null }>();
  for (const [productId, candidates] of byProduct) {
    const options = productOptions(candidates, shopCurrency);
    options.forEach((option, index) => positions.set(option.id, index + 1));
    products.set(productId, { count: options.length, first: defaultOption(options)?.id ?? null });
  }
  for (const row of prices) {
    const label = optionLabel({ nickname: row.description, metadata: parseMetadata(row.metadata) });
    const position = positions.get(row.id) ?? null;
    if (label !== row.option_label || position !== (row.option_position === null ? null : Number(row.option_position))) {
      priceChanges.push({ id: row.id, values: { option_label: label, option_position: position } });
    }
  }
  await writeColumns(db, 'prices', priceChanges);
  const current = await db.selectFrom('products').select(['id', 'option_count', 'default_price_id']).execute();
  const productChanges = current.flatMap((row) => {
    const wanted = products.get(row.id) ?? { count: 0, first: null };
    return Number(row.option_count) === wanted.count && row.default_price_id === wanted.first
      ? []
      : [{ id: row.id, values: { option_count: wanted.count, default_price_id: wanted.first } }];
  });
  await writeColumns(db, 'products', productChanges);
}

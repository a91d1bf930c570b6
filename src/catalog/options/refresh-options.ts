/**
 * Applies the option rules (option-rules.ts) to the catalog's rows, inside the transaction that changed them: the
 * shop's currency, each price's label and place among its product's options, each product's option count and the
 * price it sells at when none is chosen (its Stripe default price when that is an option, else its newest option).
 * Every path that writes price rows (import, sync,
 * webhooks) runs it through refreshListing, so they all sell the same prices. Set-wise SQL (a refresh of 100,000
 * unchanged prices reads no rows into the process); only rows that change are written.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { commonestCurrency, MAX_LABEL_LENGTH, optionLabel, optionPosition } from './option-rules.js';

/** SHOP_CURRENCY's value for "the commonest currency" (src/config.ts), as stored in catalog_state.currency_setting. */
export const AUTOMATIC_CURRENCY = 'auto';

/** Rows per UPDATE: far below both dialects' bound-parameter limits. */
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
      .select((eb) => [
        'prices.currency',
        eb.fn.count<number>('products.id').distinct().as('products'),
        eb.fn.max('products.created_at').as('newest'),
      ])
      .where('prices.active', '=', 1)
      .where('prices.type', '=', 'one_time')
      .where('products.active', '=', 1)
      .groupBy('prices.currency')
      .execute();
    currency = commonestCurrency(
      counts.map((row) => ({ currency: row.currency, products: Number(row.products), newest: Number(row.newest) })),
    );
  }
  await sql`update catalog_state set currency = ${currency} where id = 1 and currency is distinct from ${currency}`.execute(
    db,
  );
  return currency;
}

/**
 * Each price's label and `position (metadata)`: prices without metadata (nearly all) in one statement, labelled by
 * their nickname as optionLabel does; the few with metadata through optionLabel and optionPosition themselves.
 */
async function refreshLabels(db: Kysely<Database>): Promise<void> {
  const plainLabel = sql`substr(trim(description), 1, ${MAX_LABEL_LENGTH})`;
  await sql`update prices set option_label = ${plainLabel}, option_rank = null
    where metadata = '{}' and (option_label is distinct from ${plainLabel} or option_rank is not null)`.execute(db);
  const rows = await db
    .selectFrom('prices')
    .select(['id', 'description', 'metadata', 'option_label', 'option_rank'])
    .where('metadata', '<>', '{}')
    .execute();
  const changed = rows.flatMap((row) => {
    const metadata = parseMetadata(row.metadata);
    const label = optionLabel({ nickname: row.description, metadata });
    const rank = optionPosition(metadata) ?? null;
    return label === row.option_label && rank === (row.option_rank === null ? null : Number(row.option_rank))
      ? []
      : [{ id: row.id, label, rank }];
  });
  for (let start = 0; start < changed.length; start += BATCH) {
    const values = changed
      .slice(start, start + BATCH)
      .map((row) => sql`(${row.id}, ${row.label}, cast(${row.rank} as integer))`);
    await sql`update prices set option_label = v.column2, option_rank = v.column3
      from (values ${sql.join(values)}) as v where prices.id = v.column1`.execute(db);
  }
}

/**
 * Recomputes what the catalog sells, for the shop's currency (call refreshShopCurrency first): every price's label,
 * its place among its product's options (option_position, null when not sold), and each product's option count and
 * the price it sells at when none is chosen (the Stripe default price when it is one of the options, else the newest
 * option). Set-wise SQL; only rows that change are written.
 */
export async function refreshOptions(db: Kysely<Database>, shopCurrency: string | null): Promise<void> {
  await refreshLabels(db);
  const sold = sql`(p.active = 1 and p.type = 'one_time' and p.currency = ${shopCurrency})`;
  await sql`update prices set option_position = ranked.position
    from (select p.id, case when ${sold}
                 then row_number() over (partition by p.product_id, ${sold} order by p.option_rank is null, p.option_rank, p.unit_amount, p.created_at, p.id)
                 end as position
          from prices as p) as ranked
    where prices.id = ranked.id and prices.option_position is distinct from ranked.position`.execute(db);
  // Positions are dense from 1, so the count is the highest; both walk the (product_id, option_position) index.
  await sql`update products set option_count = c.n, default_price_id = c.own
    from (select products.id,
            coalesce((select max(p.option_position) from prices as p where p.product_id = products.id), 0) as n,
            (select p.id from prices as p where p.product_id = products.id and p.option_position is not null
             order by case when p.id = products.stripe_default_price_id then 0 else 1 end, p.created_at desc, p.id desc
             limit 1) as own
          from products) as c
    where products.id = c.id and (products.option_count is distinct from c.n or products.default_price_id is distinct from c.own)`.execute(
    db,
  );
}

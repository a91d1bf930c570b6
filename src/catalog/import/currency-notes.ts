/**
 * Prices of an export that the shop does not sell because they are in another currency than the shop's
 * (SHOP_CURRENCY, src/catalog/options/): imported like any other price, and named in the report so the owner knows
 * why they do not show. Read after the catalog's options are refreshed.
 */
import { sql, type Kysely } from 'kysely';
import type { ImportDatabase } from './staging.js';

export async function otherCurrencyNotes(
  db: Kysely<ImportDatabase>,
): Promise<Array<{ line: number; message: string }>> {
  const { rows } = await sql<{ line: number; id: string; currency: string; shop: string }>`
    select s.line, s.id, s.currency, catalog_state.currency as shop from import_prices as s
    join catalog_state on catalog_state.id = 1
    where s.active = 1 and s.type = 'one_time' and catalog_state.currency is not null and s.currency <> catalog_state.currency
    order by s.line`.execute(db);
  return rows.map((row) => ({
    line: Number(row.line),
    message: `price ${row.id} skipped: priced in ${row.currency.toUpperCase()}, and the shop sells in ${row.shop.toUpperCase()} (SHOP_CURRENCY)`,
  }));
}

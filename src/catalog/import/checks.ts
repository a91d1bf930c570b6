/** Checks that need the whole export: duplicate ids and prices of products that exist nowhere. Set-based SQL. */
import { sql, type Kysely } from 'kysely';
import type { ImportDatabase, StagingTables } from './staging.js';

export interface RowProblem {
  line: number;
  message: string;
}

/** Every row whose id already appeared on an earlier line of the same file. */
export async function duplicateIds(
  db: Kysely<ImportDatabase>,
  table: keyof StagingTables,
  label: string,
): Promise<RowProblem[]> {
  const { rows } = await sql<{ line: number; id: string; first_line: number }>`
    select staged.line, staged.id, repeated.first_line
    from ${sql.table(table)} as staged
    join (select id, min(line) as first_line from ${sql.table(table)} group by id having count(*) > 1) as repeated
      on repeated.id = staged.id
    where staged.line > repeated.first_line
    order by staged.line`.execute(db);
  return rows.map((row) => ({
    line: row.line,
    message: `duplicate ${label} id ${row.id} (first on line ${row.first_line})`,
  }));
}

/** Prices whose product is neither in this products export nor already in the catalog. */
export async function pricesOfUnknownProducts(db: Kysely<ImportDatabase>): Promise<RowProblem[]> {
  const rows = await db
    .selectFrom('import_prices as price')
    .select(['price.line', 'price.product_id', 'price.id'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('import_products as staged').select('staged.id').whereRef('staged.id', '=', 'price.product_id'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('products').select('products.id').whereRef('products.id', '=', 'price.product_id'))),
    )
    .orderBy('price.line')
    .execute();
  return rows.map((row) => ({ line: row.line, message: `price ${row.id} is for unknown product ${row.product_id}` }));
}

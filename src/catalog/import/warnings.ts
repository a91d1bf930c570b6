/**
 * Warnings about a clean prices export: rows that import fine but are probably not what the owner meant (a price of 0,
 * prices in a second currency). The import goes ahead; `kago import` prints them as `warning: file:line: ...`.
 * Set-based SQL over the staged rows, like the checks in checks.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { RowProblem } from './checks.js';
import type { ImportDatabase } from './staging.js';

/** Past this many warnings of one kind, one more line counts the rest (a 10,000-row export must not print 10,000). */
export const MAX_WARNINGS_PER_KIND = 20;

/** What the cart can sell: active one-time prices. */
const sellable = sql`active = 1 and type = 'one_time'`;

/** Sellable prices of 0: the product would be given away. */
async function zeroAmounts(db: Kysely<ImportDatabase>): Promise<RowProblem[]> {
  const { rows } = await sql<{ line: number; id: string; product_id: string }>`
    select line, id, product_id from import_prices where unit_amount = 0 and ${sellable} order by line`.execute(db);
  const warnings = rows.slice(0, MAX_WARNINGS_PER_KIND).map((row) => ({
    line: row.line,
    message: `Amount is 0: price ${row.id} sells product ${row.product_id} for nothing (check the Amount if that is not meant)`,
  }));
  const rest = rows.length - MAX_WARNINGS_PER_KIND;
  if (rest > 0)
    warnings.push({
      line: rows[MAX_WARNINGS_PER_KIND]!.line,
      message: `${rest} more prices have an Amount of 0 (the first of them here)`,
    });
  return warnings;
}

/**
 * A cart holds one currency, so prices in several currencies cannot be bought together. The shop's currency is the
 * one most sellable prices use; each other currency gets one warning, on its first line.
 */
async function mixedCurrencies(db: Kysely<ImportDatabase>): Promise<RowProblem[]> {
  const { rows } = await sql<{ currency: string; n: number; first_line: number }>`
    select currency, count(*) as n, min(line) as first_line from import_prices where ${sellable}
    group by currency order by count(*) desc, min(line)`.execute(db);
  if (rows.length < 2) return [];
  const [main, ...others] = rows.map((row) => ({ ...row, n: Number(row.n), code: row.currency.toUpperCase() }));
  const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
  const firsts = await db
    .selectFrom('import_prices')
    .select(['line', 'id'])
    .where(
      'line',
      'in',
      others.map((other) => other.first_line),
    )
    .execute();
  const idAt = new Map(firsts.map((row) => [row.line, row.id]));
  return others.map((other) => ({
    line: other.first_line,
    message:
      `price ${idAt.get(other.first_line)} is in ${other.code}, but ${main!.n} of ${total} prices are in ${main!.code}: a cart holds one ` +
      `currency, so ${other.code} and ${main!.code} items cannot be bought together (${other.n} ${other.code} price${other.n === 1 ? '' : 's'}, the first here)`,
  }));
}

/** Every warning about the staged prices, by line. */
export async function priceWarnings(db: Kysely<ImportDatabase>): Promise<RowProblem[]> {
  const warnings = [...(await zeroAmounts(db)), ...(await mixedCurrencies(db))];
  return warnings.sort((a, b) => a.line - b.line);
}

/**
 * Gives every product and price its integer id and every product its handle, inside the import's transaction.
 * Ids come from one counter shared by products and prices (an integer names one row of either) and are never
 * changed, so a re-import of the same Stripe ids keeps them. A handle is set once from the name and kept when the
 * name changes (links keep working); `handle (metadata)` sets it explicitly (checked for clashes before merging).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { handleFrom, metadataHandle, uniqueHandle } from '../handles.js';
import type { ImportDatabase } from './staging.js';

async function numberNew(db: Kysely<Database>, table: 'products' | 'prices'): Promise<void> {
  await sql`update ${sql.table(table)} set num_id = numbered.n
    from (select id, (select coalesce(max(m), 0) from (select max(num_id) as m from products union all select max(num_id) as m from prices) as top)
                 + row_number() over (order by created_at, id) as n
          from ${sql.table(table)} where num_id is null) as numbered
    where ${sql.ref(`${table}.id`)} = numbered.id`.execute(db);
}

/** Numbers new rows and gives handles to products without one (or whose `handle (metadata)` changed). */
export async function assignCatalogRefs(db: Kysely<Database>): Promise<void> {
  await numberNew(db, 'products');
  await numberNew(db, 'prices');
  // Products are read a page at a time (a first import of 100,000 held them all, with their metadata, at once):
  // explicit handles first (checked unique before the merge), then names, so a name never takes an asked-for handle.
  let taken: Set<string> | undefined;
  const takenHandles = async () =>
    (taken ??= new Set(
      (await db.selectFrom('products').select('handle').where('handle', 'is not', null).execute()).map(
        (row) => row.handle!,
      ),
    ));
  await eachPage(db, sql<boolean>`metadata like '%andle%'`, async (rows) => {
    const handles: HandleChange[] = [];
    for (const row of rows) {
      const explicit = metadataHandle(row.metadata);
      const given = explicit === undefined ? undefined : handleFrom(explicit);
      if (!given || given === row.handle) continue;
      const names = await takenHandles();
      if (row.handle !== null) names.delete(row.handle);
      names.add(given);
      handles.push({ id: row.id, handle: given });
    }
    return handles;
  });
  await eachPage(db, sql<boolean>`handle is null`, async (rows) => {
    if (rows.length === 0) return [];
    const names = await takenHandles();
    return rows.map((row) => {
      const handle = uniqueHandle(handleFrom(row.name) || `product-${row.num_id}`, names);
      names.add(handle);
      return { id: row.id, handle };
    });
  });
}

interface HandleChange {
  id: string;
  handle: string;
}

type PendingRow = { id: string; name: string; metadata: string; handle: string | null; num_id: number | null };

/**
 * Reads the products `where` picks, BATCH at a time in num_id order, and writes the handles `change` gives each
 * page (one statement a page: a first import of 100,000 products is 250 statements, not 100,000).
 */
async function eachPage(
  db: Kysely<Database>,
  where: RawBuilder<boolean>,
  change: (rows: PendingRow[]) => Promise<HandleChange[]>,
): Promise<void> {
  let after: number | undefined;
  for (;;) {
    let query = db
      .selectFrom('products')
      .select(['id', 'name', 'metadata', 'handle', 'num_id'])
      .where(where)
      .orderBy('num_id')
      .limit(BATCH);
    if (after !== undefined) query = query.where('num_id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.num_id);
    const handles = await change(rows);
    if (handles.length === 0) continue;
    const cases = sql.join(
      handles.map((row) => sql`when ${row.id} then ${row.handle}`),
      sql` `,
    );
    await sql`update products set handle = case id ${cases} end where id in (${sql.join(handles.map((row) => row.id))})`.execute(
      db,
    );
  }
}

const BATCH = 400;

/**
 * Problems with `handle (metadata)` in a products export, before anything is merged: a handle with no letter or
 * digit, two rows asking for one handle, or a handle another product already has.
 */
export async function handleProblems(db: Kysely<ImportDatabase>): Promise<Array<{ line: number; message: string }>> {
  const staged = await db
    .selectFrom('import_products')
    .select(['line', 'id', 'metadata'])
    .where('metadata', 'like', '%andle%')
    .orderBy('line')
    .execute();
  const asked = staged.flatMap((row) => {
    const explicit = metadataHandle(row.metadata);
    return explicit === undefined ? [] : [{ ...row, explicit, handle: handleFrom(explicit) }];
  });
  if (asked.length === 0) return [];
  const owners = new Map(
    (
      await db
        .selectFrom('products')
        .select(['id', 'handle'])
        .where('handle', 'in', asked.map((row) => row.handle).filter(Boolean))
        .execute()
    ).map((row) => [row.handle!, row.id]),
  );
  const problems: Array<{ line: number; message: string }> = [];
  const firstLine = new Map<string, number>();
  for (const row of asked) {
    const owner = owners.get(row.handle);
    if (!row.handle) problems.push({ line: row.line, message: `handle "${row.explicit}" has no letter or digit` });
    else if (firstLine.has(row.handle))
      problems.push({
        line: row.line,
        message: `handle ${row.handle} is also asked for on line ${firstLine.get(row.handle)}`,
      });
    else if (owner !== undefined && owner !== row.id)
      problems.push({ line: row.line, message: `handle ${row.handle} belongs to product ${owner}` });
    if (row.handle && !firstLine.has(row.handle)) firstLine.set(row.handle, row.line);
  }
  return problems;
}

/** The shop's currency is chosen with the options it sells (src/catalog/options/), in refreshListing. */
export { refreshShopCurrency } from '../options/index.js';

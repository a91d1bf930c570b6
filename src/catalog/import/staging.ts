/**
 * Staging tables: the whole export is streamed into temporary tables first, so memory stays flat and the checks
 * that need every row (duplicates, unknown products) and the merge are set-based SQL. Temporary tables are private
 * to the connection and, on SQLite, do not lock the shop's database while the file streams in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StagedPrice, StagedProduct } from './rows.js';

export interface StagingTables {
  import_products: StagedProduct;
  import_prices: StagedPrice;
}

export type ImportDatabase = Database & StagingTables;

/** Rows per INSERT: 15 columns x 400 rows stays far below both dialects' bound-parameter limits. */
export const BATCH_SIZE = 400;

export async function createStagingTables(db: Kysely<ImportDatabase>): Promise<void> {
  await dropStagingTables(db);
  await db.schema
    .createTable('import_products')
    .temporary()
    .addColumn('line', 'integer', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull())
    .addColumn('metadata', 'text', (col) => col.notNull())
    .addColumn('image', 'text')
    .addColumn('shippable', 'integer', (col) => col.notNull())
    .addColumn('stock_given', 'integer', (col) => col.notNull())
    .addColumn('stock', 'integer')
    .addColumn('stripe_default_price_id', 'text')
    .addColumn('created_at', 'bigint')
    .execute();
  await db.schema
    .createTable('import_prices')
    .temporary()
    .addColumn('line', 'integer', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('product_id', 'text', (col) => col.notNull())
    .addColumn('unit_amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('recurring_interval', 'text')
    .addColumn('recurring_interval_count', 'integer')
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull())
    .addColumn('tax_behavior', 'text', (col) => col.notNull())
    .addColumn('metadata', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('lookup_key', 'text')
    .addColumn('created_at', 'bigint')
    .execute();
}

/** Indexes built after loading (cheaper than maintaining them row by row) for the checks and the merge. */
export async function indexStagingTables(db: Kysely<ImportDatabase>): Promise<void> {
  await db.schema.createIndex('import_products_id').on('import_products').column('id').execute();
  await db.schema.createIndex('import_prices_id').on('import_prices').column('id').execute();
  await db.schema.createIndex('import_prices_product').on('import_prices').column('product_id').execute();
}

export async function dropStagingTables(db: Kysely<ImportDatabase>): Promise<void> {
  await db.schema.dropTable('import_products').ifExists().execute();
  await db.schema.dropTable('import_prices').ifExists().execute();
}

/** Buffers rows and inserts them BATCH_SIZE at a time. */
export class BatchWriter<T extends keyof StagingTables> {
  private rows: StagingTables[T][] = [];
  constructor(
    private readonly db: Kysely<ImportDatabase>,
    private readonly table: T,
  ) {}

  async add(row: StagingTables[T]): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH_SIZE) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.db
      .insertInto(this.table)
      .values(rows as never)
      .execute();
  }
}

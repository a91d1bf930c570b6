/**
 * The console's catalog pages: an index for the products list (by name, keyset-paged), and catalog uploads kept
 * between their dry run and "Apply" (in the database, so any process of the shop can apply what another previewed).
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('products_name_id').on('products').columns(['name', 'id']).execute();
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('admin_catalog_uploads')
    // Random (128 bits): the preview page's address.
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('admin_accounts.id').onDelete('cascade'))
    .addColumn('products_name', 'text')
    .addColumn('products_csv', bytes)
    .addColumn('prices_name', 'text')
    .addColumn('prices_csv', bytes)
    // SHA-256 of both files, checked again before they are applied.
    .addColumn('digest', 'text', (col) => col.notNull())
    // The dry run's report as JSON: apply refuses when the import would now do anything else.
    .addColumn('preview', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('admin_catalog_uploads_account')
    .on('admin_catalog_uploads')
    .column('account_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('admin_catalog_uploads').execute();
  await db.schema.dropIndex('products_name_id').execute();
}

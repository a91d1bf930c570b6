/** Products and prices, as imported from Stripe exports. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('metadata', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('image', 'text')
    .addColumn('default_price_id', 'text')
    .addColumn('listing_position', 'integer')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  // The storefront pages through listed products by position: page N is a range scan, however deep.
  // Not unique: the import renumbers only the rows that move, and PostgreSQL would check uniqueness row by row.
  await db.schema.createIndex('products_listing_position').on('products').column('listing_position').execute();

  await db.schema
    .createTable('prices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
    .addColumn('unit_amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull().check(sqlIn('type', ['one_time', 'recurring'])))
    .addColumn('recurring_interval', 'text')
    .addColumn('recurring_interval_count', 'integer')
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  // Finding a product's current one-time price: newest active one first.
  await db.schema
    .createIndex('prices_by_product')
    .on('prices')
    .columns(['product_id', 'type', 'active', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('prices').execute();
  await db.schema.dropTable('products').execute();
}

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/**
 * Line item properties and the cart's note and attributes (Shopify's Ajax Cart). Lines of one price with different
 * properties are different lines, so a cart line is named by its price and the hash of its properties ('' for none:
 * every line kept before this migration). The primary key changes, so the table is rebuilt (SQLite cannot alter
 * a primary key), the same way on SQLite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** JSON `{note, attributes}`; '' while the shopper has set neither. */
  await db.schema
    .alterTable('sessions')
    .addColumn('cart_details', 'text', (col) => col.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('cart_lines_by_properties')
    .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('price_id', 'text', (col) => col.notNull().references('prices.id'))
    /** 16 hex digits of SHA-256 over the properties; '' for none. */
    .addColumn('properties_hash', 'text', (col) => col.notNull().defaultTo(''))
    /** The properties as JSON, names in order; '' for none. */
    .addColumn('properties', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('quantity', 'integer', (col) => col.notNull().check(sql`quantity > 0`))
    .addColumn('unit_amount_added', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('cart_lines_line_pk', ['session_id', 'price_id', 'properties_hash'])
    .execute();
  await sql`insert into cart_lines_by_properties (session_id, price_id, quantity, unit_amount_added, created_at, updated_at)
    select session_id, price_id, quantity, unit_amount_added, created_at, updated_at from cart_lines`.execute(db);
  await db.schema.dropTable('cart_lines').execute();
  await db.schema.alterTable('cart_lines_by_properties').renameTo('cart_lines').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cart_lines_by_price')
    .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('price_id', 'text', (col) => col.notNull().references('prices.id'))
    .addColumn('quantity', 'integer', (col) => col.notNull().check(sql`quantity > 0`))
    .addColumn('unit_amount_added', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('cart_lines_pk', ['session_id', 'price_id'])
    .execute();
  // Lines that differ only by properties become one line again.
  await sql`insert into cart_lines_by_price (session_id, price_id, quantity, unit_amount_added, created_at, updated_at)
    select session_id, price_id, sum(quantity), max(unit_amount_added), min(created_at), max(updated_at)
    from cart_lines group by session_id, price_id`.execute(db);
  await db.schema.dropTable('cart_lines').execute();
  await db.schema.alterTable('cart_lines_by_price').renameTo('cart_lines').execute();
  await db.schema.alterTable('sessions').dropColumn('cart_details').execute();
}

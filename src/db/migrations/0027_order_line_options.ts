/** The option a shopper chose ("Large", "Box of 12"), kept with each order line as it was called when ordered. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** '' when the product offered no choice (and for lines ordered before this migration). */
  await db.schema
    .alterTable('order_lines')
    .addColumn('option_label', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('order_lines').dropColumn('option_label').execute();
}

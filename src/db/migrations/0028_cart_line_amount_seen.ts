/**
 * `cart_lines.unit_amount_added` becomes `unit_amount_seen`: it holds the unit amount the shopper last saw for the
 * line (when adding it, or when a page showed a price change), not only the amount at the add.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cart_lines').renameColumn('unit_amount_added', 'unit_amount_seen').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cart_lines').renameColumn('unit_amount_seen', 'unit_amount_added').execute();
}

/**
 * The shopper's language on the order (`en`, `ja`): the order mails are written in it, whichever language the shop
 * would choose by default when the mail goes out.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** The language the shopper read the shop in when checkout started; null for orders made before this migration. */
  await db.schema.alterTable('orders').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('language').execute();
}

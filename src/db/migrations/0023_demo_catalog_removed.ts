/**
 * `kago demo remove` (issue 16): when the owner took the bundled demo catalog out, so the start does not import it
 * again into a shop that is empty for the moment.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** Epoch ms of `kago demo remove`; null while the demo may be imported at start. */
  await db.schema.alterTable('catalog_state').addColumn('demo_removed_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalog_state').dropColumn('demo_removed_at').execute();
}

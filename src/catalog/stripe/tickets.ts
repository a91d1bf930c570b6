/**
 * The order of reads of Stripe (docs/decisions/0013-catalog-event-ordering.md). Every read takes a ticket first; a
 * larger ticket read Stripe later, so it saw every change a smaller one saw. A write from a read is kept only when
 * no later read has been written for that object: a webhook's object must beat the ticket its object was last
 * written with and the last full sync's; a full sync keeps what webhooks wrote after it began.
 */
import { sql, type Kysely, type QueryExecutorProvider, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A new ticket; taken before the read it orders, outside any transaction so it never waits for one. */
export async function takeTicket(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{
    ticket: number;
  }>`update catalog_sync_state set ticket = ticket + 1 where id = 1 returning ticket`.execute(db);
  return Number(rows[0]!.ticket);
}

export async function syncedTicket(db: QueryExecutorProvider): Promise<number> {
  const { rows } = await sql<{
    synced_ticket: number;
  }>`select synced_ticket from catalog_sync_state where id = 1`.execute(db);
  return Number(rows[0]?.synced_ticket ?? 0);
}

/** The latest ticket each object was written from: the full sync's, or a webhook's when later. */
export async function writtenTickets(trx: Transaction<Database>, ids: string[]): Promise<Map<string, number>> {
  const synced = await syncedTicket(trx);
  const rows = ids.length
    ? await trx.selectFrom('stripe_catalog_objects').select(['id', 'ticket']).where('id', 'in', ids).execute()
    : [];
  const found = new Map(rows.map((row) => [row.id, Number(row.ticket)]));
  return new Map(ids.map((id) => [id, Math.max(synced, found.get(id) ?? 0)]));
}

export async function recordWebhookTickets(trx: Transaction<Database>, ids: string[], ticket: number): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .insertInto('stripe_catalog_objects')
    .values(ids.map((id) => ({ id, ticket })))
    .onConflict((oc) => oc.column('id').doUpdateSet({ ticket: (eb) => eb.ref('excluded.ticket') }))
    .execute();
}

/** After a full sync: every object is now at least this late; the webhooks' older tickets say nothing more. */
export async function recordSyncTicket(trx: Transaction<Database>, ticket: number): Promise<void> {
  await trx.updateTable('catalog_sync_state').set({ synced_ticket: ticket }).where('id', '=', 1).execute();
  await trx.deleteFrom('stripe_catalog_objects').where('ticket', '<=', ticket).execute();
}

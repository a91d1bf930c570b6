/**
 * `product.created|updated|deleted` and `price.created|updated|deleted` webhooks -> the catalog, through the same
 * merge as an import (one object, nothing else deactivated). The event only says which object changed: the object
 * is read from Stripe as it is now, after taking a ticket, and written only when no later read of it has been
 * written (docs/decisions/0013-catalog-event-ordering.md), so late, repeated and out-of-order events never put an
 * older state back. Each event id is recorded in the transaction that applies it: applied once. A price whose
 * product the shop has not seen brings that product (read expanded with the price).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type Stripe from 'stripe';
import type { Database } from '../../db/schema.js';
import { applyStaged } from '../import/apply.js';
import { createStagingTables, dropStagingTables, type ImportDatabase } from '../import/staging.js';
import type { StripeCatalogReader } from './stripe-reader.js';
import { metadataValue, priceRow, productRow } from './stripe-rows.js';
import { recordWebhookTickets, takeTicket, writtenTickets } from './tickets.js';

export const CATALOG_EVENT_TYPES = [
  'product.created',
  'product.updated',
  'product.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
] as const;

export type CatalogEventOutcome = 'applied' | 'stale' | 'duplicate' | 'refused';

export interface CatalogEvents {
  handles(type: string): boolean;
  /** Applies the event (or finds it applied, stale or unusable); throws when Stripe or the database failed. */
  apply(event: Pick<Stripe.Event, 'id' | 'type' | 'data'>): Promise<CatalogEventOutcome>;
}

export interface CatalogEventsOptions {
  db: Kysely<Database>;
  reader: StripeCatalogReader;
  now: () => number;
  warn: (message: string) => void;
}

/** What a read found: the object, or that Stripe no longer has it (`gone`: deactivate it). */
type Read =
  | { kind: 'product'; id: string; object: Stripe.Product | undefined }
  | { kind: 'price'; id: string; object: Stripe.Price | undefined };

export function createCatalogEvents({ db, reader, now, warn }: CatalogEventsOptions): CatalogEvents {
  async function read(event: Pick<Stripe.Event, 'type' | 'data'>): Promise<Read[]> {
    const id = (event.data.object as { id: string }).id;
    if (event.type.startsWith('product.')) return [{ kind: 'product', id, object: await reader.product(id) }];
    const price = await reader.price(id);
    const reads: Read[] = [{ kind: 'price', id, object: price }];
    if (price && typeof price.product === 'object' && !price.product.deleted)
      reads.unshift({ kind: 'product', id: price.product.id, object: price.product });
    return reads;
  }

  async function stage(trx: Transaction<ImportDatabase>, reads: Read[]): Promise<string[]> {
    const problems: string[] = [];
    for (const { kind, id, object } of reads) {
      if (kind === 'product') {
        const stored = await trx.selectFrom('products').select('metadata').where('id', '=', id).executeTakeFirst();
        if (!object) {
          await copyStoredAsInactive(trx, 'products', id);
          continue;
        }
        const hadStock =
          stored !== undefined &&
          metadataValue(JSON.parse(stored.metadata) as Record<string, string>, 'stock') !== undefined;
        const result = productRow(object, hadStock || metadataValue(object.metadata ?? {}, 'stock') !== undefined);
        if ('row' in result)
          await trx
            .insertInto('import_products')
            .values({ ...result.row, line: 1 })
            .execute();
        else if ('problems' in result) problems.push(...result.problems.map((message) => `${id}: ${message}`));
      } else {
        if (!object) {
          await copyStoredAsInactive(trx, 'prices', id);
          continue;
        }
        const result = priceRow(object);
        if ('row' in result)
          await trx
            .insertInto('import_prices')
            .values({ ...result.row, line: 1 })
            .execute();
        else
          problems.push(
            'skip' in result ? result.skip : result.problems.map((message) => `${id}: ${message}`).join('; '),
          );
      }
    }
    return problems;
  }

  return {
    handles: (type) => (CATALOG_EVENT_TYPES as readonly string[]).includes(type),

    async apply(event) {
      const ticket = await takeTicket(db);
      const reads = await read(event);
      const time = now();
      return (db as unknown as Kysely<ImportDatabase>).connection().execute(async (conn) => {
        await createStagingTables(conn);
        try {
          return await conn.transaction().execute(async (trx): Promise<CatalogEventOutcome> => {
            await sql`update catalog_state set version = version where id = 1`.execute(trx); // the catalog's lock, first
            const recorded = await trx
              .insertInto('payment_events')
              .values({ id: (event as Stripe.Event).id, type: event.type, order_id: null, received_at: time })
              .onConflict((oc) => oc.column('id').doNothing())
              .executeTakeFirst();
            if (Number(recorded.numInsertedOrUpdatedRows ?? 0) === 0) return 'duplicate';
            // A price's product is written only when the shop has none: its own events keep it current.
            const known = new Set(
              (
                await trx
                  .selectFrom('products')
                  .select('id')
                  .where(
                    'id',
                    'in',
                    reads.map((r) => r.id),
                  )
                  .execute()
              ).map((row) => row.id),
            );
            const wanted = reads.filter(
              (r) => !(r.kind === 'product' && event.type.startsWith('price.') && known.has(r.id)),
            );
            const written = await writtenTickets(
              trx as unknown as Transaction<Database>,
              wanted.map((r) => r.id),
            );
            const fresh = wanted.filter((r) => ticket > written.get(r.id)!);
            if (fresh.length === 0) return 'stale';
            const problems = await stage(trx, fresh);
            if (problems.length > 0) {
              warn(`Stripe event ${event.id} (${event.type}) not applied: ${problems.join('; ')}`);
              return 'refused';
            }
            const products = fresh.some((r) => r.kind === 'product');
            const prices = fresh.some((r) => r.kind === 'price');
            await applyStaged(trx, { products, prices: prices ? { skipped: 0 } : undefined }, time, {
              deactivateMissing: false,
            });
            await recordWebhookTickets(
              trx as unknown as Transaction<Database>,
              fresh.map((r) => r.id),
              ticket,
            );
            return 'applied';
          });
        } finally {
          await dropStagingTables(conn);
        }
      });
    },
  };
}

/** Stripe no longer has it: staged as stored, inactive (never deleted: orders point at it). */
async function copyStoredAsInactive(
  trx: Transaction<ImportDatabase>,
  table: 'products' | 'prices',
  id: string,
): Promise<void> {
  if (table === 'products') {
    await sql`insert into import_products (line, id, name, description, active, metadata, image, shippable, stock_given, stock, stripe_default_price_id, created_at)
      select 1, id, name, description, 0, metadata, image, shippable, 0, null, stripe_default_price_id, created_at from products where id = ${id}`.execute(
      trx,
    );
  } else {
    await sql`insert into import_prices (line, id, product_id, unit_amount, currency, type, recurring_interval, recurring_interval_count, description, active, tax_behavior, metadata, lookup_key, created_at)
      select 1, id, product_id, unit_amount, currency, type, recurring_interval, recurring_interval_count, description, 0, tax_behavior, metadata, lookup_key, created_at
      from prices where id = ${id}`.execute(trx);
  }
}

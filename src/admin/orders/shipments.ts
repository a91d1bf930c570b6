/**
 * Shipping an order and marking it delivered, from the console. Each is one conditional UPDATE that only a paid,
 * unshipped order (or a shipped, undelivered one) passes, so of two owners pressing Ship at once, or one form sent
 * twice, exactly one changes the order; the other is refused and changes nothing. The audit entry and the
 * shopper's shipping mail (outbox, dedupe key `order-shipped:<id>`) are written in the same transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit-log.js';
import type { Database } from '../../db/schema.js';
import type { OutgoingMail, ShippingMail } from '../../mail/index.js';
import { AdminOrderError } from './errors.js';
import { nameWithOption } from '../../catalog/options/index.js';
import type { Shipment } from './shipment-input.js';

/** The part of the mail module shipping uses (src/mail/index.ts). */
export interface ShippingMailer {
  shippingMail(shipment: ShippingMail): OutgoingMail | undefined;
  write(trx: Kysely<Database>, messages: OutgoingMail[], now: number): Promise<number>;
  wake(): void;
}

/** Orders that may be shipped: paid (or paid and in review: the owner decides), physical, not refunded in full. */
const SHIPPABLE_STATUSES = ['paid', 'review'] as const;

/** Why `orderId` could not be shipped (read after the UPDATE passed it by). */
async function shipRefusal(trx: Transaction<Database>, orderId: string): Promise<AdminOrderError> {
  const row = await trx
    .selectFrom('orders')
    .select(['status', 'shipped_at', 'shipping_required', 'amount_paid', 'amount_refunded'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!row) return new AdminOrderError('order_not_found', 'There is no order with this number.');
  if (row.shipped_at !== null)
    return new AdminOrderError(
      'already_shipped',
      'This order was already shipped; its shipment stays as it was recorded.',
    );
  if (!(SHIPPABLE_STATUSES as readonly string[]).includes(row.status))
    return new AdminOrderError(
      'order_not_paid',
      `This order is ${row.status}, not paid: there is nothing to ship yet.`,
    );
  if (row.shipping_required !== 1)
    return new AdminOrderError('nothing_to_ship', 'This order holds nothing physical: there is nothing to send.');
  return new AdminOrderError('order_refunded', 'This order was refunded in full: it is not shipped.');
}

async function deliverRefusal(trx: Transaction<Database>, orderId: string): Promise<AdminOrderError> {
  const row = await trx.selectFrom('orders').select(['shipped_at']).where('id', '=', orderId).executeTakeFirst();
  if (!row) return new AdminOrderError('order_not_found', 'There is no order with this number.');
  if (row.shipped_at === null)
    return new AdminOrderError('not_shipped', 'This order has not been shipped: ship it before marking it delivered.');
  return new AdminOrderError('already_delivered', 'This order was already marked delivered.');
}

async function shippingMailOf(
  trx: Transaction<Database>,
  orderId: string,
  shipment: Shipment,
  mailer: ShippingMailer,
): Promise<OutgoingMail | undefined> {
  const order = await trx
    .selectFrom('orders')
    .select([
      'email',
      'customer_name',
      'ship_line1',
      'ship_line2',
      'ship_city',
      'ship_state',
      'ship_postal_code',
      'ship_country',
      'shipping_name',
      'language',
    ])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  if (!order.email) return undefined;
  const rows = await trx
    .selectFrom('order_lines')
    .select(['name', 'option_label', 'quantity'])
    .where('order_id', '=', orderId)
    .orderBy('position')
    .execute();
  const lines = rows.map((row) => ({ name: nameWithOption(row.name, row.option_label), quantity: row.quantity }));
  const address =
    order.ship_line1 !== null && order.ship_country !== null
      ? {
          name: order.customer_name,
          line1: order.ship_line1,
          line2: order.ship_line2,
          city: order.ship_city,
          state: order.ship_state,
          postalCode: order.ship_postal_code,
          country: order.ship_country,
        }
      : null;
  return mailer.shippingMail({
    orderId,
    email: order.email,
    name: order.customer_name,
    lines,
    address,
    shippingName: order.shipping_name,
    language: order.language,
    ...shipment,
  });
}

export function createShipments(db: Kysely<Database>, mailer: ShippingMailer, now: () => number) {
  return {
    /** Records the shipment, its audit entry and the shopper's mail; throws `AdminOrderError` (nothing changed) when refused. */
    async ship(orderId: string, shipment: Shipment, actor: Actor): Promise<void> {
      const at = now();
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('orders')
          .set({
            shipped_at: at,
            carrier: shipment.carrier,
            tracking_number: shipment.trackingNumber,
            tracking_url: shipment.trackingUrl,
            updated_at: at,
          })
          .where('id', '=', orderId)
          .where('status', 'in', SHIPPABLE_STATUSES)
          .where('shipped_at', 'is', null)
          .where('shipping_required', '=', 1)
          .where(sql<boolean>`amount_refunded < amount_paid`)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw await shipRefusal(trx, orderId);
        await recordAudit(trx, {
          actor,
          action: 'order.shipped',
          subjectType: 'order',
          subjectId: orderId,
          details: { ...shipment },
          at,
        });
        const mail = await shippingMailOf(trx, orderId, shipment, mailer);
        if (mail) await mailer.write(trx, [mail], at);
      });
      mailer.wake();
    },

    /** Marks a shipped order delivered, once; throws `AdminOrderError` (nothing changed) when refused. */
    async markDelivered(orderId: string, actor: Actor): Promise<void> {
      const at = now();
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('orders')
          .set({ delivered_at: at, updated_at: at })
          .where('id', '=', orderId)
          .where('shipped_at', 'is not', null)
          .where('delivered_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw await deliverRefusal(trx, orderId);
        await recordAudit(trx, { actor, action: 'order.delivered', subjectType: 'order', subjectId: orderId, at });
      });
    },
  };
}

export type Shipments = ReturnType<typeof createShipments>;

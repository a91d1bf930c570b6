/**
 * One order as the console shows it: what was bought, who bought it and where it goes, the amounts (refunded
 * included), the payment's ids with a link to it in the Stripe Dashboard, the shipment, what the owner may do next,
 * and the timeline.
 */
import { sql, type Kysely } from 'kysely';
import { listAudit } from '../audit-log.js';
import { toOrder, type Order } from '../../checkout/order.js';
import type { Database } from '../../db/schema.js';

/** As migration 0011 indexes it: the last 12 characters of a mail's dedupe key, its order's id. */
const MAIL_ORDER_ID = `substr(dedupe_key, length(dedupe_key) - 11)`;
import { orderTimeline, type TimelineEntry } from './timeline.js';

export interface AdminOrderDetail {
  order: Order;
  amountRefunded: number;
  refundedAt: number | null;
  reviewReason: string | null;
  shipment: {
    shippedAt: number;
    carrier: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    deliveredAt: number | null;
  } | null;
  /** The payment in the Stripe Dashboard (test-mode pages with a test key); null for the demo provider or before payment. */
  dashboardUrl: string | null;
  can: { ship: boolean; deliver: boolean; refund: boolean };
  timeline: TimelineEntry[];
}

export interface StripeDashboard {
  /** The shop's Stripe key is a test key: links go to the Dashboard's test mode. */
  testMode: boolean;
}

/** `https://dashboard.stripe.com/[test/]payments/<payment intent>`. */
export function paymentDashboardUrl(paymentIntentId: string, dashboard: StripeDashboard): string {
  return `https://dashboard.stripe.com/${dashboard.testMode ? 'test/' : ''}payments/${encodeURIComponent(paymentIntentId)}`;
}

/** Whether a Stripe secret key is a test-mode key (`sk_test_...`, restricted `rk_test_...`). */
export const isTestKey = (secretKey: string) => /^(sk|rk)_test_/.test(secretKey);

export function createOrderDetail(db: Kysely<Database>, dashboard: StripeDashboard | null) {
  return async function orderDetail(id: string): Promise<AdminOrderDetail | undefined> {
    const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const lines = await db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', id)
      .orderBy('position')
      .execute();
    // Every mail about the order has a dedupe key `<kind>:<order id>` (src/mail). The first condition is the
    // expression of the index mail_outbox_order_id (12-character ids, src/checkout/ids.ts); the second keeps it exact.
    const mails = await db
      .selectFrom('mail_outbox')
      .select(['kind', 'to_address', 'status', 'created_at', 'sent_at'])
      .where(sql.raw(MAIL_ORDER_ID), '=', row.id)
      .where('dedupe_key', 'like', `%:${row.id}`)
      .orderBy('created_at')
      .execute();
    const audit = await listAudit(db, 'order', id);
    const order = toOrder(row, lines);
    const paid = row.status === 'paid' || row.status === 'review';
    const amountRefunded = Number(row.amount_refunded);
    const shippedAt = row.shipped_at === null ? null : Number(row.shipped_at);
    const deliveredAt = row.delivered_at === null ? null : Number(row.delivered_at);
    const fullyRefunded = amountRefunded >= (order.amountPaid ?? 0);
    return {
      order,
      amountRefunded,
      refundedAt: row.refunded_at === null ? null : Number(row.refunded_at),
      reviewReason: row.review_reason,
      shipment:
        shippedAt === null
          ? null
          : {
              shippedAt,
              carrier: row.carrier,
              trackingNumber: row.tracking_number,
              trackingUrl: row.tracking_url,
              deliveredAt,
            },
      dashboardUrl:
        order.provider === 'stripe' && dashboard && order.paymentIntentId
          ? paymentDashboardUrl(order.paymentIntentId, dashboard)
          : null,
      can: {
        ship: paid && shippedAt === null && order.shippingRequired && !fullyRefunded,
        deliver: shippedAt !== null && deliveredAt === null,
        refund: paid && !fullyRefunded,
      },
      timeline: orderTimeline({
        createdAt: order.createdAt,
        paidAt: order.paidAt,
        provider: order.provider,
        shippedAt,
        deliveredAt,
        mails: mails.map((mail) => ({
          kind: mail.kind,
          to: mail.to_address,
          status: mail.status,
          createdAt: Number(mail.created_at),
          sentAt: mail.sent_at === null ? null : Number(mail.sent_at),
        })),
        audit,
      }),
    };
  };
}

/**
 * Refunds in SQL, and what each refund does to its order. Every step runs in a transaction whose first statement
 * writes the order's row, so steps for one order queue behind each other (PostgreSQL row lock; SQLite runs one
 * transaction at a time): the check "never more than paid minus refunded or pending" and the insert that follows
 * it cannot interleave with another owner's refund. A status change is a conditional update from the status read,
 * so a webhook and the console settling the same refund apply its effects once.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, RefundStatus, RefundTable } from '../../db/schema.js';
import { minorToMajor } from '../../money/index.js';
import { returnOrderStock } from '../../stock/returns.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit-log.js';
import { RefundError } from './errors.js';

export type RefundRow = Selectable<RefundTable>;

export interface Refund {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  failureReason: string | null;
  restock: boolean;
  providerRefundId: string | null;
  requestedByEmail: string | null;
  createdAt: number;
  updatedAt: number;
}

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    orderId: row.order_id,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    failureReason: row.failure_reason,
    restock: row.restock === 1,
    providerRefundId: row.provider_refund_id,
    requestedByEmail: row.requested_by_email,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The order's figures a refund needs, read under its row lock. */
export interface LockedOrder {
  id: string;
  status: string;
  provider: 'stripe' | 'demo';
  currency: string;
  amountPaid: number | null;
  paymentIntentId: string | null;
}

/** Takes the order's row lock (a write that changes nothing) and reads it; undefined when there is no such order. */
export async function lockOrder(trx: Transaction<Database>, orderId: string): Promise<LockedOrder | undefined> {
  const row = await trx
    .updateTable('orders')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', orderId)
    .returning(['id', 'status', 'provider', 'currency', 'amount_paid', 'payment_intent_id'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    status: row.status,
    provider: row.provider,
    currency: row.currency,
    amountPaid: row.amount_paid === null ? null : Number(row.amount_paid),
    paymentIntentId: row.payment_intent_id,
  };
}

/** Paid or in review with a payment recorded: money came in, so some may go back. */
export function isPaid(order: Pick<LockedOrder, 'status' | 'amountPaid'>): boolean {
  return (order.status === 'paid' || order.status === 'review') && order.amountPaid !== null;
}

/** What refunds hold of the payment: succeeded ones, and pending ones that may yet succeed. */
export async function heldByRefunds(db: Kysely<Database> | Transaction<Database>, orderId: string): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select(sql<string | number>`coalesce(sum(amount), 0)`.as('held'))
    .where('order_id', '=', orderId)
    .where('status', 'in', ['pending', 'succeeded'])
    .executeTakeFirstOrThrow();
  return Number(row.held);
}

export interface NewRefund {
  orderId: string;
  amount: number;
  reason: string | null;
  restock: boolean;
  /** The console form's one-time key; null for refunds found at the provider. */
  key: string | null;
  providerRefundId: string | null;
  actor: Actor | null;
}

export function newRefundId(): string {
  return `rf_${randomBytes(12).toString('hex')}`;
}

/** Inserts a pending refund of the locked order and records `refund.created`. */
export async function insertRefund(
  trx: Transaction<Database>,
  order: LockedOrder,
  refund: NewRefund,
  now: number,
): Promise<RefundRow> {
  const row: RefundRow = {
    id: newRefundId(),
    order_id: order.id,
    amount: refund.amount,
    currency: order.currency,
    status: 'pending',
    reason: refund.reason,
    failure_reason: null,
    restock: refund.restock ? 1 : 0,
    provider_refund_id: refund.providerRefundId,
    requested_by: refund.actor?.accountId ?? null,
    requested_by_email: refund.actor?.email ?? null,
    idempotency_key: refund.key,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('refunds').values(row).execute();
  await audit(trx, refund.actor, 'refund.created', row, now, { reason: refund.reason, restock: refund.restock });
  return row;
}

/**
 * The console's refund, checked and recorded pending: never more than the payment minus what refunds hold.
 * Throws RefundError (nothing changed) when the order is not paid or the amount does not fit.
 */
export async function openRefund(
  trx: Transaction<Database>,
  refund: NewRefund & { key: string },
  now: number,
): Promise<{ order: LockedOrder; row: RefundRow }> {
  const order = await lockOrder(trx, refund.orderId);
  if (!order) throw new RefundError('order_not_found', 'There is no order with this number.');
  if (!isPaid(order)) throw new RefundError('order_not_paid', 'Only a paid order can be refunded.');
  const remaining = order.amountPaid! - (await heldByRefunds(trx, order.id));
  if (refund.amount > remaining) {
    const left = `${minorToMajor(Math.max(0, remaining), order.currency)} ${order.currency.toUpperCase()}`;
    throw new RefundError(
      'amount_over_remaining',
      `${left} is left to refund on this order (paid, less refunds made or pending). Refund that much or less.`,
    );
  }
  return { order, row: await insertRefund(trx, order, refund, now) };
}

async function audit(
  trx: Transaction<Database>,
  actor: Actor | null,
  action: string,
  row: RefundRow,
  now: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(trx, {
    actor,
    action,
    subjectType: 'order',
    subjectId: row.order_id,
    details: { refundId: row.id, amount: Number(row.amount), currency: row.currency, ...extra },
    at: now,
  });
}

/**
 * Moves a refund to `status` (with the provider's refund id when it was not known yet) and applies what that means,
 * once: succeeded adds its amount to the order's `amount_refunded` (and puts the items back in stock when asked);
 * a succeeded refund that fails later takes it off again. Returns the row as it is after.
 */
export async function settleRefund(
  trx: Transaction<Database>,
  row: RefundRow,
  to: { status: RefundStatus; failureReason?: string | null; providerRefundId?: string | null },
  actor: Actor | null,
  now: number,
  lowStock: number,
): Promise<RefundRow> {
  const providerRefundId = row.provider_refund_id ?? to.providerRefundId ?? null;
  if (row.status === to.status) {
    if (providerRefundId === row.provider_refund_id) return row;
    await trx
      .updateTable('refunds')
      .set({ provider_refund_id: providerRefundId, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return { ...row, provider_refund_id: providerRefundId, updated_at: now };
  }
  const failureReason = to.status === 'failed' || to.status === 'canceled' ? (to.failureReason ?? null) : null;
  const moved = await trx
    .updateTable('refunds')
    .set({ status: to.status, failure_reason: failureReason, provider_refund_id: providerRefundId, updated_at: now })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0)
    return await trx.selectFrom('refunds').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  const after: RefundRow = {
    ...row,
    status: to.status,
    failure_reason: failureReason,
    provider_refund_id: providerRefundId,
    updated_at: now,
  };
  const amount = Number(row.amount);
  if (to.status === 'succeeded') {
    await trx
      .updateTable('orders')
      .set((eb) => ({ amount_refunded: eb('amount_refunded', '+', amount), refunded_at: now, updated_at: now }))
      .where('id', '=', row.order_id)
      .execute();
    const returned = row.restock === 1 ? await returnOrderStock(trx, row.order_id, now, lowStock) : undefined;
    await audit(trx, actor, 'refund.succeeded', after, now, returned ? { restocked: returned } : {});
    return after;
  }
  if (row.status === 'succeeded') {
    // Stripe can fail a refund it reported succeeded (the bank sent it back): the money is with the shop again.
    await trx
      .updateTable('orders')
      .set((eb) => ({ amount_refunded: eb('amount_refunded', '-', amount), updated_at: now }))
      .where('id', '=', row.order_id)
      .execute();
  }
  if (to.status !== 'pending')
    await audit(trx, actor, `refund.${to.status}`, after, now, failureReason ? { failureReason } : {});
  return after;
}

export async function refundByKey(db: Kysely<Database>, key: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export async function refundsOf(db: Kysely<Database>, orderId: string): Promise<Refund[]> {
  const rows = await db
    .selectFrom('refunds')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRefund);
}

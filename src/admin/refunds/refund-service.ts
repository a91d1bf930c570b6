/**
 * Refunding paid orders from the console, and keeping refunds made elsewhere (the Stripe Dashboard) in step. A
 * console refund is recorded pending first (checked against what is left, under the order's lock), then made: at
 * Stripe with an idempotency key per refund, or offline for demo orders. The form's one-time key finds the refund
 * again when the form is sent twice, so a resubmission retries the same refund and never makes a second one.
 * Stripe's word on a refund is read back from Stripe itself (the refunds of the payment), whatever event brought
 * it, so repeated and out-of-order events settle on the same state.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AmountFormatError, majorToMinor } from '../../money/index.js';
import { hasStockToReturn } from '../../stock/returns.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit-log.js';
import { RefundError } from './errors.js';
import {
  heldByRefunds,
  insertRefund,
  isPaid,
  lockOrder,
  openRefund,
  refundByKey,
  refundsOf,
  settleRefund,
  toRefund,
  type Refund,
  type RefundRow,
} from './refund-store.js';
import { ProviderRefusedError, ProviderUnavailableError, type RefundProvider } from './stripe-refunds.js';

export type { Refund } from './refund-store.js';

/** The reasons Stripe takes; the console offers these (or none). */
export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** What the console asks for: the amount as the owner typed it, in major units of the order's currency. */
export interface RefundRequest {
  orderId: string;
  amount: string;
  reason: string | null;
  restock: boolean;
  /** The form's one-time key. */
  key: string;
  actor: Actor;
}

/** An order's refunds as the refund page shows them. */
export interface RefundOverview {
  order: {
    id: string;
    status: string;
    provider: 'stripe' | 'demo';
    currency: string;
    amountPaid: number | null;
    amountRefunded: number;
  };
  /** Paid, less what succeeded and pending refunds hold; 0 for unpaid orders. */
  remaining: number;
  paid: boolean;
  refunds: Refund[];
  /** The order took counted stock that a refund can still put back. */
  canRestock: boolean;
}

export interface RefundServiceDeps {
  db: Kysely<Database>;
  /** Set when the shop takes payments through Stripe. */
  stripe: RefundProvider | undefined;
  now: () => number;
  /** LOW_STOCK: putting items back may change what the storefront says. */
  lowStock: number;
  log: { warn(details: object, message: string): void };
}

const KEY = /^[A-Za-z0-9_-]{16,100}$/;

export function createRefundService({ db, stripe, now, lowStock, log }: RefundServiceDeps) {
  function parseAmount(input: string, currency: string): number {
    let amount: number;
    try {
      amount = majorToMinor(input.trim(), currency);
    } catch (error) {
      if (error instanceof AmountFormatError)
        throw new RefundError(
          'amount_malformed',
          `${error.message}. Write the amount in ${currency.toUpperCase()} as digits, like ${currency === 'jpy' ? '1500' : '12.50'}.`,
        );
      throw error;
    }
    if (amount <= 0) throw new RefundError('amount_not_positive', 'Write an amount above zero.');
    return amount;
  }

  /** Asks Stripe for the refund of `row` and records its answer. */
  async function makeAtStripe(row: RefundRow, paymentIntentId: string, actor: Actor): Promise<Refund> {
    if (!stripe)
      throw new RefundError(
        'provider_unavailable',
        'The shop has no Stripe key (STRIPE_SECRET_KEY), so it cannot refund a Stripe payment. The refund is pending.',
      );
    const settle = (to: Parameters<typeof settleRefund>[2]) =>
      db.transaction().execute(async (trx) => {
        await lockOrder(trx, row.order_id);
        const fresh = await trx.selectFrom('refunds').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
        return settleRefund(trx, fresh, to, actor, now(), lowStock);
      });
    try {
      const made = await stripe.create({
        refundId: row.id,
        orderId: row.order_id,
        paymentIntentId,
        amount: Number(row.amount),
        reason: row.reason,
      });
      return toRefund(
        await settle({ status: made.status, failureReason: made.failureReason, providerRefundId: made.id }),
      );
    } catch (error) {
      if (error instanceof ProviderRefusedError) {
        await settle({ status: 'failed', failureReason: error.message });
        throw new RefundError('provider_refused', `${error.message} Nothing was refunded.`);
      }
      if (error instanceof ProviderUnavailableError) {
        log.warn(
          { refundId: row.id, orderId: row.order_id, err: { message: error.message } },
          'Stripe did not answer a refund: it stays pending',
        );
        throw new RefundError(
          'provider_unavailable',
          "Stripe did not answer, so the refund is pending. Send this form again to retry: it cannot refund twice. Stripe's webhook settles it too.",
        );
      }
      throw error;
    }
  }

  /** The form was sent before: the same refund again, carried on where it stopped. */
  async function resume(
    row: RefundRow,
    request: RefundRequest,
    amount: number,
    paymentIntentId: string | null,
  ): Promise<Refund> {
    if (row.order_id !== request.orderId || Number(row.amount) !== amount) {
      throw new RefundError(
        'form_reused',
        'This form already made another refund. Open the refund page again for a new one.',
      );
    }
    if (row.status === 'failed' || row.status === 'canceled')
      throw new RefundError('provider_refused', `${row.failure_reason ?? 'The refund failed.'} Nothing was refunded.`);
    if (row.status === 'pending' && row.provider_refund_id === null && paymentIntentId !== null)
      return makeAtStripe(row, paymentIntentId, request.actor);
    return toRefund(row);
  }

  async function refund(request: RefundRequest): Promise<Refund> {
    if (!KEY.test(request.key))
      throw new RefundError('form_key_missing', 'Open the refund page again: the form lacks its one-time key.');
    const order = await db
      .selectFrom('orders')
      .select(['status', 'amount_paid', 'currency', 'provider', 'payment_intent_id'])
      .where('id', '=', request.orderId)
      .executeTakeFirst();
    if (!order) throw new RefundError('order_not_found', 'There is no order with this number.');
    if (!isPaid({ status: order.status, amountPaid: order.amount_paid }))
      throw new RefundError('order_not_paid', 'Only a paid order can be refunded: this one has not been paid.');
    const amount = parseAmount(request.amount, order.currency);
    const reason = request.reason || null;
    if (reason !== null && !(REFUND_REASONS as readonly string[]).includes(reason))
      throw new RefundError(
        'reason_unknown',
        `Choose one of the reasons listed (${REFUND_REASONS.join(', ')}), or none.`,
      );
    const viaStripe = order.provider === 'stripe';
    if (viaStripe && order.payment_intent_id === null) {
      throw new RefundError(
        'provider_refused',
        'This order has no Stripe payment recorded, so kago cannot refund it. Refund it in the Stripe Dashboard; the webhook brings the refund here.',
      );
    }
    const paymentIntentId = viaStripe ? order.payment_intent_id : null;

    const sent = await refundByKey(db, request.key);
    if (sent) return resume(sent, request, amount, paymentIntentId);
    const asked = {
      orderId: request.orderId,
      amount,
      reason,
      restock: request.restock,
      key: request.key,
      providerRefundId: null,
      actor: request.actor,
    };
    let row: RefundRow;
    try {
      row = await db.transaction().execute(async (trx) => {
        const opened = await openRefund(trx, asked, now());
        // Demo orders took no real money: the refund is made offline, at once.
        return viaStripe
          ? opened.row
          : settleRefund(trx, opened.row, { status: 'succeeded' }, request.actor, now(), lowStock);
      });
    } catch (error) {
      // The same form sent twice at once: the other request inserted its key first.
      const other = error instanceof RefundError ? undefined : await refundByKey(db, request.key);
      if (other) return resume(other, request, amount, paymentIntentId);
      throw error;
    }
    return paymentIntentId === null ? toRefund(row) : makeAtStripe(row, paymentIntentId, request.actor);
  }

  /** Records Stripe's refunds of a payment as they are now; the order's id, or undefined when no order has it. */
  async function syncPayment(paymentIntentId: string): Promise<string | undefined> {
    const order = await db
      .selectFrom('orders')
      .select(['id', 'currency'])
      .where('payment_intent_id', '=', paymentIntentId)
      .executeTakeFirst();
    if (!order) {
      log.warn({ paymentIntentId }, 'Stripe refund for a payment of no order ignored');
      return undefined;
    }
    if (!stripe) return order.id;
    const found = await stripe.list(paymentIntentId);
    for (const refund of found.reverse()) {
      if (refund.currency !== order.currency) continue; // cannot happen for one payment; never mix currencies
      await db.transaction().execute(async (trx) => {
        const locked = (await lockOrder(trx, order.id))!;
        let row = await trx
          .selectFrom('refunds')
          .selectAll()
          .where('provider_refund_id', '=', refund.id)
          .executeTakeFirst();
        // A refund the console started, before its answer was recorded: its metadata names it.
        if (!row && refund.kagoRefundId)
          row = await trx
            .selectFrom('refunds')
            .selectAll()
            .where('id', '=', refund.kagoRefundId)
            .where('order_id', '=', order.id)
            .executeTakeFirst();
        row ??= await insertRefund(
          trx,
          locked,
          {
            orderId: order.id,
            amount: refund.amount,
            reason: refund.reason,
            restock: false,
            key: null,
            providerRefundId: refund.id,
            actor: null,
          },
          now(),
        );
        await settleRefund(
          trx,
          row,
          { status: refund.status, failureReason: refund.failureReason, providerRefundId: refund.id },
          null,
          now(),
          lowStock,
        );
      });
    }
    return order.id;
  }

  /** A dispute puts the paid order in review (once), whatever it was in review for before. */
  async function disputeOpened(dispute: {
    id: string;
    paymentIntentId: string;
    amount: number;
    currency: string;
    reason: string;
  }): Promise<string | undefined> {
    return db.transaction().execute(async (trx) => {
      const flagged = await trx
        .updateTable('orders')
        .set({ status: 'review', review_reason: 'dispute', updated_at: now() })
        .where('payment_intent_id', '=', dispute.paymentIntentId)
        .where('status', 'in', ['paid', 'review'])
        .where((eb) => eb.or([eb('review_reason', 'is', null), eb('review_reason', '<>', 'dispute')]))
        .returning('id')
        .executeTakeFirst();
      if (!flagged) {
        const known = await trx
          .selectFrom('orders')
          .select('id')
          .where('payment_intent_id', '=', dispute.paymentIntentId)
          .executeTakeFirst();
        if (!known)
          log.warn({ paymentIntentId: dispute.paymentIntentId }, 'Stripe dispute for a payment of no order ignored');
        return known?.id;
      }
      const details = {
        disputeId: dispute.id,
        amount: dispute.amount,
        currency: dispute.currency,
        reason: dispute.reason,
      };
      await recordAudit(trx, {
        actor: null,
        action: 'dispute.created',
        subjectType: 'order',
        subjectId: flagged.id,
        details,
        at: now(),
      });
      return flagged.id;
    });
  }

  return {
    refund,
    syncPayment,
    disputeOpened,

    async overview(orderId: string): Promise<RefundOverview | undefined> {
      const order = await db
        .selectFrom('orders')
        .select(['id', 'status', 'provider', 'currency', 'amount_paid', 'amount_refunded'])
        .where('id', '=', orderId)
        .executeTakeFirst();
      if (!order) return undefined;
      const amountPaid = order.amount_paid === null ? null : Number(order.amount_paid);
      const paid = isPaid({ status: order.status, amountPaid });
      const remaining = paid ? Math.max(0, amountPaid! - (await heldByRefunds(db, order.id))) : 0;
      return {
        order: {
          id: order.id,
          status: order.status,
          provider: order.provider,
          currency: order.currency,
          amountPaid,
          amountRefunded: Number(order.amount_refunded),
        },
        remaining,
        paid,
        refunds: await refundsOf(db, order.id),
        canRestock: await hasStockToReturn(db, order.id),
      };
    },
  };
}

export type RefundService = ReturnType<typeof createRefundService>;

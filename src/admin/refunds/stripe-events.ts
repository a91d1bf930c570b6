/**
 * The Stripe webhook events that concern refunds and disputes (`charge.refunded`, `refund.created`,
 * `refund.updated`, `refund.failed`, `charge.dispute.created`), turned into calls on the refund service. Refund
 * events only name the payment: its refunds are then read from Stripe as they are now, so a late, repeated or
 * out-of-order event changes nothing that a newer one already recorded.
 */
import type Stripe from 'stripe';
import type { RefundService } from './refund-service.js';

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** Handles the event when it is one of these; returns the order it concerned (undefined when none, or not ours). */
export async function handleRefundEvent(
  refunds: Pick<RefundService, 'syncPayment' | 'disputeOpened'>,
  event: Stripe.Event,
): Promise<string | undefined> {
  switch (event.type) {
    case 'charge.refunded': {
      const paymentIntentId = idOf(event.data.object.payment_intent);
      return paymentIntentId ? refunds.syncPayment(paymentIntentId) : undefined;
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const paymentIntentId = idOf(event.data.object.payment_intent);
      return paymentIntentId ? refunds.syncPayment(paymentIntentId) : undefined;
    }
    case 'charge.dispute.created': {
      const dispute = event.data.object;
      const paymentIntentId = idOf(dispute.payment_intent);
      if (!paymentIntentId) return undefined;
      return refunds.disputeOpened({
        id: dispute.id,
        paymentIntentId,
        amount: dispute.amount,
        currency: dispute.currency,
        reason: dispute.reason,
      });
    }
    default:
      return undefined;
  }
}

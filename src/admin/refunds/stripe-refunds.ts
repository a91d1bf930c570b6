/**
 * Refunds through the Stripe Refunds API (official SDK). Each refund the console asks for carries the idempotency
 * key `kago-refund-<refund id>`, so a retried request (the SDK's own retries, or the owner sending the form again)
 * never refunds twice, and the kago refund id in its metadata, so a webhook that arrives before the API's answer
 * still finds the refund it belongs to.
 */
import type Stripe from 'stripe';
import type { RefundStatus } from '../../db/schema.js';

/** A refund as the provider tells it. */
export interface ProviderRefund {
  id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  failureReason: string | null;
  /** The kago refund this one was made for (console refunds); undefined for Dashboard refunds. */
  kagoRefundId: string | undefined;
}

export interface RefundRequestToProvider {
  refundId: string;
  orderId: string;
  paymentIntentId: string;
  amount: number;
  reason: string | null;
}

/** The provider said no (a 4xx answer): the refund did not happen. */
export class ProviderRefusedError extends Error {
  override name = 'ProviderRefusedError';
}

/** No answer, or one that does not say what happened (network, 5xx, 409, 429): the refund may have happened. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

export interface RefundProvider {
  create(request: RefundRequestToProvider): Promise<ProviderRefund>;
  /** Every refund of one payment, newest first. */
  list(paymentIntentId: string): Promise<ProviderRefund[]>;
}

/** `requires_action` (some payment methods) waits for the customer: pending, as far as the shop is concerned. */
function statusOf(status: string | null): RefundStatus {
  if (status === 'succeeded' || status === 'failed' || status === 'canceled') return status;
  return 'pending';
}

export function providerRefund(refund: Stripe.Refund): ProviderRefund {
  return {
    id: refund.id,
    amount: refund.amount,
    currency: refund.currency,
    status: statusOf(refund.status),
    reason: refund.reason ?? null,
    failureReason: refund.failure_reason ?? null,
    kagoRefundId: refund.metadata?.kago_refund_id || undefined,
  };
}

function definitive(errors: Stripe['errors'], error: unknown): boolean {
  return (
    error instanceof errors.StripeError &&
    error.statusCode !== undefined &&
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    error.statusCode !== 409 &&
    error.statusCode !== 429
  );
}

export function createStripeRefunds(client: Stripe): RefundProvider {
  return {
    async create({ refundId, orderId, paymentIntentId, amount, reason }) {
      try {
        const refund = await client.refunds.create(
          {
            payment_intent: paymentIntentId,
            amount,
            ...(reason ? { reason: reason as Stripe.RefundCreateParams.Reason } : {}),
            metadata: { kago_refund_id: refundId, order_id: orderId },
          },
          { idempotencyKey: `kago-refund-${refundId}` },
        );
        return providerRefund(refund);
      } catch (error) {
        if (definitive(client.errors, error)) throw new ProviderRefusedError((error as Error).message);
        throw new ProviderUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
      }
    },

    async list(paymentIntentId) {
      const refunds = await client.refunds
        .list({ payment_intent: paymentIntentId, limit: 100 })
        .autoPagingToArray({ limit: 10_000 });
      return refunds.map(providerRefund);
    },
  };
}

/**
 * Refunds for the fake Stripe, with Stripe's rules: a refund names a payment (`payment_intent` or `charge`) that
 * was paid; `amount` defaults to what is left and may never exceed it (`amount_too_large`); a fully refunded charge
 * is `charge_already_refunded`; `reason` is one of Stripe's three; `metadata` is kept. Refunds start `succeeded` (as
 * card refunds do) or, when a test asks, `pending`; a test settles those later and makes refunds as the Dashboard
 * would. Idempotency keys are the fake's general ones (idempotency.ts).
 */
import { allowOnly, enumParam, integerParam, metadataParam, stringParam } from './params.js';
import { invalidRequest, randomId, StripeApiError, type Params } from './wire.js';

export type FakeRefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface FakeCharge {
  id: string;
  object: 'charge';
  amount: number;
  /** What refunds hold: succeeded and pending ones, as Stripe counts it. */
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  refunded: boolean;
  created: number;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  failure_reason: string | null;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: FakeRefundStatus;
}

export interface RefundState {
  now: () => number;
  /** Paid charges by payment intent id. */
  charges: Map<string, FakeCharge>;
  refunds: Map<string, FakeRefund>;
  /** The status new refunds start in. */
  startAs: 'succeeded' | 'pending';
}

export function newRefundState(now: () => number): RefundState {
  return { now, charges: new Map(), refunds: new Map(), startAs: 'succeeded' };
}

/** A payment was taken (a Checkout Session completed): its charge can be refunded. */
export function recordCharge(state: RefundState, paymentIntent: string, amount: number, currency: string): FakeCharge {
  const charge: FakeCharge = {
    id: randomId('ch'),
    object: 'charge',
    amount,
    amount_refunded: 0,
    currency,
    payment_intent: paymentIntent,
    refunded: false,
    created: Math.floor(state.now() / 1000),
  };
  state.charges.set(paymentIntent, charge);
  return charge;
}

function chargeOf(state: RefundState, params: Params): FakeCharge {
  const paymentIntent = stringParam(params.payment_intent, 'payment_intent');
  const chargeId = stringParam(params.charge, 'charge');
  if (paymentIntent === undefined && chargeId === undefined)
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  const charge =
    paymentIntent !== undefined
      ? state.charges.get(paymentIntent)
      : [...state.charges.values()].find((found) => found.id === chargeId);
  if (!charge) {
    const [name, id] = paymentIntent !== undefined ? ['payment_intent', paymentIntent] : ['charge', chargeId];
    throw new StripeApiError(404, 'invalid_request_error', `No such ${name}: '${id}'`, {
      code: 'resource_missing',
      param: name,
    });
  }
  return charge;
}

/** `amount`, in the charge's currency, refunded from what is left; `startAs` unless given. */
export function makeRefund(
  state: RefundState,
  charge: FakeCharge,
  amount: number,
  fields: { reason?: string | null; metadata?: Record<string, string>; status?: FakeRefundStatus } = {},
): FakeRefund {
  const left = charge.amount - charge.amount_refunded;
  if (left <= 0)
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
  if (amount > left) {
    throw invalidRequest(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
      'amount',
      'amount_too_large',
    );
  }
  const refund: FakeRefund = {
    id: randomId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: Math.floor(state.now() / 1000),
    currency: charge.currency,
    failure_reason: null,
    metadata: fields.metadata ?? {},
    payment_intent: charge.payment_intent,
    reason: fields.reason ?? null,
    status: fields.status ?? state.startAs,
  };
  state.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  return refund;
}

/** POST /v1/refunds. */
export function createRefund(state: RefundState, params: Params): FakeRefund {
  allowOnly(params, [
    'amount',
    'charge',
    'currency',
    'customer',
    'expand',
    'instructions_email',
    'metadata',
    'origin',
    'payment_intent',
    'reason',
    'refund_application_fee',
    'reverse_transfer',
  ]);
  const charge = chargeOf(state, params);
  const amount =
    params.amount === undefined
      ? charge.amount - charge.amount_refunded
      : integerParam(params.amount, 'amount', 1, 99_999_999);
  const reason = enumParam(params.reason, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null;
  return makeRefund(state, charge, amount, { reason, metadata: metadataParam(params.metadata) });
}

export function findRefund(state: RefundState, id: string): FakeRefund {
  const refund = state.refunds.get(id);
  if (!refund)
    throw new StripeApiError(404, 'invalid_request_error', `No such refund: '${id}'`, {
      code: 'resource_missing',
      param: 'id',
    });
  return refund;
}

/** GET /v1/refunds: newest first, filtered by payment_intent or charge. */
export function refundsFor(state: RefundState, params: Params): FakeRefund[] {
  allowOnly(params, ['charge', 'created', 'ending_before', 'expand', 'limit', 'payment_intent', 'starting_after']);
  const paymentIntent = stringParam(params.payment_intent, 'payment_intent');
  const chargeId = stringParam(params.charge, 'charge');
  return [...state.refunds.values()]
    .filter(
      (refund) =>
        (paymentIntent === undefined || refund.payment_intent === paymentIntent) &&
        (chargeId === undefined || refund.charge === chargeId),
    )
    .reverse();
}

/** The bank's answer to a pending refund (or a succeeded one that bounced): what it held goes back to the charge when it fails. */
export function settleFakeRefund(
  state: RefundState,
  id: string,
  status: 'succeeded' | 'failed' | 'canceled',
  failureReason: string | null = null,
): FakeRefund {
  const refund = findRefund(state, id);
  if (status !== 'succeeded' && refund.status !== 'failed' && refund.status !== 'canceled') {
    const charge = state.charges.get(refund.payment_intent)!;
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
  }
  Object.assign(refund, { status, failure_reason: status === 'succeeded' ? null : (failureReason ?? 'unknown') });
  return structuredClone(refund);
}

/** A dispute the customer's bank opened on the whole charge, as `charge.dispute.created` carries it. */
export function makeDispute(state: RefundState, paymentIntent: string, reason = 'fraudulent') {
  const charge = state.charges.get(paymentIntent);
  if (!charge) throw new Error(`fake Stripe: no charge for ${paymentIntent}`);
  return {
    id: randomId('du'),
    object: 'dispute' as const,
    amount: charge.amount,
    charge: charge.id,
    currency: charge.currency,
    payment_intent: paymentIntent,
    reason,
    status: 'needs_response',
    created: Math.floor(state.now() / 1000),
    metadata: {},
  };
}

/**
 * Why a refund was refused: one home for each refusal's code, HTTP status and words, read by the console's refund
 * page and the docs. Except for `provider_refused` (a failed refund is recorded), nothing changed.
 */

export type RefundErrorCode =
  | 'order_not_found'
  | 'order_not_paid'
  | 'amount_malformed'
  | 'amount_not_positive'
  | 'amount_over_remaining'
  | 'reason_unknown'
  | 'form_key_missing'
  | 'form_reused'
  | 'provider_refused'
  | 'provider_unavailable';

const REFUSALS: Record<RefundErrorCode, { status: number; title: string }> = {
  order_not_found: { status: 404, title: 'No such order' },
  order_not_paid: { status: 409, title: 'This order has not been paid' },
  amount_malformed: { status: 422, title: 'The amount is not an amount' },
  amount_not_positive: { status: 422, title: 'The amount must be more than zero' },
  amount_over_remaining: { status: 422, title: 'The amount is more than is left to refund' },
  reason_unknown: { status: 422, title: 'Unknown reason' },
  form_key_missing: { status: 400, title: 'This form is incomplete' },
  form_reused: { status: 409, title: 'This form was sent before' },
  provider_refused: { status: 502, title: 'Stripe refused the refund' },
  provider_unavailable: { status: 503, title: 'Stripe did not answer' },
};

export class RefundError extends Error {
  override name = 'RefundError';
  readonly status: number;
  readonly title: string;
  /** `description`: one or two sentences for the owner, saying what to do. */
  constructor(
    readonly code: RefundErrorCode,
    readonly description: string,
  ) {
    super(REFUSALS[code].title);
    this.status = REFUSALS[code].status;
    this.title = REFUSALS[code].title;
  }
}

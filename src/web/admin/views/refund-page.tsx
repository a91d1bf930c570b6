/**
 * The refund page of an order: what was paid and refunded, the refunds so far, and the form for a new one (amount
 * prefilled with what is left, reason, "put the items back in stock", and the form's one-time key).
 */
import type { RefundOverview } from '../../../admin/refunds/refund-service.js';
import { orderNumber } from '../../../checkout/ids.js';
import { minorToMajor } from '../../../money/index.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';
import { TableScroll } from './table-scroll.js';

const REASONS: [value: string, label: string][] = [
  ['', 'No reason given'],
  ['requested_by_customer', 'Requested by the customer'],
  ['duplicate', 'Duplicate payment'],
  ['fraudulent', 'Fraudulent payment'],
];

const STATUS_WORDS: Record<string, string> = {
  pending: 'Pending',
  succeeded: 'Refunded',
  failed: 'Failed',
  canceled: 'Canceled',
};

export interface RefundFormValues {
  amount: string;
  reason: string;
  restock: boolean;
  key: string;
}

export interface RefundPageProps {
  ctx: AdminPageContext;
  overview: RefundOverview;
  form: RefundFormValues | undefined;
  problem?: { title: string; description: string } | undefined;
}

export function RefundPage({ ctx, overview, form, problem }: RefundPageProps) {
  const { order } = overview;
  const money = (minor: number) => ctx.formatPrice(minor, order.currency);
  const number = orderNumber(order.id);
  const orderUrl = `/admin/orders/${encodeURIComponent(order.id)}`;
  return (
    <AdminLayout ctx={ctx} title={`Refund order ${number}`} section="orders">
      <p>
        <a href={orderUrl}>Back to order {number}</a>
      </p>
      <h1>Refund order {number}</h1>
      {problem ? (
        <div class="console-problem" role="alert" id="refund-problem">
          <p>
            <strong>{problem.title}</strong>
          </p>
          <p>{problem.description}</p>
        </div>
      ) : null}
      <dl class="refund-figures">
        <dt>Paid</dt>
        <dd>{order.amountPaid === null ? 'Not paid' : money(order.amountPaid)}</dd>
        <dt>Refunded</dt>
        <dd>{money(order.amountRefunded)}</dd>
        <dt>Left to refund</dt>
        <dd>{money(overview.remaining)}</dd>
        <dt>Payment</dt>
        <dd>
          {order.provider === 'stripe' ? 'Stripe (refunded through Stripe)' : 'Demo (refunded here, no money moves)'}
        </dd>
      </dl>
      {overview.refunds.length > 0 ? <RefundTable ctx={ctx} overview={overview} /> : null}
      {!overview.paid ? (
        <p>This order has not been paid: there is nothing to refund.</p>
      ) : overview.remaining === 0 ? (
        <p>Everything paid for this order is refunded, or held by a pending refund.</p>
      ) : form ? (
        <form method="post" action={`${orderUrl}/refund`} class="console-form">
          <input type="hidden" name="key" value={form.key} />
          <label for="amount">Amount to refund ({order.currency.toUpperCase()})</label>
          <input
            id="amount"
            name="amount"
            inputmode="decimal"
            value={form.amount}
            required
            aria-describedby={problem ? 'refund-problem amount-help' : 'amount-help'}
          />
          <p id="amount-help" class="refund-help">
            At most {money(overview.remaining)}. Less refunds part of the order.
          </p>
          <label for="reason">Reason</label>
          <select id="reason" name="reason">
            {REASONS.map(([value, label]) => (
              <option value={value} selected={value === form.reason}>
                {label}
              </option>
            ))}
          </select>
          {overview.canRestock ? (
            <label class="refund-restock">
              <input type="checkbox" name="restock" value="1" checked={form.restock} /> Put the order's items back in
              stock
            </label>
          ) : (
            <p class="refund-help">The order's items are not counted in stock, or were put back already.</p>
          )}
          <button type="submit" class="console-button console-button--danger">
            Refund
          </button>
        </form>
      ) : null}
    </AdminLayout>
  );
}

function RefundTable({ ctx, overview }: { ctx: AdminPageContext; overview: RefundOverview }) {
  return (
    <TableScroll label="Refunds of this order">
      <table class="console-table">
        <caption>Refunds of this order</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col" class="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Asked by</th>
          </tr>
        </thead>
        <tbody>
          {overview.refunds.map((refund) => (
            <tr>
              <td>{ctx.formatTime(refund.createdAt)}</td>
              <td class="num">{ctx.formatPrice(refund.amount, refund.currency)}</td>
              <td>
                {STATUS_WORDS[refund.status] ?? refund.status}
                {refund.failureReason ? ` (${refund.failureReason})` : ''}
              </td>
              <td>{refund.reason ?? ''}</td>
              <td>{refund.requestedByEmail ?? 'Stripe Dashboard'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** What the form starts with: everything left, no reason, no restock, a new one-time key. */
export function freshRefundForm(overview: RefundOverview, key: string): RefundFormValues {
  return { amount: minorToMajor(overview.remaining, overview.order.currency), reason: '', restock: false, key };
}

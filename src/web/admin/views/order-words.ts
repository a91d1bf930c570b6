/** The console's words for orders: review reasons, an order's state in one phrase, and timeline events. */
import type { OrderListRow, TimelineEntry } from '../../../admin/orders/index.js';
import type { AdminPageContext } from './admin-page-context.js';

const REVIEW_REASONS: Record<string, string> = {
  amount_mismatch: 'the amount paid is not the order total',
  currency_mismatch: 'paid in another currency than the order',
  shipping_mismatch: 'the shipping charged is not one the shop offered',
  stock_gone: 'the stock was gone when the payment arrived',
  dispute: 'the customer disputed the payment',
};

export const reviewReasonText = (reason: string | null) =>
  reason ? (REVIEW_REASONS[reason] ?? reason.replace(/_/g, ' ')) : 'no reason recorded';

/** "Awaiting payment", "Paid", "Shipped", "Delivered", "Needs review", "Refunded", ... for a list row. */
export function orderStateText(
  row: Pick<OrderListRow, 'status' | 'shippedAt' | 'deliveredAt' | 'amountRefunded' | 'total' | 'shippingRequired'>,
): string {
  const base =
    row.status === 'pending'
      ? 'Awaiting payment'
      : row.status === 'failed'
        ? 'Payment failed'
        : row.status === 'expired'
          ? 'Checkout expired'
          : row.deliveredAt !== null
            ? 'Delivered'
            : row.shippedAt !== null
              ? 'Shipped'
              : row.status === 'review'
                ? 'Needs review'
                : row.shippingRequired
                  ? 'Paid, to ship'
                  : 'Paid (nothing to ship)';
  if (row.amountRefunded <= 0) return base;
  return `${base}, ${row.amountRefunded >= row.total ? 'refunded' : 'partly refunded'}`;
}

const MAIL_KINDS: Record<string, string> = {
  'order-confirmation': 'Order confirmation',
  'order-notice': 'New-order notice to the shop',
  'order-shipped': 'Shipping mail',
};

function amountOf(details: Record<string, unknown>, ctx: AdminPageContext): string | null {
  const amount = details.amount;
  const currency = details.currency;
  return typeof amount === 'number' && typeof currency === 'string' ? ctx.formatPrice(amount, currency) : null;
}

/** One timeline entry as a sentence (without its time and who). */
export function timelineText(entry: TimelineEntry, ctx: AdminPageContext): string {
  const details = entry.details;
  const amount = amountOf(details, ctx);
  const reason = typeof details.reason === 'string' ? ` (${details.reason})` : '';
  switch (entry.event) {
    case 'order.created':
      return 'Order placed (checkout started)';
    case 'order.paid':
      return `Paid${details.provider === 'demo' ? ' with the demo payment provider' : ' through Stripe'}`;
    case 'mail': {
      const kind = MAIL_KINDS[String(details.kind)] ?? String(details.kind);
      const status =
        details.status === 'sent'
          ? 'sent'
          : details.status === 'pending'
            ? 'waiting to be sent'
            : String(details.status);
      return `${kind} to ${String(details.to)}: ${status}`;
    }
    case 'order.shipped': {
      const carrier = typeof details.carrier === 'string' ? ` with ${details.carrier}` : '';
      const tracking = typeof details.trackingNumber === 'string' ? `, tracking number ${details.trackingNumber}` : '';
      return `Shipped${carrier}${tracking}`;
    }
    case 'order.delivered':
      return 'Marked delivered';
    case 'refund.created':
      return `Refund of ${amount ?? 'an amount'} requested${reason}`;
    case 'refund.succeeded':
      return `Refunded ${amount ?? ''}${reason}`.trim();
    case 'refund.failed':
      return `Refund of ${amount ?? 'an amount'} failed${reason}`;
    case 'dispute.created':
      return `Payment disputed${amount ? ` (${amount})` : ''}${reason}`;
    default:
      return `${entry.event}${amount ? `: ${amount}` : ''}`;
  }
}

export function timelineWho(entry: TimelineEntry): string {
  if (entry.actorEmail) return entry.actorEmail;
  if (entry.by === 'provider') return entry.details.provider === 'demo' ? 'the demo payment page' : 'Stripe';
  return entry.by === 'shopper' ? 'the customer' : 'the shop';
}

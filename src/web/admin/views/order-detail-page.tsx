/**
 * /admin/orders/:id: what was bought, the amounts (refunded included), the customer and delivery address, the
 * payment with its Stripe Dashboard link, the shipment (ship and delivered forms), a Refund link while there is
 * something left to refund, and the timeline.
 */
import type { AdminOrderDetail } from '../../../admin/orders/index.js';
import { orderNumber } from '../../../checkout/ids.js';
import { addressLines } from '../../../mail/templates/order-summary.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';
import { ShipmentSection, TimelineSection } from './order-shipment.js';
import { orderStateText, reviewReasonText } from './order-words.js';
import { TableScroll } from './table-scroll.js';

function Lines({ detail, ctx }: { detail: AdminOrderDetail; ctx: AdminPageContext }) {
  const { order } = detail;
  const money = (minor: number) => ctx.formatPrice(minor, order.currency);
  const rows: [string, string, string][] = [
    ['Items', money(order.itemsAmount), 'items'],
    [order.shipping ? `Shipping (${order.shipping.name})` : 'Shipping', money(order.shipping?.amount ?? 0), 'shipping'],
    [order.taxAdded ? 'Tax (added)' : order.taxAmount > 0 ? 'Tax (included)' : 'Tax', money(order.taxAmount), 'tax'],
    [
      order.amountPaid === null ? 'Total (not paid)' : 'Total paid',
      money(order.amountPaid ?? order.totalAmount),
      'total',
    ],
    ['Refunded', money(detail.amountRefunded), 'refunded'],
  ];
  return (
    <TableScroll label="Items as bought">
      <table class="console-table">
        <caption>Items as bought</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Price
            </th>
            <th scope="col" class="num">
              Qty
            </th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr>
              <th scope="row">
                {line.name}
                {line.optionLabel ? <span data-line-option> — {line.optionLabel}</span> : null}{' '}
                <small>({line.productId})</small>
              </th>
              <td class="num">{money(line.unitAmount)}</td>
              <td class="num">{line.quantity}</td>
              <td class="num">{money(line.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {rows.map(([label, value, key]) => (
            <tr>
              <th scope="row" colspan={3} class="num">
                {label}
              </th>
              <td class="num" data-amount={key}>
                {value}
              </td>
            </tr>
          ))}
        </tfoot>
      </table>
    </TableScroll>
  );
}

function Customer({ detail, ctx }: { detail: AdminOrderDetail; ctx: AdminPageContext }) {
  const { order } = detail;
  const address = order.address ? addressLines({ ...order.address, name: order.name }, ctx.lang) : null;
  return (
    <section aria-labelledby="customer-heading">
      <h2 id="customer-heading">Customer and delivery</h2>
      <dl class="order-facts">
        <dt>Name</dt>
        <dd>{order.name ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{order.email ? <a href={`mailto:${order.email}`}>{order.email}</a> : '—'}</dd>
        <dt>Phone</dt>
        <dd>{order.phone ?? '—'}</dd>
        <dt>Delivery address</dt>
        <dd data-address>
          {address
            ? address.map((line, index) => (
                <>
                  {index > 0 ? <br /> : null}
                  {line}
                </>
              ))
            : order.shippingRequired
              ? 'not collected yet'
              : 'none (nothing to ship)'}
        </dd>
        <dt>Shipping method</dt>
        <dd>{order.shipping?.name ?? '—'}</dd>
        {/* The cart's note and attributes (all of them: `_` ones are hidden from shoppers, not from the owner). */}
        <dt>Note</dt>
        <dd data-order-note>{order.note ?? '—'}</dd>
        {Object.entries(order.attributes).map(([name, value]) => (
          <>
            <dt>{name}</dt>
            <dd data-order-attribute={name}>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function Payment({ detail }: { detail: AdminOrderDetail }) {
  const { order } = detail;
  return (
    <section aria-labelledby="payment-heading">
      <h2 id="payment-heading">Payment</h2>
      <dl class="order-facts" data-payment>
        <dt>Provider</dt>
        <dd>{order.provider === 'stripe' ? 'Stripe' : 'Demo payments (no real money)'}</dd>
        <dt>Checkout session</dt>
        <dd>
          <code>{order.providerSessionId ?? '—'}</code>
        </dd>
        <dt>Payment intent</dt>
        <dd>
          <code>{order.paymentIntentId ?? '—'}</code>
        </dd>
      </dl>
      {detail.dashboardUrl ? (
        <p>
          <a href={detail.dashboardUrl} rel="noreferrer noopener" data-dashboard>
            This payment in the Stripe Dashboard
          </a>
        </p>
      ) : null}
    </section>
  );
}

export function OrderDetailPageView({
  ctx,
  detail,
  notice,
}: {
  ctx: AdminPageContext;
  detail: AdminOrderDetail;
  notice?: string;
}) {
  const { order } = detail;
  const number = orderNumber(order.id);
  const state = orderStateText({
    ...order,
    shippedAt: detail.shipment?.shippedAt ?? null,
    deliveredAt: detail.shipment?.deliveredAt ?? null,
    amountRefunded: detail.amountRefunded,
    total: order.amountPaid ?? order.totalAmount,
  });
  return (
    <AdminLayout ctx={ctx} title={`Order ${number}`} section="orders">
      <p>
        <a href="/admin/orders">← Orders</a>
      </p>
      <h1>Order {number}</h1>
      {notice ? (
        <p class="console-notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        Placed {ctx.formatTime(order.createdAt)} · <strong data-state>{state}</strong>
      </p>
      {order.status === 'review' ? (
        <p class="console-problem" data-review>
          Needs review: {reviewReasonText(detail.reviewReason)}.
        </p>
      ) : null}
      {detail.can.refund ? (
        <p>
          <a href={`/admin/orders/${encodeURIComponent(order.id)}/refund`} class="console-button" data-refund>
            Refund
          </a>
        </p>
      ) : null}
      <Lines detail={detail} ctx={ctx} />
      <div class="order-columns">
        <Customer detail={detail} ctx={ctx} />
        <Payment detail={detail} />
      </div>
      <ShipmentSection detail={detail} ctx={ctx} />
      <TimelineSection detail={detail} ctx={ctx} />
    </AdminLayout>
  );
}

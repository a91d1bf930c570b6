/** Parts of the console's order page: the shipment with its ship and delivered forms, and the timeline. */
import type { AdminOrderDetail } from '../../../admin/orders/index.js';
import type { AdminPageContext } from './admin-page-context.js';
import { timelineText, timelineWho } from './order-words.js';

export function ShipmentSection({ detail, ctx }: { detail: AdminOrderDetail; ctx: AdminPageContext }) {
  const { shipment, order, can } = detail;
  const action = `/admin/orders/${encodeURIComponent(order.id)}`;
  return (
    <section aria-labelledby="shipment-heading">
      <h2 id="shipment-heading">Shipment</h2>
      {shipment ? (
        <dl class="order-facts" data-shipment>
          <dt>Shipped</dt>
          <dd>{ctx.formatTime(shipment.shippedAt)}</dd>
          <dt>Carrier</dt>
          <dd>{shipment.carrier ?? '—'}</dd>
          <dt>Tracking number</dt>
          <dd>{shipment.trackingNumber ?? '—'}</dd>
          {shipment.trackingUrl ? (
            <>
              <dt>Tracking</dt>
              <dd>
                <a href={shipment.trackingUrl} rel="noreferrer noopener">
                  Track the parcel
                </a>
              </dd>
            </>
          ) : null}
          <dt>Delivered</dt>
          <dd>{shipment.deliveredAt === null ? 'not yet' : ctx.formatTime(shipment.deliveredAt)}</dd>
        </dl>
      ) : (
        <p>{order.shippingRequired ? 'Not shipped yet.' : 'Nothing in this order is shipped.'}</p>
      )}
      {can.ship ? (
        <form method="post" action={`${action}/ship`} class="console-form" data-ship-form>
          {order.status === 'review' ? (
            <p class="console-problem">This order needs review. Ship it only once the payment and stock are settled.</p>
          ) : null}
          <label for="carrier">Carrier</label>
          <input id="carrier" name="carrier" required maxlength={100} autocomplete="off" />
          <label for="tracking_number">Tracking number</label>
          <input id="tracking_number" name="tracking_number" required maxlength={100} autocomplete="off" />
          <label for="tracking_url">Tracking link (optional, https://…)</label>
          <input id="tracking_url" name="tracking_url" type="url" maxlength={2000} autocomplete="off" />
          <button type="submit" class="console-button">
            Mark shipped and email the customer
          </button>
        </form>
      ) : null}
      {can.deliver ? (
        <form method="post" action={`${action}/delivered`} data-deliver-form>
          <button type="submit" class="console-button">
            Mark delivered
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function TimelineSection({ detail, ctx }: { detail: AdminOrderDetail; ctx: AdminPageContext }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="order-timeline" data-timeline>
        {detail.timeline.map((entry) => (
          <li data-event={entry.event}>
            <time datetime={new Date(entry.at).toISOString()}>{ctx.formatTime(entry.at)}</time>{' '}
            {timelineText(entry, ctx)}{' '}
            <span class="order-timeline__who">
              by {timelineWho(entry)}
              {entry.ip ? ` from ${entry.ip}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * An order as the shopper sees it (success page and order page): number, status, lines, then items, shipping, tax
 * and total separately, and who it goes to.
 */
import type { Child } from 'hono/jsx';
import { orderNumber } from '../../checkout/ids.js';
import type { Order } from '../../checkout/order.js';
import { countryName } from '../../shipping/countries.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

const STATUS: Record<Order['status'], { heading: string; text: string }> = {
  paid: { heading: 'Thank you for your order', text: 'Paid. We have your order and will get it ready.' },
  review: { heading: 'Thank you for your order', text: 'Your payment was received and is being checked by the shop before your order is prepared.' },
  pending: { heading: 'Waiting for your payment', text: 'Your payment has not been confirmed yet. This page shows the new status once it is.' },
  failed: { heading: 'Payment failed', text: 'The payment did not go through. Nothing was charged; your cart still holds the items.' },
  expired: { heading: 'Checkout expired', text: 'The time to pay ran out. Nothing was charged; your cart still holds the items.' },
};

/** What tax the order carries, as the payment provider reported it. */
function taxText(ctx: PageContext, order: Order): string {
  if (order.status !== 'paid' && order.status !== 'review') return 'Computed at payment';
  if (order.taxAmount > 0) return order.taxAdded ? ctx.formatPrice(order.taxAmount, order.currency) : `${ctx.formatPrice(order.taxAmount, order.currency)} (included in prices)`;
  return order.provider === 'demo' ? 'Not computed (demo)' : 'None charged separately';
}

function shippingText(ctx: PageContext, order: Order): string {
  if (!order.shippingRequired) return 'Not needed (nothing to ship)';
  if (!order.shipping) return 'Chosen at payment';
  return `${order.shipping.name}: ${order.shipping.amount === 0 ? 'Free' : ctx.formatPrice(order.shipping.amount, order.currency)}`;
}

function OrderTotals({ ctx, order }: { ctx: PageContext; order: Order }) {
  const price = (amount: number) => ctx.formatPrice(amount, order.currency);
  const row = (label: string, value: string, data: string) => (
    <tr>
      <th scope="row" colspan={3}>
        {label}
      </th>
      <td {...{ [`data-order-${data}`]: '' }}>{value}</td>
    </tr>
  );
  return (
    <tfoot>
      {row('Items', price(order.itemsAmount), 'items')}
      {row('Shipping', shippingText(ctx, order), 'shipping')}
      {row('Tax', taxText(ctx, order), 'tax')}
      <tr>
        <th scope="row" colspan={3}>
          Total
        </th>
        <td data-order-total>{price(order.totalAmount)}</td>
      </tr>
    </tfoot>
  );
}

/** Contact and delivery address of a paid order. */
export function OrderContact({ order }: { order: Order }) {
  if (!order.email && !order.address) return null;
  const address = order.address;
  return (
    <section class="order-contact" aria-labelledby="order-contact-title">
      <h2 id="order-contact-title">{address ? 'Delivery' : 'Contact'}</h2>
      <dl>
        {order.email ? (
          <>
            <dt>Email</dt>
            <dd data-order-email>{order.email}</dd>
          </>
        ) : null}
        {order.phone ? (
          <>
            <dt>Phone</dt>
            <dd data-order-phone>{order.phone}</dd>
          </>
        ) : null}
        {address ? (
          <>
            <dt>Deliver to</dt>
            <dd>
              <address data-order-address>
                {order.name ? <>{order.name}<br /></> : null}
                {address.country === 'JP' ? `〒${address.postalCode} ` : ''}
                {address.country === 'JP' && address.state ? `${address.state} ` : ''}
                {address.country === 'JP' ? address.city : ''}
                {address.country === 'JP' ? <br /> : null}
                {address.line1}
                {address.line2 ? <>, {address.line2}</> : null}
                <br />
                {address.country === 'JP' ? '' : `${address.city}${address.state ? `, ${address.state}` : ''} ${address.postalCode}`}
                {address.country === 'JP' ? null : <br />}
                {countryName(address.country) ?? address.country}
              </address>
            </dd>
          </>
        ) : order.name ? (
          <>
            <dt>Name</dt>
            <dd>{order.name}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** The cart's note and attributes, carried to the order; `_`-prefixed attributes stay hidden, as in Shopify. */
export function OrderNote({ order }: { order: Order }) {
  const attributes = Object.entries(order.attributes).filter(([name]) => !name.startsWith('_'));
  if (order.note === null && attributes.length === 0) return null;
  return (
    <section class="order-note" aria-labelledby="order-note-title">
      <h2 id="order-note-title">Your note</h2>
      <dl>
        {order.note !== null ? (
          <>
            <dt>Note</dt>
            <dd data-order-note>{order.note}</dd>
          </>
        ) : null}
        {attributes.map(([name, value]) => (
          <>
            <dt>{name}</dt>
            <dd data-order-attribute={name}>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

export function OrderSummary({ ctx, order }: { ctx: PageContext; order: Order }) {
  const price = (amount: number) => ctx.formatPrice(amount, order.currency);
  return (
    <table class="order-lines">
      <caption class="visually-hidden">Items in order {orderNumber(order.id)}</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Price</th>
          <th scope="col">Quantity</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {order.lines.map((line) => (
          <tr>
            <td>
              <a href={`/products/${encodeURIComponent(line.productId)}`}>{line.name}</a>
            </td>
            <td>{price(line.unitAmount)}</td>
            <td>{line.quantity}</td>
            <td>{price(line.lineTotal)}</td>
          </tr>
        ))}
      </tbody>
      <OrderTotals ctx={ctx} order={order} />
    </table>
  );
}

export function OrderPageView({ ctx, order, heading, children }: { ctx: PageContext; order: Order; heading?: string; children?: Child }) {
  const status = STATUS[order.status];
  const placed = new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(order.createdAt);
  return (
    <Layout ctx={ctx} title={heading ?? `Order ${orderNumber(order.id)}`}>
      <h1 class="page-title">{heading ?? status.heading}</h1>
      <section class={`notice notice--${order.status === 'paid' || order.status === 'review' ? 'success' : order.status === 'pending' ? 'muted' : 'error'}`} role="status">
        <p>
          Order number <strong data-order-number>{orderNumber(order.id)}</strong>, placed {placed} UTC.
        </p>
        <p data-order-status={order.status}>{status.text}</p>
      </section>
      <OrderSummary ctx={ctx} order={order} />
      <OrderContact order={order} />
      <OrderNote order={order} />
      {children}
    </Layout>
  );
}

/** The success page for someone whose session did not place the order: the number only, no details. */
/** What another browser (or one without the shop's cookie) learns from a success URL: the order's state, no details. */
const STATE_FOR_OTHERS: Record<Order['status'], { title: string; text: string }> = {
  paid: { title: 'Thank you', text: 'has been received' },
  review: { title: 'Thank you', text: 'has been received' },
  pending: { title: 'Waiting for payment', text: 'has not been confirmed yet' },
  failed: { title: 'Payment failed', text: 'did not go through' },
  expired: { title: 'Checkout expired', text: 'was not made in time' },
};

export function PaymentReceivedView({ ctx, order }: { ctx: PageContext; order: Order }) {
  const state = STATE_FOR_OTHERS[order.status];
  return (
    <Layout ctx={ctx} title={state.title}>
      <h1 class="page-title">{state.title}</h1>
      <section class={`notice notice--${order.status === 'paid' || order.status === 'review' ? 'success' : 'muted'}`} role="status" data-order-status={order.status}>
        <p>
          The payment for order <strong>{orderNumber(order.id)}</strong> {state.text}. Its details are shown only in the browser that placed it.
        </p>
      </section>
    </Layout>
  );
}

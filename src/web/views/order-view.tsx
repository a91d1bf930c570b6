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

/** What tax the order carries, as the payment provider reported it. */
function taxText(ctx: PageContext, order: Order): string {
  if (order.status !== 'paid' && order.status !== 'review') return ctx.t('order.tax.atPayment');
  const amount = ctx.formatPrice(order.taxAmount, order.currency);
  if (order.taxAmount > 0) return order.taxAdded ? amount : ctx.t('order.tax.included', { amount });
  return order.provider === 'demo' ? ctx.t('order.tax.demo') : ctx.t('order.tax.none');
}

function shippingText(ctx: PageContext, order: Order): string {
  if (!order.shippingRequired) return ctx.t('order.shipping.notNeeded');
  if (!order.shipping) return ctx.t('order.shipping.atPayment');
  const amount =
    order.shipping.amount === 0 ? ctx.t('order.shipping.free') : ctx.formatPrice(order.shipping.amount, order.currency);
  return ctx.t('order.shipping.rate', { name: order.shipping.name, amount });
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
      {row(ctx.t('order.items'), price(order.itemsAmount), 'items')}
      {row(ctx.t('order.shipping'), shippingText(ctx, order), 'shipping')}
      {row(ctx.t('order.tax'), taxText(ctx, order), 'tax')}
      <tr>
        <th scope="row" colspan={3}>
          {ctx.t('order.total')}
        </th>
        <td data-order-total>{price(order.totalAmount)}</td>
      </tr>
    </tfoot>
  );
}

/** Contact and delivery address of a paid order. */
export function OrderContact({ ctx, order }: { ctx: PageContext; order: Order }) {
  if (!order.email && !order.address) return null;
  const address = order.address;
  return (
    <section class="order-contact" aria-labelledby="order-contact-title">
      <h2 id="order-contact-title">{address ? ctx.t('order.delivery') : ctx.t('order.contact')}</h2>
      <dl>
        {order.email ? (
          <>
            <dt>{ctx.t('order.email')}</dt>
            <dd data-order-email>{order.email}</dd>
          </>
        ) : null}
        {order.phone ? (
          <>
            <dt>{ctx.t('order.phone')}</dt>
            <dd data-order-phone>{order.phone}</dd>
          </>
        ) : null}
        {address ? (
          <>
            <dt>{ctx.t('order.deliverTo')}</dt>
            <dd>
              <address data-order-address>
                {order.name ? (
                  <>
                    {order.name}
                    <br />
                  </>
                ) : null}
                {address.country === 'JP' ? `〒${address.postalCode} ` : ''}
                {address.country === 'JP' && address.state ? `${address.state} ` : ''}
                {address.country === 'JP' ? address.city : ''}
                {address.country === 'JP' ? <br /> : null}
                {address.line1}
                {address.line2 ? <>, {address.line2}</> : null}
                <br />
                {address.country === 'JP'
                  ? ''
                  : `${address.city}${address.state ? `, ${address.state}` : ''} ${address.postalCode}`}
                {address.country === 'JP' ? null : <br />}
                {countryName(address.country, ctx.lang) ?? address.country}
              </address>
            </dd>
          </>
        ) : order.name ? (
          <>
            <dt>{ctx.t('order.name')}</dt>
            <dd>{order.name}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** The cart's note and attributes, carried to the order; `_`-prefixed attributes stay hidden, as in Shopify. */
export function OrderNote({ ctx, order }: { ctx: PageContext; order: Order }) {
  const attributes = Object.entries(order.attributes).filter(([name]) => !name.startsWith('_'));
  if (order.note === null && attributes.length === 0) return null;
  return (
    <section class="order-note" aria-labelledby="order-note-title">
      <h2 id="order-note-title">{ctx.t('order.yourNote')}</h2>
      <dl>
        {order.note !== null ? (
          <>
            <dt>{ctx.t('cart.note')}</dt>
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
      <caption class="visually-hidden">{ctx.t('order.caption', { number: orderNumber(order.id) })}</caption>
      <thead>
        <tr>
          <th scope="col">{ctx.t('order.item')}</th>
          <th scope="col">{ctx.t('order.price')}</th>
          <th scope="col">{ctx.t('order.quantity')}</th>
          <th scope="col">{ctx.t('order.total')}</th>
        </tr>
      </thead>
      <tbody>
        {order.lines.map((line) => (
          <tr>
            <td>
              <a href={`/products/${encodeURIComponent(line.productId)}`}>{line.name}</a>
              {line.optionLabel ? (
                <span class="order-line__option" data-line-option>
                  <br />
                  {ctx.t('option.line', { label: line.optionLabel })}
                </span>
              ) : null}
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

export function OrderPageView({
  ctx,
  order,
  heading,
  children,
}: {
  ctx: PageContext;
  order: Order;
  heading?: string;
  children?: Child;
}) {
  const number = orderNumber(order.id);
  return (
    <Layout ctx={ctx} title={heading ?? ctx.t('order.title', { number })}>
      <h1 class="page-title">{heading ?? ctx.t(`order.status.${order.status}.heading`)}</h1>
      <section
        class={`notice notice--${order.status === 'paid' || order.status === 'review' ? 'success' : order.status === 'pending' ? 'muted' : 'error'}`}
        role="status"
      >
        <p>
          {ctx.t.rich('order.placed', {
            number: (chunks) => <strong data-order-number>{chunks}</strong>,
            orderNumber: number,
            time: ctx.formatTime(order.createdAt),
          })}
        </p>
        <p data-order-status={order.status}>{ctx.t(`order.status.${order.status}.text`)}</p>
      </section>
      <OrderSummary ctx={ctx} order={order} />
      <OrderContact ctx={ctx} order={order} />
      <OrderNote ctx={ctx} order={order} />
      {children}
    </Layout>
  );
}

/** What another browser (or one without the shop's cookie) learns from a success URL: the order's state, no details. */
export function PaymentReceivedView({ ctx, order }: { ctx: PageContext; order: Order }) {
  const title = ctx.t(`order.others.${order.status}.title`);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="page-title">{title}</h1>
      <section
        class={`notice notice--${order.status === 'paid' || order.status === 'review' ? 'success' : 'muted'}`}
        role="status"
        data-order-status={order.status}
      >
        <p>
          {ctx.t.rich(`order.others.${order.status}.text`, {
            number: (chunks) => <strong>{chunks}</strong>,
            orderNumber: orderNumber(order.id),
          })}
        </p>
      </section>
    </Layout>
  );
}

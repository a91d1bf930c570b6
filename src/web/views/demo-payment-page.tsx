/**
 * The demo provider's payment page: clearly not a real payment. It asks for what Stripe Checkout would (contact,
 * delivery address and shipping for an order that ships) before Pay, then offers Fail and Cancel.
 */
import type { Order } from '../../checkout/order.js';
import type { PhoneRule } from '../../shipping/address.js';
import { CheckoutDetailsFields, type FormErrors, type FormInput } from './checkout-details-form.js';
import { Layout } from './layout.js';
import { OrderSummary } from './order-view.js';
import type { PageContext } from './page-context.js';

export interface DemoPaymentPageProps {
  ctx: PageContext;
  order: Order;
  /** The demo provider's Checkout Session (not the shop's session). */
  checkoutSessionId: string;
  open: boolean;
  phone: PhoneRule;
  input?: FormInput;
  errors?: FormErrors;
}

export function DemoPaymentPageView({
  ctx,
  order,
  checkoutSessionId,
  open,
  phone,
  input = {},
  errors = {},
}: DemoPaymentPageProps) {
  const action = (what: string) => `/checkout/demo/${encodeURIComponent(checkoutSessionId)}/${what}`;
  const refused = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={ctx.t('demo.title')}>
      <h1 class="page-title">{ctx.t('demo.title')}</h1>
      <section class="notice notice--demo" role="note">
        <h2 class="notice__title">{ctx.t('demo.noRealPayment')}</h2>
        <p>{ctx.t('demo.explain')}</p>
      </section>
      <OrderSummary ctx={ctx} order={order} />
      {open ? (
        <>
          {refused ? (
            <section class="notice notice--error" role="alert">
              <h2 class="notice__title">{ctx.t('demo.checkDetails')}</h2>
              <p>{ctx.t('demo.checkDetailsText')}</p>
            </section>
          ) : null}
          <form class="checkout-details" method="post" action={action('pay')} novalidate>
            <CheckoutDetailsFields ctx={ctx} order={order} phone={phone} input={input} errors={errors} />
            <p class="checkout-details__tax">{ctx.t('demo.noTax')}</p>
            <button class="button" type="submit">
              {order.shippingRequired
                ? ctx.t('demo.payWithShipping', { amount: ctx.formatPrice(order.itemsAmount, order.currency) })
                : ctx.t('demo.pay', { amount: ctx.formatPrice(order.itemsAmount, order.currency) })}
            </button>
          </form>
          <div class="demo-actions">
            <form method="post" action={action('fail')}>
              <button class="button button--secondary" type="submit">
                {ctx.t('demo.fail')}
              </button>
            </form>
            <form method="post" action={action('cancel')}>
              <button class="button button--link" type="submit">
                {ctx.t('demo.cancel')}
              </button>
            </form>
          </div>
        </>
      ) : (
        <p class="notice notice--muted">
          {ctx.t('demo.closed')} <a href="/cart">{ctx.t('demo.backToCart')}</a>
        </p>
      )}
    </Layout>
  );
}

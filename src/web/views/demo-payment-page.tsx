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

export function DemoPaymentPageView({ ctx, order, checkoutSessionId, open, phone, input = {}, errors = {} }: DemoPaymentPageProps) {
  const action = (what: string) => `/checkout/demo/${encodeURIComponent(checkoutSessionId)}/${what}`;
  const refused = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title="Demo payment">
      <h1 class="page-title">Demo payment</h1>
      <section class="notice notice--demo" role="note">
        <h2 class="notice__title">Demo — no real payment</h2>
        <p>This shop runs without a payment provider. Nothing is charged here; choose what the payment should do.</p>
      </section>
      <OrderSummary ctx={ctx} order={order} />
      {open ? (
        <>
          {refused ? (
            <section class="notice notice--error" role="alert">
              <h2 class="notice__title">Please check your details</h2>
              <p>Nothing was paid. Fix the fields marked below, then pay again.</p>
            </section>
          ) : null}
          <form class="checkout-details" method="post" action={action('pay')} novalidate>
            <CheckoutDetailsFields ctx={ctx} order={order} phone={phone} input={input} errors={errors} />
            <p class="checkout-details__tax">Prices are shown as the shop set them; the demo computes no tax.</p>
            <button class="button" type="submit">
              Pay {ctx.formatPrice(order.itemsAmount, order.currency)}
              {order.shippingRequired ? ' + shipping' : ''} (demo)
            </button>
          </form>
          <div class="demo-actions">
            <form method="post" action={action('fail')}>
              <button class="button button--secondary" type="submit">
                Fail the payment (demo)
              </button>
            </form>
            <form method="post" action={action('cancel')}>
              <button class="button button--link" type="submit">
                Cancel and return to the cart
              </button>
            </form>
          </div>
        </>
      ) : (
        <p class="notice notice--muted">
          This payment is closed. <a href="/cart">Back to the cart</a>
        </p>
      )}
    </Layout>
  );
}

/** The demo provider's payment page: clearly not a real payment, with Pay, Fail and Cancel. */
import type { Order } from '../../checkout/order-store.js';
import { Layout } from './layout.js';
import { OrderSummary } from './order-view.js';
import type { PageContext } from './page-context.js';

export function DemoPaymentPageView({ ctx, order, sessionId, open }: { ctx: PageContext; order: Order; sessionId: string; open: boolean }) {
  const action = (what: string) => `/checkout/demo/${encodeURIComponent(sessionId)}/${what}`;
  return (
    <Layout ctx={ctx} title="Demo payment">
      <h1 class="page-title">Demo payment</h1>
      <section class="notice notice--demo" role="note">
        <h2 class="notice__title">Demo — no real payment</h2>
        <p>This shop runs without a payment provider. Nothing is charged here; choose what the payment should do.</p>
      </section>
      <OrderSummary ctx={ctx} order={order} />
      {open ? (
        <div class="demo-actions">
          <form method="post" action={action('pay')}>
            <button class="button" type="submit">
              Pay {ctx.formatPrice(order.totalAmount, order.currency)} (demo)
            </button>
          </form>
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
      ) : (
        <p class="notice notice--muted">
          This payment is closed. <a href="/cart">Back to the cart</a>
        </p>
      )}
    </Layout>
  );
}

/**
 * The demo payment provider: a local payment page with Pay, Fail and Cancel, so the shop works offline out of the
 * box. Its sessions live in the database (any process can serve them) and end in the same outcomes as Stripe's.
 * Config refuses it in production.
 */
import type { Kysely } from 'kysely';
import type { Database, DemoCheckoutSessionTable } from '../../db/schema.js';
import type { PaymentOutcome, PaymentProvider } from './provider.js';

export type DemoSession = DemoCheckoutSessionTable;

function outcome(session: DemoSession): PaymentOutcome {
  const base = { sessionId: session.id, orderId: session.order_id };
  if (session.status === 'complete' && session.payment_status === 'paid') {
    return { kind: 'paid', ...base, amountPaid: Number(session.amount_total), currency: session.currency };
  }
  if (session.payment_status === 'failed') return { kind: 'failed', ...base };
  if (session.status === 'expired') return { kind: 'expired', ...base };
  return { kind: 'open', ...base };
}

export function createDemoProvider(db: Kysely<Database>, now: () => number) {
  const find = (id: string) => db.selectFrom('demo_checkout_sessions').selectAll().where('id', '=', id).executeTakeFirst();

  /** Moves an open session to its end state; false when it was not open (paid, failed or expired already). */
  async function finish(id: string, status: DemoSession['status'], paymentStatus: DemoSession['payment_status']): Promise<boolean> {
    const result = await db
      .updateTable('demo_checkout_sessions')
      .set({ status, payment_status: paymentStatus })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('payment_status', '=', 'unpaid')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  const provider: PaymentProvider = {
    name: 'demo',
    async createCheckout({ order, successUrl, cancelUrl }) {
      const id = `demo_cs_${order.id}`;
      await db
        .insertInto('demo_checkout_sessions')
        .values({
          id,
          order_id: order.id,
          status: 'open',
          payment_status: 'unpaid',
          amount_total: order.totalAmount,
          currency: order.currency,
          success_url: successUrl.replace('{CHECKOUT_SESSION_ID}', encodeURIComponent(id)),
          cancel_url: cancelUrl,
          expires_at: order.checkoutExpiresAt,
          created_at: now(),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return { sessionId: id, url: `/checkout/demo/${encodeURIComponent(id)}` };
    },
    async retrieve(sessionId) {
      const session = await find(sessionId);
      if (!session) return undefined;
      if (session.status === 'open' && Number(session.expires_at) <= now()) return { ...outcome(session), kind: 'expired' };
      return outcome(session);
    },
  };

  return {
    provider,
    find,
    outcome,
    pay: (id: string) => finish(id, 'complete', 'paid'),
    fail: (id: string) => finish(id, 'open', 'failed'),
  };
}

export type DemoPayments = ReturnType<typeof createDemoProvider>;

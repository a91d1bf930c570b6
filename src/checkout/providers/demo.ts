/**
 * The demo payment provider: a local payment page with Pay, Fail and Cancel, so the shop works offline out of the
 * box. Its sessions live in the database (any process can serve them) and end in the same outcomes as Stripe's,
 * with what its page collected (contact, address, shipping) read back as from a Stripe Checkout Session.
 * Config refuses it in production.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, DemoCheckoutSessionTable } from '../../db/schema.js';
import type { CollectedDetails, PaymentOutcome, PaymentProvider } from './provider.js';

export type DemoSession = DemoCheckoutSessionTable;

/** What a demo session paid without a form (never happens through the page; kept for sessions from before 0008). */
const NOTHING_COLLECTED: CollectedDetails = {
  email: null,
  name: null,
  phone: null,
  address: null,
  shippingOptionIndex: null,
  shippingAmount: 0,
  taxAmount: 0,
  paymentIntentId: null,
};

function outcome(session: DemoSession): PaymentOutcome {
  const base = { checkoutSessionId: session.id, orderId: session.order_id };
  if (session.status === 'complete' && session.payment_status === 'paid') {
    const details = session.collected ? (JSON.parse(session.collected) as CollectedDetails) : NOTHING_COLLECTED;
    return { kind: 'paid', ...base, amountPaid: Number(session.amount_total), currency: session.currency, details };
  }
  if (session.payment_status === 'failed') return { kind: 'failed', ...base };
  if (session.status === 'expired') return { kind: 'expired', ...base };
  return { kind: 'open', ...base };
}

export function createDemoProvider(db: Kysely<Database>, now: () => number) {
  const find = (id: string) =>
    db.selectFrom('demo_checkout_sessions').selectAll().where('id', '=', id).executeTakeFirst();

  /**
   * Moves an open session to its end state; false when it was not open (paid, failed or expired already). Paying
   * records what the page collected and charges the items plus the shipping chosen, as Stripe would.
   */
  async function finish(
    id: string,
    status: DemoSession['status'],
    paymentStatus: DemoSession['payment_status'],
    collected?: CollectedDetails,
  ): Promise<boolean> {
    const paid = collected
      ? { collected: JSON.stringify(collected), amount_total: sql<number>`amount_total + ${collected.shippingAmount}` }
      : {};
    const result = await db
      .updateTable('demo_checkout_sessions')
      .set({ status, payment_status: paymentStatus, ...paid })
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
          collected: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return { checkoutSessionId: id, url: `/checkout/demo/${encodeURIComponent(id)}` };
    },
    async retrieve(checkoutSessionId) {
      const session = await find(checkoutSessionId);
      if (!session) return undefined;
      if (session.status === 'open' && Number(session.expires_at) <= now())
        return { ...outcome(session), kind: 'expired' };
      return outcome(session);
    },
  };

  return {
    provider,
    find,
    outcome,
    pay: (id: string, collected: CollectedDetails) => finish(id, 'complete', 'paid', collected),
    fail: (id: string) => finish(id, 'open', 'failed'),
    /** Cancel on the demo page ends the session at once (Stripe's would run until its expiry): its stock comes back. */
    expire: (id: string) => finish(id, 'expired', 'unpaid'),
  };
}

export type DemoPayments = ReturnType<typeof createDemoProvider>;

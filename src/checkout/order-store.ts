/**
 * Orders in SQL. A pending order is made once per unchanged cart (the unique `pending_key` settles races), and an
 * order is paid exactly once: the insert into `order_fulfilments` (primary key = order id) is the gate, so of any
 * number of concurrent or repeated fulfilments exactly one goes through. No check-then-act anywhere.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, OrderStatus } from '../db/schema.js';
import { toOrder, type NewOrder, type Order } from './order.js';
import { paidTotals } from './order-totals.js';
import type { CollectedDetails } from './providers/provider.js';

/** order_fulfilments.cart_cleared: the cart step of a paid order. */
const CART_TO_CLEAR = 0;
const CART_CLEARED = 1;
const CART_CLEARING = 2;

export type { NewOrder, Order, OrderLine } from './order.js';

/**
 * What else happens exactly once with a payment, inside the transaction that records it (app.ts wires them): the
 * order's stock is taken, and its mail is written to the outbox. `afterPaid` runs once that transaction committed.
 */
export interface PaymentHooks {
  /** Takes the order's reserved stock; false when it holds no reservation any more (the order goes to review). */
  takeStock?(trx: Transaction<Database>, orderId: string, now: number): Promise<boolean>;
  /** Once the order is written as paid (or review). */
  recordPaid?(trx: Transaction<Database>, order: Order, now: number): Promise<void>;
  afterPaid?(): void;
}

export interface Payment {
  orderId: string;
  providerSessionId: string;
  amountPaid: number;
  currency: string;
  details: CollectedDetails;
}

export function createOrderStore(db: Kysely<Database>, hooks: PaymentHooks = {}) {
  async function load(
    where: { id: string } | { providerSessionId: string } | { pendingKey: string },
    from: Kysely<Database> = db,
  ): Promise<Order | undefined> {
    let query = from.selectFrom('orders').selectAll();
    if ('id' in where) query = query.where('id', '=', where.id);
    else if ('providerSessionId' in where) query = query.where('provider_session_id', '=', where.providerSessionId);
    else query = query.where('pending_key', '=', where.pendingKey);
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const lines = await from
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', row.id)
      .orderBy('position')
      .execute();
    return toOrder(row, lines);
  }

  async function insertPending(id: string, pendingKey: string, order: NewOrder, now: number): Promise<void> {
    const itemsAmount = order.lines.reduce((sum, line) => sum + line.lineTotal, 0);
    await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('orders')
        .values({
          id,
          session_id: order.sessionId,
          status: 'pending',
          stock_state: 'unreserved', // checkout reserves it next (src/stock/reservations.ts)
          currency: order.currency,
          total_amount: itemsAmount,
          items_amount: itemsAmount,
          shipping_required: order.shippingRequired ? 1 : 0,
          ship_to: order.shipTo,
          shipping_options: JSON.stringify(order.shippingOptions),
          shipping_amount: 0,
          tax_amount: 0,
          tax_added: 0,
          cart_fingerprint: order.fingerprint,
          pending_key: pendingKey,
          provider: order.provider,
          provider_session_id: null,
          checkout_url: null,
          checkout_expires_at: order.checkoutExpiresAt,
          amount_paid: null,
          created_at: now,
          updated_at: now,
          paid_at: null,
          note: order.note || null,
          attributes: JSON.stringify(order.attributes ?? {}),
          language: order.language ?? null,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
      await trx
        .insertInto('order_lines')
        .values(
          order.lines.map((line, index) => ({
            order_id: id,
            position: index + 1,
            cart_line_key: line.cartLineKey,
            price_id: line.priceId,
            product_id: line.productId,
            name: line.name,
            option_label: line.optionLabel ?? '',
            unit_amount: line.unitAmount,
            quantity: line.quantity,
            line_total: line.lineTotal,
          })),
        )
        .execute();
    });
  }

  /** Leaves `pending` for `status`, only from pending (a paid order never becomes failed or expired). */
  async function close(id: string, status: 'failed' | 'expired', now: number): Promise<boolean> {
    const result = await db
      .updateTable('orders')
      .set({ status, pending_key: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  return {
    get: (id: string) => load({ id }),
    getByProviderSession: (providerSessionId: string) => load({ providerSessionId }),

    /** The pending order for this session and cart: the one that exists, or a new one with id `id`. */
    async createPending(id: string, order: NewOrder, now: number): Promise<Order> {
      const pendingKey = `${order.sessionId}:${order.fingerprint}`;
      // The insert loses only to another pending order for this same cart; that one is the answer. If it is
      // paid or closed before we read it, the cart gets a fresh order on the next round.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await insertPending(id, pendingKey, order, now);
        const pending = await load({ pendingKey });
        if (pending) return pending;
      }
      throw new Error(`could not create a pending order for cart ${pendingKey}`);
    },

    async attachCheckout(id: string, checkout: { checkoutSessionId: string; url: string }, now: number): Promise<void> {
      await db
        .updateTable('orders')
        .set({ provider_session_id: checkout.checkoutSessionId, checkout_url: checkout.url, updated_at: now })
        .where('id', '=', id)
        .execute();
    },

    fail: (id: string, now: number) => close(id, 'failed', now),
    expire: (id: string, now: number) => close(id, 'expired', now),

    /**
     * Records the payment of an order. Exactly one call per order returns `fulfilled: true`: the one whose insert
     * into order_fulfilments went in, and it stores what the provider collected (contact, address, shipping, tax) in
     * the same transaction. The order becomes `paid`, or `review` when the amount, currency or shipping charged is
     * not what the shop offered (order-totals.ts) or its stock was gone, with the reason in `review_reason`.
     */
    async fulfil(payment: Payment, now: number): Promise<{ fulfilled: boolean; status: OrderStatus | undefined }> {
      const result = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('order_fulfilments')
          .values({
            order_id: payment.orderId,
            provider_session_id: payment.providerSessionId,
            amount_paid: payment.amountPaid,
            currency: payment.currency,
            cart_cleared: 0,
            created_at: now,
          })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { fulfilled: false, status: undefined };
        const row = await trx
          .selectFrom('orders')
          .select(['currency', 'items_amount', 'shipping_required', 'shipping_options'])
          .where('id', '=', payment.orderId)
          .executeTakeFirstOrThrow();
        const order = {
          currency: row.currency,
          itemsAmount: Number(row.items_amount),
          shippingRequired: row.shipping_required === 1,
          shippingOptions: JSON.parse(row.shipping_options),
        };
        const totals = paidTotals(order, payment);
        const stockTaken = hooks.takeStock ? await hooks.takeStock(trx, payment.orderId, now) : true;
        // Why an order goes to review, for the owner's list: what was paid differs, or its stock was gone.
        const reviewReason = totals.mismatch ?? (stockTaken ? null : 'stock_gone');
        const status: OrderStatus = reviewReason === null ? 'paid' : 'review';
        const { details } = payment;
        const address = details.address;
        await trx
          .updateTable('orders')
          .set({
            status,
            review_reason: reviewReason,
            amount_paid: payment.amountPaid,
            paid_at: now,
            pending_key: null,
            updated_at: now,
            total_amount: totals.totalAmount,
            email: details.email,
            customer_name: details.name,
            phone: details.phone,
            ship_line1: address?.line1 ?? null,
            ship_line2: address?.line2 ?? null,
            ship_city: address?.city ?? null,
            ship_state: address?.state ?? null,
            ship_postal_code: address?.postalCode ?? null,
            ship_country: address?.country ?? null,
            shipping_rate_id: totals.shipping?.id ?? null,
            shipping_name: totals.shipping?.name ?? null,
            shipping_amount: totals.shippingAmount,
            tax_amount: totals.taxAmount,
            tax_added: totals.taxAdded ? 1 : 0,
            payment_intent_id: details.paymentIntentId,
          })
          .where('id', '=', payment.orderId)
          .execute();
        if (hooks.recordPaid) await hooks.recordPaid(trx, (await load({ id: payment.orderId }, trx))!, now);
        return { fulfilled: true, status };
      });
      if (result.fulfilled) hooks.afterPaid?.();
      return result;
    },

    /**
     * Claims the one-time job of taking a paid order's items out of the cart. `claimed` for exactly one caller
     * until `releaseCartClearing` gives it back (when taking them out failed) or `finishCartClearing` marks it done;
     * `busy` while another caller holds it, `done` once finished (or when there is nothing to clear).
     * `cart_cleared`: 0 to do, 2 being done, 1 done (rows from before 2 existed hold 1 once claimed).
     */
    async claimCartClearing(orderId: string): Promise<'claimed' | 'busy' | 'done'> {
      for (;;) {
        const result = await db
          .updateTable('order_fulfilments')
          .set({ cart_cleared: CART_CLEARING })
          .where('order_id', '=', orderId)
          .where('cart_cleared', '=', CART_TO_CLEAR)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) return 'claimed';
        const row = await db
          .selectFrom('order_fulfilments')
          .select('cart_cleared')
          .where('order_id', '=', orderId)
          .executeTakeFirst();
        if (!row || row.cart_cleared === CART_CLEARED) return 'done';
        if (row.cart_cleared === CART_CLEARING) return 'busy';
        // Given back between the two statements: try to claim it again.
      }
    },

    async finishCartClearing(orderId: string): Promise<void> {
      await db
        .updateTable('order_fulfilments')
        .set({ cart_cleared: CART_CLEARED })
        .where('order_id', '=', orderId)
        .where('cart_cleared', '=', CART_CLEARING)
        .execute();
    },

    async releaseCartClearing(orderId: string): Promise<void> {
      await db
        .updateTable('order_fulfilments')
        .set({ cart_cleared: CART_TO_CLEAR })
        .where('order_id', '=', orderId)
        .where('cart_cleared', '=', CART_CLEARING)
        .execute();
    },

    /**
     * A rotated session keeps its orders: they (and the pending key that finds an unchanged cart's order) move
     * from `from` to `to`.
     */
    async moveSession(from: string, to: string, now: number): Promise<void> {
      await db
        .updateTable('orders')
        .set((eb) => ({
          session_id: to,
          pending_key: eb
            .case()
            .when('pending_key', 'is not', null)
            .then(sql<string>`${to} || ':' || ${eb.ref('cart_fingerprint')}`)
            .else(null)
            .end(),
          updated_at: now,
        }))
        .where('session_id', '=', from)
        .execute();
    },

    /** Marks pending orders whose checkout time has passed as expired; returns how many. */
    async expireStale(now: number): Promise<number> {
      const result = await db
        .updateTable('orders')
        .set({ status: 'expired', pending_key: null, updated_at: now })
        .where('status', '=', 'pending')
        .where('checkout_expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Records a provider event id; false when it was recorded before (a redelivery). */
    async recordEvent(id: string, type: string, orderId: string | undefined, now: number): Promise<boolean> {
      const inserted = await db
        .insertInto('payment_events')
        .values({ id, type, order_id: orderId ?? null, received_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async hasEvent(id: string): Promise<boolean> {
      return (await db.selectFrom('payment_events').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
  };
}

export type OrderStore = ReturnType<typeof createOrderStore>;

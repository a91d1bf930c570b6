/**
 * A paid order as the mail module's templates take it (src/mail/order-mail.ts): checkout maps its own Order, so
 * the mail module never reads order rows.
 */
import type { Mail, OrderMail } from '../mail/index.js';
import { nameWithOption } from '../catalog/options/index.js';
import type { Order } from './order.js';
import type { PaymentHooks } from './order-store.js';

/** Undefined when the order has no contact email to write to (nothing was collected). */
export function toOrderMail(order: Order): OrderMail | undefined {
  if (!order.email) return undefined;
  const { address } = order;
  return {
    orderId: order.id,
    currency: order.currency,
    lines: order.lines.map((line) => ({
      name: nameWithOption(line.name, line.optionLabel),
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      lineTotal: line.lineTotal,
    })),
    amounts: {
      items: order.itemsAmount,
      shipping: order.shipping?.amount ?? 0,
      tax: order.taxAmount,
      total: order.amountPaid ?? order.totalAmount,
    },
    taxIncluded: !order.taxAdded && order.taxAmount > 0,
    contact: { email: order.email, name: order.name, phone: order.phone },
    address: address
      ? {
          name: order.name,
          line1: address.line1,
          line2: address.line2,
          city: address.city,
          state: address.state,
          postalCode: address.postalCode,
          country: address.country,
        }
      : null,
    shippingName: order.shipping?.name ?? null,
    review: order.status === 'review',
    language: order.language,
    placedAt: order.createdAt,
  };
}

/** The payment hooks that write a paid order's mail in its transaction and wake the sender once it committed. */
export function orderMailHooks(
  mail: Pick<Mail, 'orderMails' | 'write' | 'wake'>,
): Required<Pick<PaymentHooks, 'recordPaid' | 'afterPaid'>> {
  return {
    async recordPaid(trx, order, now) {
      const data = toOrderMail(order);
      if (data) await mail.write(trx, mail.orderMails(data), now);
    },
    afterPaid: () => mail.wake(),
  };
}

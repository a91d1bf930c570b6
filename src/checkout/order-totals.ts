/**
 * An order's totals once paid: items, the shipping option chosen, tax, and whether the amount the provider charged
 * is exactly what the shop offered. Pure; the order store applies it in the transaction that records the payment.
 */
import type { ShippingOption } from '../shipping/rates.js';
import type { CollectedDetails } from './providers/provider.js';

export interface PaidTotals {
  /** Exactly the amount the shop expects: the items, the offered amount of the option chosen, and tax if added. */
  exact: boolean;
  /** What differs when not exact (the order's review reason): the currency first, then shipping, then the amount. */
  mismatch: 'currency_mismatch' | 'shipping_mismatch' | 'amount_mismatch' | null;
  shipping: ShippingOption | null;
  shippingAmount: number;
  taxAmount: number;
  /** Tax came on top of the prices (exclusive prices); false when it is included in them or there is none. */
  taxAdded: boolean;
  totalAmount: number;
}

export interface PaidOrder {
  currency: string;
  itemsAmount: number;
  shippingRequired: boolean;
  shippingOptions: readonly ShippingOption[];
}

/**
 * Checks a payment against the order. Shipping must be one of the options offered at its offered amount (when the
 * order needs shipping); the amount paid must be items + shipping, or items + shipping + tax when tax was added.
 */
export function paidTotals(
  order: PaidOrder,
  paid: { amountPaid: number; currency: string; details: CollectedDetails },
): PaidTotals {
  const { details } = paid;
  const index = details.shippingOptionIndex;
  const shipping = index === null ? null : (order.shippingOptions[index] ?? null);
  const shippingOk = order.shippingRequired
    ? shipping !== null && shipping.amount === details.shippingAmount && details.address !== null
    : details.shippingAmount === 0;
  const beforeTax = order.itemsAmount + details.shippingAmount;
  const taxAdded = details.taxAmount > 0 && paid.amountPaid === beforeTax + details.taxAmount;
  const amountOk = paid.amountPaid === beforeTax || taxAdded;
  const mismatch =
    paid.currency !== order.currency
      ? 'currency_mismatch'
      : !shippingOk
        ? 'shipping_mismatch'
        : !amountOk
          ? 'amount_mismatch'
          : null;
  return {
    exact: mismatch === null,
    mismatch,
    shipping,
    shippingAmount: details.shippingAmount,
    taxAmount: details.taxAmount,
    taxAdded,
    totalAmount: beforeTax + (taxAdded ? details.taxAmount : 0),
  };
}

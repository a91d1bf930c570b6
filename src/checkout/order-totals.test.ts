import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paidTotals, type PaidOrder } from './order-totals.js';
import type { CollectedDetails } from './providers/provider.js';

const order: PaidOrder = {
  currency: 'jpy',
  itemsAmount: 2400,
  shippingRequired: true,
  shippingOptions: [{ id: 'standard', name: 'Standard', amount: 500, minDays: 3, maxDays: 7 }],
};
const address = {
  line1: '神宮前1-2-3',
  line2: null,
  city: '渋谷区',
  state: '東京都',
  postalCode: '150-0001',
  country: 'JP',
};
const details: CollectedDetails = {
  email: 'a@example.jp',
  name: null,
  phone: null,
  address,
  shippingOptionIndex: 0,
  shippingAmount: 500,
  taxAmount: 0,
  paymentIntentId: null,
};

describe('paid totals say what differs (the review reason)', () => {
  it('nothing when the payment is exactly the order', () => {
    const totals = paidTotals(order, { amountPaid: 2900, currency: 'jpy', details });
    assert.deepEqual([totals.exact, totals.mismatch], [true, null]);
  });

  it('the currency, before anything else', () => {
    const totals = paidTotals(order, { amountPaid: 1, currency: 'usd', details });
    assert.deepEqual([totals.exact, totals.mismatch], [false, 'currency_mismatch']);
  });

  it('shipping charged other than offered', () => {
    const totals = paidTotals(order, { amountPaid: 2401, currency: 'jpy', details: { ...details, shippingAmount: 1 } });
    assert.deepEqual([totals.exact, totals.mismatch], [false, 'shipping_mismatch']);
  });

  it('the amount', () => {
    const totals = paidTotals(order, { amountPaid: 100, currency: 'jpy', details });
    assert.deepEqual([totals.exact, totals.mismatch], [false, 'amount_mismatch']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { createStripeWebhooks, WEBHOOK_TOLERANCE_SECONDS } from './stripe-webhook.js';

const SECRET = 'whsec_kago_unit_test';
const client = new Stripe('sk_test_kago_unit', { maxNetworkRetries: 0 });
const NOW = Date.UTC(2026, 0, 1);

const failedEvent = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'checkout.session.async_payment_failed',
  data: {
    object: {
      id: 'cs_test_1',
      object: 'checkout.session',
      metadata: { order_id: 'ORDER1' },
      client_reference_id: 'ORDER1',
    },
  },
});
const sign = (payload: string, at = NOW) =>
  client.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(at / 1000) });

describe('Stripe webhooks as the provider reads them', () => {
  const webhooks = createStripeWebhooks(client, SECRET, () => NOW);

  it('a signed event comes back typed, with the payment outcome it carries', () => {
    const read = webhooks.read(Buffer.from(failedEvent), sign(failedEvent));
    assert.equal(read.kind, 'event');
    assert.ok(read.kind === 'event');
    assert.deepEqual(
      [read.event.id, read.event.type, read.event.outcome],
      [
        'evt_1',
        'checkout.session.async_payment_failed',
        { kind: 'failed', checkoutSessionId: 'cs_test_1', orderId: 'ORDER1' },
      ],
    );
  });

  it('refuses a missing or wrong signature, a timestamp out of tolerance either way, and a signed body that is not JSON', () => {
    const skew = (WEBHOOK_TOLERANCE_SECONDS + 5) * 1000;
    const cases: Array<[string, Buffer, string | undefined]> = [
      ['missing', Buffer.from(failedEvent), undefined],
      ['another body', Buffer.from(failedEvent.replace('ORDER1', 'ORDER2')), sign(failedEvent)],
      ['too old', Buffer.from(failedEvent), sign(failedEvent, NOW - skew)],
      ['from the future', Buffer.from(failedEvent), sign(failedEvent, NOW + skew)],
      ['not JSON', Buffer.from('not json'), sign('not json')],
    ];
    for (const [name, body, signature] of cases)
      assert.deepEqual(webhooks.read(body, signature), { kind: 'refused', reason: 'invalid_signature' }, name);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkoutExpiry, expiryUsable } from './checkout-expiry.js';

const at = Date.UTC(2026, 10, 29, 12, 0, 0, 250);
const minute = 60_000;

describe('checkout expiry', () => {
  it('keeps the shop’s time to pay when it lies inside the providers’ window, rounded up to a whole second', () => {
    const expiresAt = checkoutExpiry(at, 60 * minute);
    assert.equal(expiresAt, Math.ceil((at + 60 * minute) / 1000) * 1000);
    assert.equal(expiresAt % 1000, 0);
    assert.ok(expiryUsable(expiresAt, at));
  });

  it('raises a time shorter than 30 minutes to 30 minutes and the margin', () => {
    const expiresAt = checkoutExpiry(at, 5 * minute);
    assert.ok(expiresAt >= at + 32 * minute);
    assert.ok(expiresAt < at + 33 * minute);
    assert.ok(expiryUsable(expiresAt, at));
  });

  it('lowers a time longer than 24 hours to under 24 hours less the margin', () => {
    const expiresAt = checkoutExpiry(at, 48 * 60 * minute);
    assert.ok(expiresAt <= at + 24 * 60 * minute - 2 * minute);
    assert.ok(expiryUsable(expiresAt, at));
  });

  it('calls an expiry outside the window, with its margins, unusable', () => {
    assert.equal(expiryUsable(at + 31 * minute, at), false);
    assert.equal(expiryUsable(at + 24 * 60 * minute - minute, at), false);
    assert.equal(expiryUsable(at + 32 * minute, at), true);
  });
});

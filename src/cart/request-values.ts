/**
 * Values a cart request carries, judged the same way by every command: quantities (the client never sends a price),
 * the fingerprint an idempotency key is matched with, and the cart's public token.
 */
import { createHash } from 'node:crypto';
import { CartError } from './errors.js';
import { MAX_LINE_QUANTITY } from './limits.js';

const invalidQuantity = (min: number) => new CartError('quantity_out_of_range', { min });

/** A quantity to add: 1..99, 1 when absent. */
export function parseQuantity(value: unknown): number {
  return parseWholeNumber(value === undefined || value === '' ? '1' : value, 1);
}

/** A quantity to set a line to: 0..99 (0 removes); required. */
export function parseLineQuantity(value: unknown): number {
  return parseWholeNumber(value, 0);
}

function parseWholeNumber(value: unknown, min: number): number {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) < min || Number(text) > MAX_LINE_QUANTITY) throw invalidQuantity(min);
  return Number(text);
}

/**
 * Shopify's `selling_plan` (a subscription): kago's cart sells one-time purchases only, so a plan is refused rather
 * than dropped (the shopper would pay for something other than what they chose). Blank or null is no plan, as a
 * product form without a plan selected sends it.
 */
export function refuseSellingPlan(value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  throw new CartError('selling_plan_not_offered');
}

/** The request a key came with, as a hash: the same key with other contents is refused, never applied. */
export function fingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

/** A quantity as sent, for fingerprints: the same request gives the same text. */
export const asSent = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Tokens worked out lately (every /cart.js answer names one): past this many the memory starts over. */
const KEPT_TOKENS = 10_000;
const tokens = new Map<string, string>();

/** A public name for the cart (Shopify's `token`), derived one way from the session id so it reveals nothing. */
export function cartToken(sessionId: string | undefined): string | null {
  if (!sessionId) return null;
  let token = tokens.get(sessionId);
  if (token === undefined) {
    token = createHash('sha256').update(`kago-cart:${sessionId}`).digest('base64url').slice(0, 32);
    if (tokens.size >= KEPT_TOKENS) tokens.clear();
    tokens.set(sessionId, token);
  }
  return token;
}

/**
 * Idempotency keys of cart changes as requests carry them: the `Idempotency-Key` header (the JSON API, the browser
 * script) or the `idempotency_key` field a form is rendered with (a one-time token per rendered form). The cart
 * service and its store do the rest; see docs/cart-api.md.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MutationOptions } from '../cart/cart-service.js';
import { refusal } from './refusals.js';

/** The form field holding a rendered form's token. */
export const IDEMPOTENCY_FIELD = 'idempotency_key';

/** As Stripe's: up to 255 visible ASCII characters (a UUID fits). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's key (the header wins over the form field); undefined when it sends none. 400 when malformed. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  const field = (request.body as Record<string, unknown> | undefined)?.[IDEMPOTENCY_FIELD];
  const key = header ?? field;
  if (key === undefined || key === '') return undefined;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw refusal('invalid_idempotency_key');
  }
  return key;
}

/** The options of a cart change from this request: its key, and the session cookie sent as soon as a session exists. */
export function changeOptions(request: FastifyRequest, reply: FastifyReply, expectedVersion?: number): MutationOptions {
  return {
    expectedVersion,
    idempotencyKey: idempotencyKeyOf(request),
    onSessionCreated: (sessionId, expiresAt) => void reply.setSessionCookie(sessionId, expiresAt),
  };
}

/** A fresh token for one rendered form. */
export const newFormToken = (): string => randomUUID();

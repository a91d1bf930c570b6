/**
 * The session and cart of a request that shows a cart (GET /cart.js, the catalog page's header count): read
 * together, in one statement on SQL, instead of a session lookup (loadSession) and then a cart read. And the session
 * of a request that adds to a cart: checked by the add itself where the store can (SQL), not looked up first.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartChangeResult, CartService, MutationOptions } from '../cart/cart-service.js';
import { EMPTY_CART, type CartView } from '../cart/cart-view.js';

/** The request's cart (empty without a live session); sets request.sessionId and rolls the session as loadSession. */
export type SessionCart = (
  request: FastifyRequest,
  reply: FastifyReply,
  purpose?: 'view' | 'count',
) => Promise<CartView>;

export function sessionCart(app: FastifyInstance, cart: CartService): SessionCart {
  return async (request, reply, purpose = 'view') => {
    const cookie = app.cookieSession(request);
    if (!cookie) return EMPTY_CART;
    const found = await cart.openSession(cookie.id, purpose);
    if (!found) return EMPTY_CART;
    await app.keepSession(request, reply, found.session, cookie);
    return found.view;
  };
}

/** A cart change run for a session id: the request's, or the cookie's unchecked (with the options that say so). */
export type ChangeWith = (sessionId: string | undefined, options: MutationOptions) => Promise<CartChangeResult>;

/**
 * For POSTs that change a cart (the adds, and the JSON API's changes). With a cart service that checks sessions
 * itself (CartService.checksSessions), the preHandler does nothing and `change` gives the cookie's id to the change
 * unchecked: the store finds the session live in the add's own read (a round trip fewer), or the add goes to a new
 * session as for a visitor without one. The session the change found is then kept as loadSession keeps it
 * (request.sessionId, the rolling expiry). Otherwise the session is looked up first (loadSession) and changed as
 * before.
 */
export function changingSession(app: FastifyInstance, cart: CartService) {
  return {
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!cart.checksSessions) await app.loadSession(request, reply);
    },
    async change(
      request: FastifyRequest,
      reply: FastifyReply,
      options: MutationOptions,
      run: ChangeWith,
    ): Promise<CartChangeResult> {
      const cookie = cart.checksSessions ? app.cookieSession(request) : undefined;
      if (!cookie) return run(request.sessionId, options);
      const result = await run(cookie.id, { ...options, sessionUnchecked: true });
      if (result.kind === 'changed' && !result.created && result.sessionId) {
        const { sessionId: id, expiresAt } = result;
        if (expiresAt === undefined) request.sessionId = id;
        else await app.keepSession(request, reply, { id, expiresAt }, cookie);
      } else if (result.kind === 'conflict') request.sessionId = cookie.id; // the conflict answers with this cart
      return result;
    },
  };
}

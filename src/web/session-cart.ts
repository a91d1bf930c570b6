/**
 * The session and cart of a request that shows a cart (GET /cart.js, the catalog page's header count): read
 * together, in one statement on SQL, instead of a session lookup (loadSession) and then a cart read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartService } from '../cart/cart-service.js';
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

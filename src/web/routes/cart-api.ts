/**
 * The JSON cart API in Shopify's Ajax Cart shape: GET /cart.js and POST /cart/add.js, change.js, update.js,
 * clear.js. Same cart service as the pages. Every change answers the whole cart; one that cannot apply whole
 * answers 422 and changes nothing; with `If-Match: <version>` a stale version answers 412 with the current cart.
 * With `Idempotency-Key`, a retried change applies once (a repeat answers the cart as it is now).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartService, MutationOptions, MutationResult } from '../../cart/cart-service.js';
import { CartError, CartVersionConflict } from '../../cart/errors.js';
import { parseAddBody, parseChangeBody, parseIfMatch, parseUpdateBody } from '../cart-input.js';
import { cartJson, type ShopFacts } from '../cart-json.js';
import { HttpError } from '../errors.js';
import { changeOptions } from '../idempotency.js';

type Change = (request: FastifyRequest<{ Body: Record<string, unknown> | undefined }>, options: MutationOptions) => Promise<MutationResult>;

export function cartApiRoutes(cart: CartService, shop: () => Promise<ShopFacts>) {
  async function sendCart(reply: FastifyReply, sessionId: string | undefined, status = 200) {
    const view = await cart.view(sessionId);
    return reply.code(status).header('cache-control', 'no-store').send(cartJson(view, sessionId, await shop()));
  }

  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };
    app.get('/cart.js', withSession, (request, reply) => sendCart(reply, request.sessionId));

    const mutation = (path: string, change: Change) =>
      app.post<{ Body: Record<string, unknown> | undefined }>(path, withSession, async (request, reply) => {
        const expectedVersion = parseIfMatch(request.headers['if-match']);
        try {
          const result = await change(request, changeOptions(request, reply, expectedVersion));
          return await sendCart(reply, result.sessionId ?? request.sessionId);
        } catch (error) {
          if (error instanceof CartError) throw new HttpError(422, error.code, error.message, error.description);
          if (!(error instanceof CartVersionConflict)) throw error;
          const current = cartJson(await cart.view(request.sessionId), request.sessionId, await shop());
          return reply.code(412).header('cache-control', 'no-store').send({
            status: 412,
            message: 'Cart changed',
            description: `The cart is at version ${error.currentVersion}, not the one this change was made for. Nothing was changed.`,
            code: 'cart_changed',
            cart: current,
          });
        }
      });

    mutation('/cart/add.js', (request, options) => cart.add(request.sessionId, parseAddBody(request.body), options));
    mutation('/cart/change.js', (request, options) => {
      const { target, quantity } = parseChangeBody(request.body);
      return cart.change(request.sessionId, target, quantity, options);
    });
    mutation('/cart/update.js', (request, options) => cart.update(request.sessionId, parseUpdateBody(request.body), options));
    mutation('/cart/clear.js', (request, options) => cart.clear(request.sessionId, options));
  };
}

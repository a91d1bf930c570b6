/**
 * POST /cart/:productId, the seed's "Add to cart": adds the product's selling price, then answers 303 back to the
 * page the form was on, so a reload never posts again.
 */
import type { FastifyInstance } from 'fastify';
import type { CartService } from '../../cart/cart-service.js';
import { isRequestHost } from '../cross-origin.js';

/** Only a path on this site: `/x` but not `//evil.example` or `/\\evil.example`. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\u0000-\u001f\\]/.test(value)) return undefined;
  return value;
}

function refererPath(referer: string | undefined, host: string | undefined): string | undefined {
  if (!referer || !URL.canParse(referer)) return undefined;
  const url = new URL(referer);
  return isRequestHost(url, host) ? safeReturnPath(url.pathname + url.search) : undefined;
}

export function cartRoutes(cart: CartService) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { productId: string }; Body: { quantity?: string; return_to?: string } | undefined }>(
      '/cart/:productId',
      { preHandler: app.loadSession },
      async (request, reply) => {
        const body = request.body ?? {};
        const result = await cart.addProduct(request.sessionId, request.params.productId, body.quantity);
        if (result.created) reply.setSessionCookie(result.sessionId, result.expiresAt!);
        const back = safeReturnPath(body.return_to) ?? refererPath(request.headers.referer, request.headers.host) ?? '/';
        return reply.redirect(back, 303);
      },
    );
  };
}

/**
 * The JSON cart API in Shopify's Ajax Cart shape: GET /cart.js and POST /cart/add.js, change.js, update.js,
 * clear.js, taking JSON, urlencoded or multipart bodies. add.js answers the added line item (or `{items}` with the
 * added lines when sent `items`), the others the whole cart; any of them renders the `sections` it is asked for
 * into the answer. A change that cannot apply whole changes nothing; with `If-Match: <version>` a stale version
 * answers 412 with the current cart. With `Idempotency-Key`, a retried change applies once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartChangeResult, CartService, MutationOptions, MutationResult } from '../../cart/cart-service.js';
import type { CartView } from '../../cart/cart-view.js';
import { CartError } from '../../cart/errors.js';
import { parseAddBody, parseChangeBody, parseIfMatch, parseUpdateBody } from '../cart-input.js';
import { cartJson, type ShopFacts } from '../cart-json.js';
import { cartJsonBytes } from '../cart-json-text.js';
import { registerCartMultipart } from '../cart-multipart.js';
import { errorBody } from '../errors.js';
import { expandBracketedFields } from '../form-fields.js';
import { changeOptions } from '../idempotency.js';
import { cartRefusal, refusal } from '../refusals.js';
import { renderSectionsOf, requestedSections } from '../sections/section-rendering.js';
import { changingSession, type SessionCart } from '../session-cart.js';

type Body = Record<string, unknown> | undefined;
type Change = (
  request: FastifyRequest<{ Body: Body }>,
  sessionId: string | undefined,
  options: MutationOptions,
) => Promise<CartChangeResult>;
/** What a change answers, from the cart after it and the change's result. */
type Answer = (
  cart: CartView,
  sessionId: string | undefined,
  result: MutationResult,
  shop: ShopFacts,
) => Record<string, unknown>;

/** add.js: the line item for one item, `{items}` for `items`: the lines the items went to, as they are now. */
function addAnswer(sentItems: boolean): Answer {
  return (cart, sessionId, result, shop) => {
    const json = cartJson(cart, sessionId, shop);
    const added = (result.lines ?? []).flatMap((id) => {
      const index = cart.lines.findIndex((line) => line.lineId === id);
      return index === -1 ? [] : [json.items[index]!];
    });
    if (sentItems) return { items: added };
    // A repeat of an add whose line is gone since: the cart as it is now, as any repeat is answered.
    return added[0] ?? json;
  };
}

const cartAnswer: Answer = (cart, sessionId, _result, shop) => cartJson(cart, sessionId, shop);

/** The shop's facts; given the cart's currency, the shop's own is not read (an empty cart's currency is the shop's). */
type ShopFactsFor = (cartCurrency?: string | null) => Promise<ShopFacts>;

export function cartApiRoutes(cart: CartService, shop: ShopFactsFor, shownCart: SessionCart) {
  return async (app: FastifyInstance): Promise<void> => {
    await registerCartMultipart(app);
    // A change's session is checked by the change itself where the store can (session-cart.ts).
    const changing = changingSession(app, cart);
    // The session is read with its cart (one statement on SQL), not looked up first by loadSession.
    app.get('/cart.js', async (request, reply) => {
      const view = await shownCart(request, reply);
      // UTF-8 put together from each line's bytes kept per catalog version (cart-json-text.ts), not an object
      // stringified and encoded.
      return reply
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(cartJsonBytes(view, request.sessionId, await shop(view.currency)));
    });

    const mutation = (
      scope: FastifyInstance,
      path: string,
      change: Change,
      answer: (body: Body) => Answer = () => cartAnswer,
    ) =>
      scope.post<{ Body: Body }>(path, { preHandler: changing.preHandler }, async (request, reply) => {
        const expectedVersion = parseIfMatch(request.headers['if-match']);
        const sections = requestedSections(expandBracketedFields(request.body ?? {}) as Record<string, unknown>);
        let result: CartChangeResult;
        try {
          const options = changeOptions(request, reply, expectedVersion);
          result = await changing.change(request, reply, options, (sessionId, checked) =>
            change(request, sessionId, checked),
          );
        } catch (error) {
          // The request's own values, refused as they were read.
          if (error instanceof CartError) throw cartRefusal(error, true);
          throw error;
        }
        switch (result.kind) {
          case 'changed': {
            const sessionId = result.sessionId ?? request.sessionId;
            const view = await cart.view(sessionId);
            const body = answer(request.body)(view, sessionId, result, await shop(view.currency));
            if (sections) body.sections = await renderSectionsOf(request, view, sections);
            return await reply.header('cache-control', 'no-store').send(body);
          }
          case 'refused':
            throw cartRefusal(result.error, true);
          case 'conflict': {
            const current = cartJson(await cart.view(request.sessionId), request.sessionId, await shop());
            const changed = refusal('cart_changed', { version: result.currentVersion });
            return reply
              .code(changed.statusCode)
              .header('cache-control', 'no-store')
              .send({ ...errorBody(changed), cart: current });
          }
          case 'session_ended':
            throw refusal('session_changed');
        }
      });

    const sentItems = (body: Body) => {
      const fields = expandBracketedFields(body ?? {}) as Record<string, unknown>;
      return addAnswer(fields.items !== undefined);
    };
    mutation(
      app,
      '/cart/add.js',
      (request, sessionId, options) => cart.add(sessionId, parseAddBody(request.body), options),
      sentItems,
    );
    mutation(app, '/cart/change.js', (request, sessionId, options) => {
      const { target, quantity, properties } = parseChangeBody(request.body);
      return cart.change(sessionId, target, quantity, options, properties);
    });
    mutation(app, '/cart/update.js', (request, sessionId, options) => {
      const { updates, details } = parseUpdateBody(request.body);
      return cart.update(sessionId, updates, options, details);
    });
    // Shopify's theme library posts clear.js with a JSON content type and no body: its own scope reads that as none.
    await app.register(async (scope) => {
      const json = scope.getDefaultJsonParser('error', 'error');
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
        if (String(text).trim() === '') return done(null, undefined);
        return json(request, String(text), done);
      });
      mutation(scope, '/cart/clear.js', (_request, sessionId, options) => cart.clear(sessionId, options));
    });
  };
}

/**
 * Turns every failure into an answer: HttpErrors keep their status and words, Fastify's own 4xx (bad JSON,
 * wrong content type, body too large) get the same shape, anything else is a logged 500 with no details leaked.
 * JSON for API requests (`*.js`, `/webhooks/`, or a JSON Accept header), a friendly page otherwise.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CartError, CartNotFound, type CartErrorCode } from '../cart/errors.js';
import { isConsolePath } from './admin/admin-plugin.js';
import { AdminErrorPage } from './admin/views/admin-layout.js';
import { errorBody, HttpError, notFound } from './errors.js';
import { refusalWords } from './refusal-words.js';
import { isServiceUnavailable, RETRY_AFTER_SECONDS, unavailableDescription } from './unavailable.js';
import { ErrorPageView } from './views/error-page.js';

/** Does this request want the JSON error shape (the JSON API, webhooks, or a JSON Accept header) rather than a page? */
export function wantsJson(url: string, accept: string | undefined): boolean {
  const path = url.split('?')[0] ?? '';
  return ((path.endsWith('.js') || path === '/search/suggest.json') && !path.startsWith('/assets/')) || path.startsWith('/webhooks/') || /\bapplication\/json\b/.test(accept ?? '');
}

/** Fastify's built-in client errors, in our shape. */
function fromFastify(error: FastifyError): HttpError {
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'Unsupported content type', 'Send application/json or a form (application/x-www-form-urlencoded).');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body_too_large', 'Request too large', 'The request body is larger than this shop accepts.');
    default:
      if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
        return new HttpError(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
      }
      return new HttpError(status, 'bad_request', 'Bad request', error.message);
  }
}

async function respond(request: FastifyRequest, reply: FastifyReply, error: HttpError) {
  // The console's refusals in the console's frame (and never a shopper's cart lookup), in English.
  if (isConsolePath(request.url) && !wantsJson(request.url, request.headers.accept)) {
    return reply.html(<AdminErrorPage ctx={request.adminPage()} title={error.message} message={error.description} />, error.statusCode);
  }
  // The shopper's language: JSON keeps Shopify's English `message` (clients match on it) and says the description.
  const { title, description } = refusalWords(request.t, error);
  if (wantsJson(request.url, request.headers.accept)) return reply.code(error.statusCode).send({ ...errorBody(error), description });
  // A 503 means the stores are down: do not wait on them again for the header's cart count.
  if (error.statusCode === 503) return reply.html(<ErrorPageView ctx={await request.pageContext({ withoutCart: true })} title={title} message={description} />, 503);
  // The error may have come before the route loaded the session; the header's cart count still wants it.
  if (request.sessionId === undefined) await request.server.loadSession(request, reply).catch(() => undefined);
  const ctx = await request.pageContext().catch(() => request.pageContext({ withoutCart: true }));
  return reply.html(<ErrorPageView ctx={ctx} title={title} message={description} />, error.statusCode);
}

const CART_ERROR_STATUS: Record<CartErrorCode, number> = {
  product_not_found: 404,
  product_unavailable: 409,
  line_not_found: 422,
  quantity_out_of_range: 422,
  line_quantity_limit: 422,
  cart_line_limit: 422,
  currency_mismatch: 422,
  sold_out: 422,
  not_enough_stock: 422,
  idempotency_key_reused: 422,
  invalid_properties: 422,
  invalid_cart_details: 422,
  selling_plan_not_offered: 422,
};

/** The status of a refused cart command on the pages (the JSON API answers 422 for all, as Shopify's does). */
export const cartErrorStatus = (code: CartErrorCode): number => CART_ERROR_STATUS[code];

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => respond(request, reply, notFound()));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return respond(request, reply, error);
    if (error instanceof CartError) {
      return respond(request, reply, new HttpError(cartErrorStatus(error.code), error.code, error.message, error.description, error.words));
    }
    // The session vanished under the request: it ended, or checkout (in another tab) gave it a new id.
    if (error instanceof CartNotFound) {
      return respond(request, reply, new HttpError(409, 'session_changed', 'Your session has changed', 'Your cart has moved on (checkout started in another tab, or the session ended). Nothing was changed here; please reload the page.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return respond(request, reply, fromFastify(error));
    if (isServiceUnavailable(error)) {
      request.log.warn({ err: { message: error.message, code: error.code } }, 'a service the shop needs is unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return respond(request, reply, new HttpError(503, 'service_unavailable', 'Temporarily unavailable', unavailableDescription(request.method), request.method === 'GET' || request.method === 'HEAD' ? {} : { variant: 'change' }));
    }
    request.log.error({ err: error }, 'request failed');
    return respond(request, reply, new HttpError(500, 'internal_error', 'Something went wrong', 'The shop could not finish this request. Please try again in a moment.'));
  });
}

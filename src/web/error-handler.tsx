/**
 * Turns every failure into an answer: HttpErrors keep their status and words, Fastify's own 4xx (bad JSON,
 * wrong content type, body too large) get the same shape, anything else is a logged 500 with no details leaked.
 * JSON for API requests (`*.js`, `/webhooks/`, or a JSON Accept header), a friendly page otherwise.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CartError, CartNotFound } from '../cart/errors.js';
import { isConsolePath } from './admin/admin-plugin.js';
import { AdminErrorPage } from './admin/views/admin-layout.js';
import { errorBody, HttpError, notFound } from './errors.js';
import { refusalWords } from '../refusals/words.js';
import { cartRefusal, refusal } from './refusals.js';
import { isServiceUnavailable, RETRY_AFTER_SECONDS, unavailableVariant } from './unavailable.js';
import { ErrorPageView } from './views/error-page.js';

/** Does this request want the JSON error shape (the JSON API, webhooks, or a JSON Accept header) rather than a page? */
export function wantsJson(url: string, accept: string | undefined): boolean {
  const path = url.split('?')[0] ?? '';
  return (
    ((path.endsWith('.js') || path === '/search/suggest.json') && !path.startsWith('/assets/')) ||
    path.startsWith('/webhooks/') ||
    /\bapplication\/json\b/.test(accept ?? '')
  );
}

/** Fastify's built-in client errors, in our shape. */
function fromFastify(error: FastifyError): HttpError {
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refusal('unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return refusal('malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refusal('body_too_large');
    default:
      if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
        return refusal('malformed_json');
      }
      return new HttpError(status, 'bad_request', 'Bad request', error.message);
  }
}

async function respond(request: FastifyRequest, reply: FastifyReply, error: HttpError) {
  // The console's refusals in the console's frame (and never a shopper's cart lookup), in English.
  if (isConsolePath(request.url) && !wantsJson(request.url, request.headers.accept)) {
    return reply.html(
      <AdminErrorPage ctx={request.adminPage()} title={error.message} message={error.description} />,
      error.statusCode,
    );
  }
  // The shopper's language: JSON keeps Shopify's English `message` (clients match on it) and says the description.
  const { title, description } = refusalWords(request.t, error);
  if (wantsJson(request.url, request.headers.accept))
    return reply.code(error.statusCode).send({ ...errorBody(error), description });
  // A 503 means the stores are down: do not wait on them again for the header's cart count.
  if (error.statusCode === 503)
    return reply.html(
      <ErrorPageView ctx={await request.pageContext({ withoutCart: true })} title={title} message={description} />,
      503,
    );
  // The error may have come before the route loaded the session; the header's cart count still wants it.
  if (request.sessionId === undefined) await request.server.loadSession(request, reply).catch(() => undefined);
  const ctx = await request.pageContext().catch(() => request.pageContext({ withoutCart: true }));
  return reply.html(<ErrorPageView ctx={ctx} title={title} message={description} />, error.statusCode);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => respond(request, reply, notFound()));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return respond(request, reply, error);
    if (error instanceof CartError) {
      return respond(request, reply, cartRefusal(error, false));
    }
    // The session vanished under the request: it ended, or checkout (in another tab) gave it a new id.
    if (error instanceof CartNotFound) {
      return respond(request, reply, refusal('session_changed'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return respond(request, reply, fromFastify(error));
    if (isServiceUnavailable(error)) {
      request.log.warn(
        { err: { message: error.message, code: error.code } },
        'a service the shop needs is unavailable',
      );
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return respond(request, reply, refusal('service_unavailable', {}, unavailableVariant(request.method)));
    }
    request.log.error({ err: error }, 'request failed');
    return respond(request, reply, refusal('internal_error'));
  });
}

/**
 * Refusals made before the shop's hooks and routes see a request, answered in the shop's shape (its error page, or
 * the JSON error for the API) and with its security headers: Fastify's framework errors (a path that is not valid
 * percent-encoding, a path parameter longer than any id) and Node's HTTP parser refusals (headers too large, a
 * request line that is not HTTP), which come with no request object and are written straight to the socket.
 * Neither touches the session or the stores: the cart count on these pages is 0.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { wantsJson } from './error-handler.js';
import { chooseLanguage, translator } from '../i18n/index.js';
import { refusalWords } from '../refusals/words.js';
import { errorBody, notFound, type HttpError } from './errors.js';
import { LANGUAGE_COOKIE } from './language.js';
import { refusal } from './refusals.js';
import { renderHtml } from './render.js';
import { ErrorPageView } from './views/error-page.js';

const badRequest = () => refusal('bad_request');

function fromFramework(error: FastifyError): HttpError {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return refusal('bad_url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return notFound(); // longer than any id the shop has, so it names nothing here
    default:
      return badRequest();
  }
}

const CLIENT_ERRORS: Record<number, HttpError> = {
  400: badRequest(),
  408: refusal('request_timeout'),
  431: refusal('headers_too_large'),
};

/** What a refusal made before any hook knows of the shopper's language: the raw Cookie and Accept-Language headers. */
interface Asked {
  json: boolean;
  cookie: string | undefined;
  acceptLanguage: string | undefined;
}

/** A refusal's body and content type, made without a session or the stores, in the language the headers ask for. */
function answer(
  app: FastifyInstance,
  error: HttpError,
  { json, cookie, acceptLanguage }: Asked,
): { type: string; body: string } {
  const choice = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([a-z]{2})\\b`).exec(cookie ?? '')?.[1];
  const ctx = app.bareContext(chooseLanguage(choice, acceptLanguage, app.bareContext().languages));
  const { title, description } = refusalWords(translator(ctx.lang), error);
  if (json)
    return { type: 'application/json; charset=utf-8', body: JSON.stringify({ ...errorBody(error), description }) };
  return {
    type: 'text/html; charset=utf-8',
    body: renderHtml(<ErrorPageView ctx={ctx} title={title} message={description} />),
  };
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** Fastify's `frameworkErrors` option: called with a bare request, before any hook has run. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const refusal = fromFramework(error);
  const asked = {
    json: wantsJson(request.url ?? '', request.headers.accept),
    cookie: header(request.headers.cookie),
    acceptLanguage: header(request.headers['accept-language']),
  };
  const { type, body } = answer(request.server, refusal, asked);
  void reply
    .code(refusal.statusCode)
    .headers({ ...request.server.securityHeaders, 'x-request-id': request.id })
    .type(type)
    .send(body);
}

/** The request line's path and the Accept, Cookie and Accept-Language headers, when the packet Node refused still shows them. */
function requestOf(packet: unknown): {
  path: string;
  accept: string | undefined;
  cookie: string | undefined;
  acceptLanguage: string | undefined;
} {
  const head = Buffer.isBuffer(packet) ? packet.subarray(0, 16 * 1024).toString('latin1') : '';
  const field = (name: string) => new RegExp(`\\r\\n${name}:([^\\r\\n]*)`, 'i').exec(head)?.[1];
  return {
    path: /^[A-Z]+ (\S+) HTTP\//.exec(head)?.[1] ?? '',
    accept: field('accept'),
    cookie: field('cookie'),
    acceptLanguage: field('accept-language'),
  };
}

/** Fastify's `clientErrorHandler` option: Node's parser refused the connection's request, so write to the socket. */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  this.log.debug({ err: { message: error.message, code: error.code } }, 'request refused by the HTTP parser');
  // A response already under way on this connection cannot be followed by another one: only close it, as Node does.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    const { path, accept, cookie, acceptLanguage } = requestOf(error.rawPacket);
    const { type, body } = answer(this, CLIENT_ERRORS[status]!, {
      json: wantsJson(path, accept),
      cookie,
      acceptLanguage,
    });
    const headers = {
      ...this.securityHeaders,
      'content-type': type,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(error);
}

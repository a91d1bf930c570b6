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
import { errorBody, notFound, type HttpError } from './errors.js';
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

/** A refusal's body and content type, made without a session or the stores. */
function answer(app: FastifyInstance, error: HttpError, json: boolean): { type: string; body: string } {
  if (json) return { type: 'application/json; charset=utf-8', body: JSON.stringify(errorBody(error)) };
  return { type: 'text/html; charset=utf-8', body: renderHtml(<ErrorPageView ctx={app.bareContext()} title={error.message} message={error.description} />) };
}

/** Fastify's `frameworkErrors` option: called with a bare request, before any hook has run. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const refusal = fromFramework(error);
  const { type, body } = answer(request.server, refusal, wantsJson(request.url ?? '', request.headers.accept));
  void reply.code(refusal.statusCode).headers({ ...request.server.securityHeaders, 'x-request-id': request.id }).type(type).send(body);
}

/** The request line's path and the Accept header, when the packet Node refused still shows them (else: a page). */
function requestOf(packet: unknown): { path: string; accept: string | undefined } {
  const head = Buffer.isBuffer(packet) ? packet.subarray(0, 16 * 1024).toString('latin1') : '';
  return { path: /^[A-Z]+ (\S+) HTTP\//.exec(head)?.[1] ?? '', accept: /\r\naccept:([^\r\n]*)/i.exec(head)?.[1] };
}

/** Fastify's `clientErrorHandler` option: Node's parser refused the connection's request, so write to the socket. */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  this.log.debug({ err: { message: error.message, code: error.code } }, 'request refused by the HTTP parser');
  // A response already under way on this connection cannot be followed by another one: only close it, as Node does.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    const { path, accept } = requestOf(error.rawPacket);
    const { type, body } = answer(this, CLIENT_ERRORS[status]!, wantsJson(path, accept));
    const headers = { ...this.securityHeaders, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * Graceful shutdown of the HTTP side, with no connection reset. `app.beginShutdown()` (on SIGTERM, before
 * `app.close()`): requests already received finish as usual; requests that arrive afterwards on open connections get
 * the shop's 503 (its page or JSON error, `Retry-After`); the last answer a connection owes says `Connection: close`
 * and the connection is then closed. Idle keep-alive connections are closed with a FIN, not
 * destroyed: Node's `server.close()` would destroy them at once, and a request already on its way on one (a client
 * reusing its connection at that moment) would meet a TCP reset. They stay open while requests are in flight and
 * for IDLE_CLOSE_GRACE_MS after, so such a request lands and gets the 503.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { refusal } from './refusals.js';
import { RETRY_AFTER_SECONDS } from './unavailable.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** From now on new requests answer 503 and connections close after their answer; then call `close()`. */
    beginShutdown(): void;
  }
}

/** How long an idle connection stays open, once nothing is in flight, for a request already on its way to land. */
export const IDLE_CLOSE_GRACE_MS = 1000;
/** How long a closed idle connection may take to close its side before it is destroyed. */
const PEER_CLOSE_WAIT_MS = 2000;

/** A connection's unanswered requests and the request it received last. */
const UNANSWERED = Symbol('unanswered');
const LATEST = Symbol('latest request');
type TrackedSocket = Socket & { [UNANSWERED]?: number; [LATEST]?: IncomingMessage };

export const shuttingDown = () => refusal('service_unavailable', {}, 'restarting');

// A named function: fastify-plugin names an anonymous one by formatting a stack trace.
export const gracefulClose = fp(async function gracefulClose(app: FastifyInstance) {
  let closing = false;
  let closingIdle = false;
  let inFlight = 0;
  let graceTimer: NodeJS.Timeout | undefined;
  /** Every open connection. */
  const connections = new Set<TrackedSocket>();

  app.server.on('connection', (socket: TrackedSocket) => {
    socket[UNANSWERED] = 0;
    socket[LATEST] = undefined; // both properties from the start: one shape per socket
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  // Every request passes here: the counts live on the socket and one shared listener per answer (no closure, no
  // `once` wrapper, no map lookups each).
  function answered(this: ServerResponse) {
    const socket = this.req.socket as TrackedSocket;
    socket[UNANSWERED] = (socket[UNANSWERED] ?? 1) - 1;
    inFlight -= 1;
    if (closingIdle) closeIdleSoon();
  }
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket as TrackedSocket;
    socket[UNANSWERED] = (socket[UNANSWERED] ?? 0) + 1;
    socket[LATEST] = request;
    inFlight += 1;
    response.on('close', answered);
  });

  /** Once nothing is in flight for IDLE_CLOSE_GRACE_MS, ends every idle connection (FIN; destroyed if the peer lingers). */
  const closeIdleSoon = () => {
    clearTimeout(graceTimer);
    if (inFlight > 0 || connections.size === 0) return;
    graceTimer = setTimeout(() => {
      if (inFlight > 0) return;
      for (const socket of connections) {
        if ((socket[UNANSWERED] ?? 0) > 0 || socket.writableEnded) continue;
        socket.end();
        setTimeout(() => socket.destroy(), PEER_CLOSE_WAIT_MS).unref();
      }
    }, IDLE_CLOSE_GRACE_MS);
    graceTimer.unref(); // the open connections keep the process alive, not this timer
  };
  // Node's server.close() (which Fastify's close() calls) destroys idle connections through this method.
  app.server.closeIdleConnections = () => {
    closing = true;
    closingIdle = true;
    closeIdleSoon();
  };

  app.decorate('beginShutdown', () => void (closing = true));
  // Callback hooks: every request passes through them, and until shutdown they pass it on at once (no promise, no
  // microtask each). While closing, each answers a microtask later, as an async hook would: by then the requests
  // pipelined behind it in the same packet have arrived (`latest`), so onSend knows whether it is the last one.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    queueMicrotask(() => done(shuttingDown()));
  });
  // `Connection: close` makes node end the connection after this answer, dropping answers queued behind it
  // (pipelined requests): only the answer to the last request the connection received says it.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!closing) return done(null, payload);
    queueMicrotask(() => {
      if ((request.raw.socket as TrackedSocket)[LATEST] === request.raw) reply.header('connection', 'close');
      else reply.raw.removeHeader('connection'); // Fastify's router sets it on every request once closing
      done(null, payload);
    });
  });
});

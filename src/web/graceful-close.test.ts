/**
 * graceful-close's hooks cost a request nothing until shutdown: they pass it on in the same turn (no promise, no
 * microtask); once closing, a request is refused with 503 and Retry-After. (The connection handling under load is
 * test/processes/shutdown.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { gracefulClose } from './graceful-close.js';

/** A shop-less server with graceful-close between two probes that tell whether a microtask ran in between. */
async function probedServer() {
  const app = Fastify();
  const deferred = { onRequest: false, onSend: false };
  let microtaskRan = false;
  const mark = () => {
    microtaskRan = false;
    queueMicrotask(() => (microtaskRan = true));
  };
  app.addHook('onRequest', (_request, _reply, done) => (mark(), done()));
  app.addHook('onSend', (_request, _reply, payload, done) => (mark(), done(null, payload)));
  await app.register(gracefulClose);
  app.addHook('onRequest', (_request, _reply, done) => ((deferred.onRequest = microtaskRan), done()));
  app.addHook('onSend', (_request, _reply, payload, done) => ((deferred.onSend = microtaskRan), done(null, payload)));
  app.get('/', (_request, reply) => void reply.send('ok'));
  return { app, deferred };
}

describe('graceful close', () => {
  it('passes every request on in the same turn while the shop is open', async () => {
    const { app, deferred } = await probedServer();
    const answer = await app.inject({ url: '/' });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.body, 'ok');
    assert.deepEqual(deferred, { onRequest: false, onSend: false });
    await app.close();
  });

  it('once shutting down, refuses new requests with 503 and Retry-After', async () => {
    const { app } = await probedServer();
    app.beginShutdown();
    const answer = await app.inject({ url: '/' });
    assert.equal(answer.statusCode, 503);
    assert.equal(answer.headers['retry-after'], '5');
    assert.notEqual(answer.body, 'ok');
    await app.close();
  });
});

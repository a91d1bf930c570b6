import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServiceUnavailable, unavailableDescription } from './unavailable.js';

describe('isServiceUnavailable', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code });
  it('recognises connection failures of sockets, PostgreSQL and ioredis', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('57P01'), // admin shutdown
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Command timed out'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
        name: 'MaxRetriesPerRequestError',
      }),
      new Error('wrapped', { cause: withCode('ECONNRESET') }),
      Object.assign(new Error('An error occurred with our connection to Stripe.'), { type: 'StripeConnectionError' }),
    ]) {
      assert.equal(isServiceUnavailable(error), true, String(error));
    }
  });
  it('leaves bugs and bad input alone', () => {
    for (const error of [
      new Error('boom'),
      new TypeError('x is undefined'),
      withCode('23505'),
      undefined,
      'ECONNREFUSED',
    ]) {
      assert.equal(isServiceUnavailable(error), false, String(error));
    }
  });
});

describe('unavailableDescription', () => {
  it('never says a change was not made (a store may fail after writing it); reads make no claim about changes', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      assert.equal(
        unavailableDescription(method),
        'The shop cannot reach its data right now, so we could not confirm your change. Check your cart before trying again.',
      );
    }
    for (const method of ['GET', 'HEAD'])
      assert.equal(
        unavailableDescription(method),
        'The shop cannot reach its data right now. Please try again in a moment.',
      );
    for (const method of ['GET', 'POST']) assert.doesNotMatch(unavailableDescription(method), /nothing was changed/i);
  });
});

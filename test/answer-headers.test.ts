/**
 * Every kind of answer carries the shop's security headers and its own `X-Request-Id` (one hook sets both, first
 * thing on each request): pages, JSON, refusals before a route runs, 404s, assets and answers Fastify's router
 * refuses. Each id is the request's own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useCartShop } from './support/cart.js';

describe('answer headers', () => {
  const running = useCartShop();

  const cases = [
    { name: 'a page', request: { url: '/' }, status: 200 },
    { name: 'JSON', request: { url: '/cart.js' }, status: 200 },
    { name: 'an asset', request: { url: '/assets/kago.js' }, status: 200 },
    { name: 'a 404 page', request: { url: '/products/no-such-thing' }, status: 404 },
    { name: 'a 404 without a route', request: { url: '/no/such/route' }, status: 404 },
    {
      name: 'a cross-site refusal',
      request: { method: 'POST' as const, url: '/cart/add.js', headers: { 'sec-fetch-site': 'cross-site' } },
      status: 403,
    },
    { name: 'a framework refusal (bad percent-encoding)', request: { url: '/products/%zz' }, status: 400 },
  ];

  for (const { name, request, status } of cases)
    it(`${name}: security headers and its own request id`, async () => {
      const { app } = running.shop;
      const [first, second] = [await app.inject(request), await app.inject(request)];
      assert.equal(first.statusCode, status, first.body.slice(0, 200));
      for (const [header, value] of Object.entries(app.securityHeaders))
        assert.equal(first.headers[header.toLowerCase()], value, header);
      assert.match(String(first.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.notEqual(first.headers['x-request-id'], second.headers['x-request-id']);
    });
});

/**
 * A local fake of the Stripe API for the test suite. The shop talks to it through the real `stripe` SDK:
 * `new Stripe('sk_test_...', { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 })`.
 * Why a fake: stripe-mock, Stripe's own mock server, is a Go binary that cannot be installed here (and it keeps no
 * state, so a session could never be completed or expired).
 *
 * It serves Checkout Sessions (create, retrieve, list line items, expire), Refunds (create, retrieve, list), and Products
 * and Prices (list with pagination and filters, retrieve, expand; restricted keys) with Stripe's parameter checks, error
 * shape, API-key check and idempotency keys; records every request; and lets a test drive sessions as the customer
 * and Stripe would (complete, expire) and build the webhook event to sign and post to the shop. Its clock can be a
 * test's injected one.
 * The pieces live in ./fake-stripe/: its interface (api.ts), wire format, parameter checks, idempotency, Checkout
 * Sessions, refunds, the catalog, restricted keys.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  createSession,
  listPage,
  makePrice,
  type CheckoutState,
  type FakeLineItem,
  type FakePrice,
  type FakeSession,
} from './fake-stripe/checkout-sessions.js';
import { completedCollection } from './fake-stripe/collection.js';
import { KeyRing, type Permission } from './fake-stripe/access.js';
import {
  catalogRoutes,
  createPrice,
  createProduct,
  deletePrice,
  deleteProduct,
  newCatalogState,
  updatePrice,
  updateProduct,
  type FakeCatalogPrice,
  type FakeProduct,
  type PriceInput,
  type ProductInput,
} from './fake-stripe/catalog.js';
import { IdempotencyStore, type SavedAnswer } from './fake-stripe/idempotency.js';
import { allowOnly, expandParam } from './fake-stripe/params.js';
import {
  createRefund,
  findRefund,
  makeDispute,
  makeRefund,
  newRefundState,
  recordCharge,
  refundsFor,
  settleFakeRefund,
  type FakeCharge,
  type FakeRefund,
} from './fake-stripe/refunds.js';
import { invalidRequest, randomId, readParams, StripeApiError, type Params } from './fake-stripe/wire.js';
import type { FakeEvent, FakeStripe, RecordedRequest } from './fake-stripe/api.js';

export type { FakeEvent, FakeStripe, RecordedRequest };
export type {
  FakeCatalogPrice,
  FakeCharge,
  FakeLineItem,
  FakePrice,
  FakeProduct,
  FakeRefund,
  FakeSession,
  Params,
  Permission,
  PriceInput,
  ProductInput,
};

interface Answer extends SavedAnswer {
  replayed?: boolean;
  contentType?: string;
}

type Route = [method: string, pattern: RegExp, handle: (params: Params, id: string) => unknown];

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export interface FakeStripeOptions {
  /** Stripe's clock in ms (default Date.now): share a test's injected clock so both sides agree on the time. */
  now?: () => number;
}

export async function startFakeStripe({ now = Date.now }: FakeStripeOptions = {}): Promise<FakeStripe> {
  const state: CheckoutState = { baseUrl: '', now, prices: new Map(), sessions: new Map(), lineItems: new Map() };
  const idempotency = new IdempotencyStore();
  const requests: RecordedRequest[] = [];
  const failures: StripeApiError[] = [];
  const refunds = newRefundState(now);
  const catalog = newCatalogState(now);
  const keys = new KeyRing();
  let drops = 0;

  const findSession = (id: string) => {
    const session = state.sessions.get(id);
    if (!session)
      throw new StripeApiError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, {
        code: 'resource_missing',
        param: 'session',
      });
    return session;
  };
  const lineItemsUrl = (id: string) => `/v1/checkout/sessions/${id}/line_items`;
  const sessionJson = (session: FakeSession, params: Params) =>
    expandParam(params.expand).includes('line_items')
      ? { ...session, line_items: listPage(state.lineItems.get(session.id)!, lineItemsUrl(session.id)) }
      : session;
  const requireOpen = (session: FakeSession, action: string) => {
    if (session.status !== 'open')
      throw new Error(`fake Stripe: cannot ${action} ${session.id}: it is ${session.status}`);
  };

  const routes: Route[] = [
    ['POST', /^\/v1\/checkout\/sessions$/, (params) => sessionJson(createSession(state, params), params)],
    [
      'GET',
      /^\/v1\/checkout\/sessions\/([^/]+)$/,
      (params, id) => {
        allowOnly(params, ['expand']);
        return sessionJson(findSession(id), params);
      },
    ],
    [
      'GET',
      /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
      (params, id) => {
        allowOnly(params, ['expand', 'limit', 'starting_after', 'ending_before']);
        findSession(id);
        return listPage(state.lineItems.get(id)!, lineItemsUrl(id), params);
      },
    ],
    [
      'POST',
      /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
      (params, id) => {
        allowOnly(params, ['expand']);
        const session = findSession(id);
        if (session.status !== 'open')
          throw invalidRequest('Only Checkout Sessions with a status in ["open"] can be expired.');
        Object.assign(session, { status: 'expired', url: null });
        return sessionJson(session, params);
      },
    ],
    ['POST', /^\/v1\/refunds$/, (params) => createRefund(refunds, params)],
    [
      'GET',
      /^\/v1\/refunds\/([^/]+)$/,
      (params, id) => {
        allowOnly(params, ['expand']);
        return findRefund(refunds, id);
      },
    ],
    [
      'GET',
      /^\/v1\/refunds$/,
      (params) => {
        const { payment_intent: _paymentIntent, charge: _charge, ...page } = params;
        return listPage(refundsFor(refunds, params), '/v1/refunds', page);
      },
    ],
    ...catalogRoutes(catalog),
  ];

  function serve(request: IncomingMessage, path: string, params: Params, key: string | undefined): Answer {
    const method = request.method ?? 'GET';
    const page = /^\/pay\/([^/]+)$/.exec(path);
    if (method === 'GET' && page) {
      // Where a hosted session's `url` leads, so a browser test lands somewhere real.
      const session = findSession(decodeURIComponent(page[1]!));
      return {
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1><p id="session">${session.id} ${session.status}</p>`,
      };
    }
    keys.check(header(request.headers.authorization), method, path);
    const failure = failures.shift();
    if (failure) throw failure;
    const endpoint = `${method} ${path}`;
    if (method === 'POST' && key) {
      const saved = idempotency.replay(key, endpoint, params);
      if (saved) return { ...saved, replayed: true };
    }
    for (const [routeMethod, pattern, handle] of routes) {
      const match = pattern.exec(path);
      if (routeMethod !== method || !match) continue;
      const answer = { status: 200, body: JSON.stringify(handle(params, decodeURIComponent(match[1] ?? ''))) };
      if (method === 'POST' && key) idempotency.save(key, endpoint, params, answer);
      return answer;
    }
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). The fake Stripe serves only Checkout Sessions, Refunds, Products and Prices.`,
    );
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', state.baseUrl);
    const params = await readParams(request, url);
    const key = header(request.headers['idempotency-key']);
    if (url.pathname.startsWith('/v1/')) {
      if (drops > 0) {
        drops--;
        requests.push({
          method: request.method ?? 'GET',
          path: url.pathname,
          headers: { ...request.headers },
          params,
          idempotencyKey: key,
          status: 0,
        });
        request.socket.destroy();
        return;
      }
    }
    let answer: Answer;
    try {
      answer = serve(request, url.pathname, params, key);
    } catch (error) {
      answer =
        error instanceof StripeApiError
          ? { status: error.status, body: JSON.stringify(error) }
          : {
              status: 500,
              body: JSON.stringify({ error: { type: 'api_error', message: `fake Stripe failed: ${String(error)}` } }),
            };
    }
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      headers: { ...request.headers },
      params,
      idempotencyKey: key,
      status: answer.status,
    });
    if (url.pathname.startsWith('/v1/'))
      await fake.beforeSend?.({ method: request.method ?? 'GET', path: url.pathname, params, status: answer.status });
    response.writeHead(answer.status, {
      'content-type': answer.contentType ?? 'application/json',
      'request-id': randomId('req'),
      'stripe-version': header(request.headers['stripe-version']) ?? Stripe.API_VERSION,
      ...(key ? { 'idempotency-key': key } : {}),
      ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
    response.end(answer.body);
  }

  function eventOf<T extends object>(type: string, object: T): FakeEvent<T> {
    return {
      id: randomId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(now() / 1000),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => response.destroy(error as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  const fake: FakeStripe = {
    port,
    url: state.baseUrl,
    requests,
    sessions: state.sessions,
    addPrice(input) {
      const price = makePrice(input);
      state.prices.set(price.id, price);
      return price;
    },
    completeSession(id, options = {}) {
      const session = state.sessions.get(id);
      if (!session) throw new Error(`fake Stripe: no session ${id}`);
      requireOpen(session, 'complete');
      const collected = completedCollection(session, {
        ...options,
        email: options.email ?? session.customer_email ?? undefined,
      });
      Object.assign(session, collected, {
        status: 'complete',
        payment_status: options.paymentStatus ?? 'paid',
        amount_total: options.amountTotal ?? collected.amount_total,
        payment_intent: randomId('pi'),
        url: null,
      });
      recordCharge(refunds, session.payment_intent!, session.amount_total ?? 0, session.currency);
      return structuredClone(session);
    },
    expireSession(id) {
      const session = state.sessions.get(id);
      if (!session) throw new Error(`fake Stripe: no session ${id}`);
      requireOpen(session, 'expire');
      Object.assign(session, { status: 'expired', url: null });
      return structuredClone(session);
    },
    event(type, session) {
      const object = typeof session === 'string' ? state.sessions.get(session) : session;
      if (!object) throw new Error(`fake Stripe: no session ${String(session)}`);
      return eventOf(type, object);
    },
    eventOf,
    refunds: refunds.refunds,
    charges: refunds.charges,
    refundsStartAs(status) {
      refunds.startAs = status;
    },
    dashboardRefund(paymentIntent, amount, reason) {
      const charge = refunds.charges.get(paymentIntent);
      if (!charge) throw new Error(`fake Stripe: no charge for ${paymentIntent}`);
      return structuredClone(makeRefund(refunds, charge, amount, { reason: reason ?? null }));
    },
    settleRefund: (id, status, failureReason) => settleFakeRefund(refunds, id, status, failureReason),
    dispute: (paymentIntent, reason) => makeDispute(refunds, paymentIntent, reason),
    failNext(error = {}, times = 1) {
      for (let i = 0; i < times; i++) {
        const details = error.code ? { code: error.code } : {};
        failures.push(
          new StripeApiError(
            error.status ?? 500,
            error.type ?? 'api_error',
            error.message ?? 'An unknown error occurred (fake Stripe failNext).',
            details,
          ),
        );
      }
    },
    dropNext(times = 1) {
      drops += times;
    },
    beforeSend: undefined,
    restrictedKey: (key, permissions) => keys.restrict(key, permissions),
    catalog: {
      products: catalog.products,
      prices: catalog.prices,
      createProduct: (input) => eventOf('product.created', createProduct(catalog, input)),
      updateProduct: (id, changes) => eventOf('product.updated', updateProduct(catalog, id, changes)),
      deleteProduct: (id) => eventOf('product.deleted', deleteProduct(catalog, id)),
      createPrice: (input) => eventOf('price.created', createPrice(catalog, input)),
      updatePrice: (id, changes) => eventOf('price.updated', updatePrice(catalog, id, changes)),
      deletePrice: (id) => eventOf('price.deleted', deletePrice(catalog, id)),
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

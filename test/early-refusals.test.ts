/**
 * Every answer is the shop's, whoever refuses the request: Fastify before the routes (bad percent-encoding, an
 * overlong path parameter), Node's HTTP parser before Fastify (headers too large, a broken request), or Fastify's
 * body parsing and routing. Each has the shop's security headers and its error page, or the JSON error shape on the
 * JSON API. And every product id an import takes (up to 255 characters) has a working page and add-to-cart.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { MAX_ID_LENGTH } from '../src/catalog/index.js';
import { CART_PRICES, CART_PRODUCTS, cartRows, importCartCatalog, useCartShop } from './support/cart.js';
import { rawHttp, rawRequest, type RawAnswer } from './support/raw-http.js';
import { parsePage } from './support/page.js';

const FORM = 'Content-Type: application/x-www-form-urlencoded';
const LONG_IDS = { ascii: `prod_${'x'.repeat(MAX_ID_LENGTH - 5)}`, nonAscii: `prod_${'é'.repeat(MAX_ID_LENGTH - 5)}` };
const TOO_LONG = `prod_${'x'.repeat(MAX_ID_LENGTH - 4)}`;

interface Case {
  name: string;
  request: string;
  status: number;
  /** The JSON error's code, or the error page's title. */
  json?: string;
  page?: RegExp;
}

const CASES: Case[] = [
  // Fastify, before any hook: its framework errors.
  {
    name: 'bad percent-encoding in the path',
    request: rawRequest('GET /products/%E0%A4%A HTTP/1.1'),
    status: 400,
    page: /Bad address/,
  },
  {
    name: 'bad percent-encoding in the query',
    request: rawRequest('GET /?page=%E0%A4%A HTTP/1.1'),
    status: 400,
    page: /Invalid page/,
  },
  {
    name: 'bad percent-encoding in a JSON API path',
    request: rawRequest('GET /cart%.js HTTP/1.1'),
    status: 400,
    json: 'bad_url',
  },
  {
    name: 'a product id longer than any import takes',
    request: rawRequest(`GET /products/${TOO_LONG} HTTP/1.1`),
    status: 404,
    page: /Page not found/,
  },
  {
    name: 'adding a product id longer than any import takes',
    request: rawRequest(`POST /cart/${TOO_LONG} HTTP/1.1`, [FORM], 'quantity=1'),
    status: 404,
    page: /Page not found/,
  },
  // Node's HTTP parser, before Fastify.
  {
    name: 'headers too large (431)',
    request: rawRequest('GET / HTTP/1.1', [`Cookie: x=${'a'.repeat(20_000)}`]),
    status: 431,
    page: /Request headers too large/,
  },
  { name: 'a request line that is not HTTP', request: 'GARBAGE\r\n\r\n', status: 400, page: /Bad request/ },
  {
    name: 'a JSON API request with both Content-Length and chunked',
    request: rawRequest('POST /cart/add.js HTTP/1.1', ['Transfer-Encoding: chunked', 'Content-Length: 3'], ''),
    status: 400,
    json: 'bad_request',
  },
  // Fastify's body parsing and routing.
  {
    name: 'malformed JSON',
    request: rawRequest('POST /cart/add.js HTTP/1.1', ['Content-Type: application/json'], '{bad'),
    status: 400,
    json: 'malformed_json',
  },
  {
    name: 'an unsupported content type',
    request: rawRequest('POST /cart/add.js HTTP/1.1', ['Content-Type: text/plain'], 'x'),
    status: 415,
    json: 'unsupported_media_type',
  },
  {
    name: 'a body too large',
    request: rawRequest('POST /cart/add', [FORM], `id=${'x'.repeat(300_000)}`),
    status: 413,
    page: /Request too large/,
  },
  {
    name: 'a method the route does not take',
    request: rawRequest('DELETE /cart HTTP/1.1'),
    status: 404,
    page: /Page not found/,
  },
  { name: 'an unknown JSON API path', request: rawRequest('GET /nothing.js HTTP/1.1'), status: 404, json: 'not_found' },
];

describe("early refusals answer in the shop's shape, with its headers", () => {
  const running = useCartShop();
  let port: number;
  before(async () => {
    await running.shop.app.listen({ host: '127.0.0.1', port: 0 });
    port = (running.shop.app.server.address() as AddressInfo).port;
  });

  const assertShopAnswer = (answer: RawAnswer, expected: Case) => {
    assert.equal(answer.status, expected.status, answer.body.slice(0, 300));
    for (const [name, value] of Object.entries(running.shop.app.securityHeaders))
      assert.equal(answer.headers[name.toLowerCase()], value, name);
    if (expected.json) {
      assert.match(answer.headers['content-type']!, /^application\/json/);
      const body = JSON.parse(answer.body);
      assert.deepEqual(Object.keys(body).sort(), ['code', 'description', 'message', 'status']);
      assert.equal(body.status, expected.status);
      assert.equal(body.code, expected.json);
    } else {
      assert.match(answer.headers['content-type']!, /^text\/html/);
      assert.match(answer.body, /^<!doctype html><html lang="en">/);
      assert.match(parsePage(answer.body).link('stylesheet') ?? '', /^\/assets\/kago\.css\?v=/);
      assert.match(answer.body, expected.page!);
    }
  };

  for (const expected of CASES) {
    it(`${expected.name}: ${expected.status}`, async () => {
      const before = await cartRows(running.database.db);
      assertShopAnswer(await rawHttp(port, expected.request), expected);
      assert.deepEqual(await cartRows(running.database.db), before);
    });
  }

  it('the connection is still served after a framework error on it', async () => {
    const answer = await rawHttp(
      port,
      rawRequest('GET /%zz HTTP/1.1').replace('Connection: close', 'Connection: keep-alive') +
        rawRequest('GET /healthz HTTP/1.1'),
    );
    assert.equal(answer.status, 400);
    assert.match(answer.body, /HTTP\/1\.1 200 OK/);
  });
});

describe('product ids up to 255 characters have pages', () => {
  const running = useCartShop();
  before(async () => {
    const products = [
      ...CART_PRODUCTS,
      { id: LONG_IDS.ascii, name: 'Long-named tea' },
      { id: LONG_IDS.nonAscii, name: 'Café au lait' },
    ];
    const prices = [
      ...CART_PRICES,
      { id: 'price_long_ascii', product: LONG_IDS.ascii, amount: '500', currency: 'jpy' },
      { id: 'price_long_accent', product: LONG_IDS.nonAscii, amount: '700', currency: 'jpy' },
    ];
    await importCartCatalog(running.database.db, { products, prices });
  });

  for (const [kind, id] of Object.entries(LONG_IDS)) {
    it(`a ${id.length}-character ${kind} id: its page, and add to cart from it`, async () => {
      const moved = await running.shop.app.inject({ url: `/products/${encodeURIComponent(id)}` });
      assert.equal(moved.statusCode, 301, 'the Stripe id moves to the handle');
      const path = moved.headers.location as string;
      const page = await running.shop.app.inject({ url: path });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, kind === 'ascii' ? /Long-named tea/ : /Café au lait/);
      assert.ok(page.body.includes(`action="/cart/${encodeURIComponent(id)}"`), 'the add form posts to the long id');

      const added = await running.shop.app.inject({
        method: 'POST',
        url: `/cart/${encodeURIComponent(id)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `quantity=2&return_to=${encodeURIComponent(path)}`,
      });
      assert.equal(added.statusCode, 303, added.body.slice(0, 300));
      const encoded = encodeURIComponent(id);
      assert.equal(added.headers.location, `${path}?added=${encoded}#product-${encoded}`, 'back to the product, named');
      const { lines } = await cartRows(running.database.db);
      assert.ok(
        lines.some(
          (line) =>
            line.price_id === (kind === 'ascii' ? 'price_long_ascii' : 'price_long_accent') && line.quantity === 2,
        ),
      );
    });
  }
});

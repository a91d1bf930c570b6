/**
 * The catalog page's answers are used again once written (src/web/precompressed.ts `writtenOut`): over real sockets,
 * a shopper whose connection is slow to read still gets the page and form tokens made for it, while others' answers
 * are made and sent meanwhile. Pipelined requests on a connection that is not read pile their answers up unsent in
 * the server; an answer used again before it was written would carry a later answer's tokens.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { demoFiles } from '../src/catalog/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const sqlite = databaseTargets().find((target) => target.name === 'sqlite')!;
/** Enough answers of ~29 KB to fill the loopback socket's buffers, so the rest wait in the server. */
const PIPELINED = 150;

const tokensOf = (html: string) => [...html.matchAll(/name="idempotency_key" value="([^"]+)"/g)].map((m) => m[1]!);

/** The HTTP/1.1 answers in `raw`, each with a content-length, as bodies. */
function bodiesOf(raw: Buffer): string[] {
  const bodies: string[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    const head = raw.subarray(at, headEnd).toString('latin1');
    const length = Number(/content-length: (\d+)/i.exec(head)![1]);
    bodies.push(raw.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8'));
    at = headEnd + 4 + length;
  }
  return bodies;
}

describe('catalog answers used again once written', { skip: sqlite.skip }, () => {
  let database: TestDatabase;
  let shop: TestShop;
  let port: number;
  before(async () => {
    database = await sqlite.open();
    shop = await startTestShop(database, { catalog: demoFiles });
    await shop.app.listen({ host: '127.0.0.1', port: 0 });
    port = (shop.app.server.address() as AddressInfo).port;
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('a connection read late gets its own pages and tokens, after others were answered meanwhile', async () => {
    const slow = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.pause();
    const chunks: Buffer[] = [];
    slow.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => slow.once('end', resolve));
    const request = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\naccept-encoding: identity\r\n\r\n';
    slow.write(request.repeat(PIPELINED - 1) + request.replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n'));

    // Others are answered while the slow connection's answers wait; theirs are given back and used again.
    const others: string[] = [];
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-encoding': 'identity' } }).then((r) => r.text()),
        ),
      );
      others.push(...answers);
    }
    slow.resume();
    await ended;
    const slowPages = bodiesOf(Buffer.concat(chunks));
    assert.equal(slowPages.length, PIPELINED);

    const pages = [...slowPages, ...others];
    const tokens = pages.map(tokensOf);
    const perPage = tokens[0]!.length;
    assert.ok(perPage > 0, 'the catalog has add forms');
    for (const [index, page] of pages.entries()) {
      assert.equal(tokens[index]!.length, perPage, `page ${index}: every form has its token`);
      assert.ok(page.endsWith('</html>'), `page ${index} is whole`);
    }
    const all = tokens.flat();
    assert.equal(new Set(all).size, all.length, 'no token is in two answers');
  });
});

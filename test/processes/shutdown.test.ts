/**
 * Graceful shutdown of a real kago process: after SIGTERM it takes no new connections, lets a request in flight
 * (here: a form post whose body is still arriving) finish, and exits 0; a request that never finishes does not
 * hold it past SHUTDOWN_TIMEOUT, after which it exits 1.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, http, startShopProcess, type ShopProcess } from '../support/shop-process.js';

const PRODUCT = 'prod_RhLBIFHaTtAu8p'; // the demo catalog's tenugui
const BODY = `id=${PRODUCT}&quantity=2`;

/** Opens a connection and sends a form post with only the first `sent` bytes of its body; `response` is all it gets back. */
async function postPartly(shop: ShopProcess, sent: number): Promise<{ socket: Socket; response: Promise<string> }> {
  const socket = connect(shop.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  const response = new Promise<string>((resolve) => {
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  const head = [
    'POST /cart/add HTTP/1.1',
    `Host: 127.0.0.1:${shop.port}`,
    'Content-Type: application/x-www-form-urlencoded',
    'Sec-Fetch-Site: same-origin',
    `Content-Length: ${BODY.length}`,
    'Connection: close',
  ].join('\r\n');
  socket.write(`${head}\r\n\r\n${BODY.slice(0, sent)}`);
  // The server has the request once it logs it (after the head, before the body).
  await eventually('the request reached kago', async () => shop.logs().some((line) => line.msg === 'incoming request' && (line.req as { url?: string })?.url === '/cart/add'));
  return { socket, response };
}

/** Sends SIGTERM and waits until the process says it is stopping. */
async function terminate(shop: ShopProcess): Promise<number> {
  const sent = Date.now();
  shop.signal('SIGTERM');
  await eventually('SIGTERM handled', async () => shop.output().includes('SIGTERM: finishing requests in flight'));
  return sent;
}

describe('graceful shutdown', { concurrency: true }, () => {
  it('SIGTERM: new connections are refused, the request in flight completes (303), then exit 0', async () => {
    const shop = await startShopProcess({ SHUTDOWN_TIMEOUT: '5s', DEMO_CATALOG: 'true', LOG_LEVEL: 'info' });
    try {
      const { socket, response } = await postPartly(shop, 10);
      const sent = await terminate(shop);
      await eventually('new connections refused', () => http(`${shop.url}/healthz`).then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED'), 2000);
      await sleep(300);
      assert.ok(shop.alive(), 'it waits for the request in flight');
      socket.write(BODY.slice(10));
      const answer = await response;
      assert.match(answer, /^HTTP\/1\.1 303 See Other\r\n/, answer);
      assert.match(answer, /\r\nlocation: \/cart\r\n/i);
      assert.match(answer, /\r\nset-cookie: kago_session=/i, 'the add went through and started a session');
      const exit = await shop.exited;
      assert.deepEqual([exit.code, exit.signal], [0, null], shop.output());
      assert.ok(exit.at - sent < 5000, `exited ${exit.at - sent} ms after SIGTERM, within SHUTDOWN_TIMEOUT`);
      assert.doesNotMatch(shop.output(), /requests still running/);
    } finally {
      await shop.kill();
    }
  });

  it('a request that never completes: exit code 1 once SHUTDOWN_TIMEOUT (3s here) has passed', async () => {
    const shop = await startShopProcess({ SHUTDOWN_TIMEOUT: '3s', DEMO_CATALOG: 'true', LOG_LEVEL: 'info' });
    try {
      const { socket } = await postPartly(shop, 10);
      const sent = await terminate(shop);
      const exit = await shop.exited;
      socket.destroy();
      assert.deepEqual([exit.code, exit.signal], [1, null], shop.output());
      const waited = exit.at - sent;
      assert.ok(waited >= 3000 && waited < 4500, `exited ${waited} ms after SIGTERM`);
      assert.match(shop.output(), /requests still running after 3000 ms; exiting/);
    } finally {
      await shop.kill();
    }
  });
});

/**
 * Graceful shutdown of a real kago process: after SIGTERM it takes no new connections, lets a request in flight
 * (here: a form post whose body is still arriving) finish, and exits 0; a request that never finishes does not
 * hold it past SHUTDOWN_TIMEOUT, after which it exits 1. On keep-alive connections nothing is reset: requests sent
 * before the signal are answered, later ones get the shop's 503 with `Connection: close`, idle ones are closed.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openRaw, rawRequest, type RawConnection } from '../support/raw-connection.js';
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
  // The server has the request once it logs its arrival (after the head, before the body; at debug only).
  await eventually('the request reached kago', async () =>
    shop.logs().some((line) => line.msg === 'incoming request' && (line.req as { url?: string })?.url === '/cart/add'),
  );
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
    const shop = await startShopProcess({ SHUTDOWN_TIMEOUT: '5s', DEMO_CATALOG: 'true', LOG_LEVEL: 'debug' });
    try {
      const { socket, response } = await postPartly(shop, 10);
      const sent = await terminate(shop);
      await eventually(
        'new connections refused',
        () =>
          http(`${shop.url}/healthz`).then(
            () => false,
            (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
          ),
        2000,
      );
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
    const shop = await startShopProcess({ SHUTDOWN_TIMEOUT: '3s', DEMO_CATALOG: 'true', LOG_LEVEL: 'debug' });
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

  it('SIGTERM under keep-alive load: every request is answered (the late ones 503, Connection: close), idle connections closed, none reset', async () => {
    const shop = await startShopProcess({ SHUTDOWN_TIMEOUT: '10s', DEMO_CATALOG: 'true', LOG_LEVEL: 'debug' });
    const open = () => openRaw(shop.port);
    const get = (path: string, accept = 'application/json') => rawRequest(shop.port, `GET ${path}`, { accept });
    const keepAlivePost = (body: string) =>
      rawRequest(shop.port, 'POST /cart/add', {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        'content-length': String(BODY.length),
      }) + body;
    try {
      // In flight: form posts whose bodies are still arriving when the signal comes.
      const held = await Promise.all(Array.from({ length: 4 }, open));
      for (const connection of held) connection.send(keepAlivePost(BODY.slice(0, 10)));
      await eventually(
        'the posts reached kago',
        async () =>
          shop
            .logs()
            .filter((line) => line.msg === 'incoming request' && (line.req as { url?: string }).url === '/cart/add')
            .length === held.length,
      );
      // Busy: each sends its next requests (1 or 3 pipelined) as soon as the last answer came, until told to close.
      const busy = await Promise.all(Array.from({ length: 24 }, open));
      const loops = busy.map(async (connection, index) => {
        const batch = index % 2 === 0 ? 1 : 3;
        for (;;) {
          connection.send(
            ...Array.from({ length: batch }, (_, n) => get(`/cart.js?c=${index}&n=${connection.sent + n}`)),
          );
          const answers = await connection.responsesUpTo(connection.sent);
          if (answers.some((answer) => answer.headers.connection === 'close')) return;
        }
      });
      // Idle: one request each, then quiet; two of them send again after the signal (one a page, one JSON).
      const idle = await Promise.all(Array.from({ length: 8 }, open));
      for (const connection of idle) connection.send(get('/healthz'));
      await Promise.all(idle.map((connection) => connection.responsesUpTo(1)));
      await eventually('the busy connections have answers', async () =>
        busy.every((connection) => connection.responses.length >= 3),
      );

      const sent = await terminate(shop);
      const [late, latePage, latePipelined] = idle as [RawConnection, RawConnection, RawConnection];
      late.send(get('/cart.js'));
      latePage.send(get('/', 'text/html'));
      latePipelined.send(get('/cart.js?p=1'), get('/cart.js?p=2'));
      const [lateAnswer] = await late.responsesUpTo(2).then((all) => all.slice(1));
      const [pageAnswer] = await latePage.responsesUpTo(2).then((all) => all.slice(1));
      const pipelined = await latePipelined.responsesUpTo(3).then((all) => all.slice(1));
      for (const answer of [lateAnswer!, pageAnswer!, ...pipelined]) {
        assert.equal(answer.status, 503, answer.body);
        assert.equal(answer.headers['retry-after'], '5');
        assert.ok(answer.headers['content-security-policy'], "the shop's own headers");
      }
      // The answer to the last request a connection received closes it (an earlier one would drop those after it).
      assert.deepEqual(
        [lateAnswer, pageAnswer, ...pipelined].map((answer) => answer!.headers.connection),
        ['close', 'close', undefined, 'close'],
      );
      assert.deepEqual(JSON.parse(lateAnswer!.body), {
        status: 503,
        code: 'service_unavailable',
        message: 'Temporarily unavailable',
        description: 'The shop is restarting. This request was not handled; please try again in a moment.',
      });
      assert.match(pageAnswer!.headers['content-type']!, /^text\/html/);
      assert.match(pageAnswer!.body, /<title>Temporarily unavailable/);

      await Promise.all(loops);
      for (const connection of held) connection.send(BODY.slice(10));
      for (const connection of held) {
        const [answer] = await connection.responsesUpTo(1);
        assert.deepEqual(
          [answer!.status, answer!.headers.location, answer!.headers.connection],
          [303, '/cart', 'close'],
        );
      }
      const exit = await shop.exited;
      assert.deepEqual([exit.code, exit.signal], [0, null], shop.output().slice(-2000));
      assert.ok(exit.at - sent < 8000, `exited ${exit.at - sent} ms after SIGTERM`);

      const all = [...held, ...busy, ...idle];
      assert.deepEqual(
        await Promise.all(all.map((connection) => connection.ended)),
        all.map(() => 'end'),
        'every connection closed by the server, none reset',
      );
      for (const connection of busy) {
        assert.equal(
          connection.responses.length,
          connection.sent,
          'every request sent on a busy connection was answered',
        );
        assert.deepEqual(
          [...new Set(connection.responses.map((answer) => answer.status))].filter(
            (status) => status !== 200 && status !== 503,
          ),
          [],
        );
      }
      const refused = busy.flatMap((connection) => connection.responses).filter((answer) => answer.status === 503);
      assert.ok(
        refused.every(
          (answer) => answer.headers['retry-after'] === '5' && JSON.parse(answer.body).code === 'service_unavailable',
        ),
      );
    } finally {
      await shop.kill();
    }
  });
});

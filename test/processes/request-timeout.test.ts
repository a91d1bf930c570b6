/**
 * REQUEST_TIMEOUT: a client that sends a request's headers (with a Content-Length) but never its body, or only part
 * of its headers, or nothing at all, gets 408 and its connection closed once the timeout (2 s here) has passed,
 * instead of holding it open for ever. The shop keeps serving.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { http, startShopProcess, type ShopProcess } from '../support/shop-process.js';

/** Opens a connection, writes `text`, and resolves with what came back and when the server closed it. */
async function stall(
  shop: ShopProcess,
  text: string,
): Promise<{ answer: string; closedAfterMs: number; ending: string }> {
  const socket = connect(shop.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const start = Date.now();
  let answer = '';
  let ending = 'end';
  socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => (ending = error.code ?? error.message));
  // A safety net only: the server is expected to close long before.
  const guard = setTimeout(() => socket.destroy(new Error('still open after 20 s')), 20_000);
  if (text) socket.write(text);
  await new Promise((resolve) => socket.once('close', resolve));
  clearTimeout(guard);
  return { answer, closedAfterMs: Date.now() - start, ending };
}

describe('REQUEST_TIMEOUT', () => {
  it('headers without their body, half the headers, or nothing: 408 and closed after the timeout (2s here)', async () => {
    const shop = await startShopProcess({ REQUEST_TIMEOUT: '2s', DEMO_CATALOG: 'true' });
    try {
      const head = (lines: string[]) => lines.map((line) => `${line}\r\n`).join('');
      const cases = {
        'no body': head([
          'POST /cart/add HTTP/1.1',
          `Host: 127.0.0.1:${shop.port}`,
          'Content-Type: application/x-www-form-urlencoded',
          'Sec-Fetch-Site: same-origin',
          'Content-Length: 30',
          '',
        ]),
        'half the headers': head(['GET / HTTP/1.1', `Host: 127.0.0.1:${shop.port}`]),
        nothing: '',
      };
      const results = await Promise.all(Object.values(cases).map((text) => stall(shop, text)));
      for (const [index, name] of Object.keys(cases).entries()) {
        const { answer, closedAfterMs, ending } = results[index]!;
        assert.match(answer, /^HTTP\/1\.1 408 /, `${name}: ${JSON.stringify(answer)}`);
        assert.equal(ending, 'end', `${name}: closed cleanly`);
        assert.ok(closedAfterMs >= 1500 && closedAfterMs < 8000, `${name}: closed after ${closedAfterMs} ms`);
      }
      assert.equal((await http(`${shop.url}/healthz`)).status, 200, 'the shop keeps serving');
    } finally {
      await shop.kill();
    }
  });
});

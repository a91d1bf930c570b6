/**
 * The stylesheets and the script the pages name are answered compressed (Brotli, else gzip, as the browser accepts)
 * with a year's cache, and whole: each decompresses to the file itself. A client accepting neither gets it as is.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { STATIC_DIR } from '../src/web/assets.js';
import { useCartShop } from './support/cart.js';

describe('stylesheets and script: compressed once, answered as the browser accepts', () => {
  const running = useCartShop();
  const get = (url: string, encoding?: string) =>
    running.shop.app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('answers the pages’ stylesheet and script in Brotli, gzip or as is', async () => {
    const page = (await get('/')).body;
    const urls = [...page.matchAll(/(?:href|src)="(\/assets\/kago\.(?:css|js)\?v=[0-9a-f]+)"/g)].map((m) => m[1]!);
    assert.equal(urls.length, 2, 'the stylesheet and the script');
    for (const url of urls) {
      const plain = await get(url);
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.headers['content-encoding'], undefined, url);
      assert.match(plain.headers['cache-control'] as string, /max-age=31536000.*immutable/);
      assert.match(plain.headers.vary as string, /Accept-Encoding/i);
      if (url.includes('.css')) assert.equal(plain.body, readFileSync(`${STATIC_DIR}kago.css`, 'utf8'));
      const br = await get(url, 'gzip, deflate, br');
      assert.equal(br.headers['content-encoding'], 'br', url);
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${br.rawPayload.length} bytes`);
      assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), plain.body);
      const gzip = await get(url, 'gzip');
      assert.equal(gzip.headers['content-encoding'], 'gzip', url);
      assert.equal(gunzipSync(gzip.rawPayload).toString('utf8'), plain.body);
      assert.match(gzip.headers['content-type'] as string, url.includes('.css') ? /text\/css/ : /javascript/);
    }
  });

  it('answers the console stylesheet compressed too', async () => {
    const answer = await get('/assets/admin.css', 'br');
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers['content-encoding'], 'br');
    assert.equal(
      brotliDecompressSync(answer.rawPayload).toString('utf8'),
      readFileSync(`${STATIC_DIR}admin.css`, 'utf8'),
    );
  });
});

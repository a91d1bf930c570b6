/**
 * The static folders (/assets/, /images/demo/) never serve dotfiles or anything under a dot folder, however the
 * path is spelled: each answers the shop's own 404 page. A file beside them without the dot is served, so the
 * setup itself is shown to work.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_DIR } from '../src/catalog/index.js';
import { STATIC_DIR } from '../src/web/assets.js';
import { useCartShop } from './support/cart.js';

const SECRET = 'SESSION_SECRET=do-not-serve-me';
const tag = `kago-test-${randomBytes(6).toString('hex')}`;
const FOLDERS = [
  { prefix: '/assets/', dir: STATIC_DIR },
  { prefix: '/images/demo/', dir: path.join(DEMO_DIR, 'images') },
];

describe('static folders: dotfiles', () => {
  const running = useCartShop();
  const created: string[] = [];
  before(() => {
    for (const { dir } of FOLDERS) {
      for (const file of [`.${tag}`, `${tag}.txt`, `.${tag}-dir/secret.txt`]) {
        const full = path.join(dir, file);
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, SECRET);
        created.push(full);
      }
      created.push(path.join(dir, `.${tag}-dir`));
    }
  });
  after(() => {
    for (const file of created) rmSync(file, { recursive: true, force: true });
  });

  for (const { prefix } of FOLDERS) {
    it(`${prefix}: a file without a dot is served (the control)`, async () => {
      const response = await running.shop.app.inject({ url: `${prefix}${tag}.txt` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.body, SECRET);
    });

    const spellings = [
      `.${tag}`,
      `%2e${tag}`,
      `%2E${tag}`,
      `.${tag}-dir/secret.txt`,
      `%2e${tag}-dir%2fsecret.txt`,
      `x/..%2f.${tag}`,
      `.${tag}-dir/`,
    ];
    for (const spelling of spellings) {
      it(`${prefix}${spelling}: the shop's 404 page, nothing of the file`, async () => {
        const response = await running.shop.app.inject({ url: `${prefix}${spelling}` });
        assert.equal(response.statusCode, 404);
        assert.match(response.headers['content-type'] as string, /text\/html/);
        assert.match(response.body, /Page not found/);
        assert.ok(response.headers['content-security-policy'], 'with the shop headers');
        assert.doesNotMatch(response.body, /do-not-serve-me/);
      });
    }
  }
});

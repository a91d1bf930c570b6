/**
 * The shop's policy pages over HTTP: 特定商取引法に基づく表記, privacy policy and terms from the owner's files in
 * POLICY_DIR, in the shopper's language, linked from every page's footer (cached catalog pages included) and beside
 * Checkout; absent pages are 404 and not linked; the owner's Markdown cannot put script on the page.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { startTestShop, type TestShop } from './support/app.js';
import { importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { FILLED_LEGAL_NOTICE } from './support/policies.js';

const root = mkdtempSync(path.join(tmpdir(), 'kago-policy-pages-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

function policyDir(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The footer's policy links: [text, href]. */
function footerLinks(html: string): string[][] {
  const nav = parsePage(html).document.querySelector('footer nav:not(.language-switcher)');
  return nav ? [...nav.querySelectorAll('a')].map((link) => [link.textContent!, link.getAttribute('href')!]) : [];
}

describe('policy pages', () => {
  let database: TestDatabase;
  let shop: TestShop;
  let bare: TestShop;
  const get = (url: string, headers: Record<string, string> = {}, on = shop) => on.app.inject({ url, headers });

  before(async () => {
    database = await databaseTargets()[0]!.open();
    await importCartCatalog(database.db);
    const dir = policyDir('full', {
      'legal-notice.md': FILLED_LEGAL_NOTICE.replace('seller value', '株式会社かご').replace(
        'returns value',
        '到着後8日以内 <script>alert(1)</script> [x](javascript:alert(1))',
      ),
      'privacy-policy.md': '# Privacy at kago\n\nWe keep little. <img src=x onerror=alert(1)>\n',
      'terms-of-service.md': 'Be nice.\n',
      'terms-of-service.ja.md': '# 利用規約\n\n仲良く。\n',
    });
    shop = await startTestShop(database, { env: { POLICY_DIR: dir, SHOP_LANGUAGES: 'en,ja' } });
    bare = await startTestShop(database, { env: { POLICY_DIR: path.join(root, 'none') } });
  });
  after(async () => {
    await shop?.app.close();
    await bare?.app.close();
    await database?.close();
  });

  it("every page's footer links the pages the shop has, the cached catalog page too, in the shopper's language", async () => {
    const expected = [
      ['Legal notice (Act on Specified Commercial Transactions)', '/policies/legal-notice'],
      ['Privacy policy', '/policies/privacy-policy'],
      ['Terms of service', '/policies/terms-of-service'],
    ];
    assert.deepEqual(footerLinks((await get('/')).body), expected);
    assert.deepEqual(
      footerLinks(brotliDecompressSync((await get('/', { 'accept-encoding': 'br' })).rawPayload).toString()),
      expected,
    );
    for (const url of ['/products/sencha-tea', '/cart', '/search?q=tea', '/no-such-page'])
      assert.deepEqual(footerLinks((await get(url)).body), expected, url);
    assert.deepEqual(
      footerLinks((await get('/', { 'accept-language': 'ja' })).body).map(([text]) => text),
      ['特定商取引法に基づく表記', 'プライバシーポリシー', '利用規約'],
    );
  });

  it('the cart links them beside Checkout', async () => {
    const cookie = sessionCookieOf(
      await shop.app.inject({ method: 'POST', url: '/cart/add', headers: SAME_ORIGIN, payload: 'id=prod_tea' }),
    )!;
    const page = parsePage((await get('/cart', { cookie })).body);
    const checkout = page.getByRole('button', { name: 'Checkout' }).closest('.cart-checkout')!;
    assert.deepEqual(
      [...checkout.querySelectorAll('a')].map((link) => link.getAttribute('href')),
      ['/policies/legal-notice', '/policies/privacy-policy', '/policies/terms-of-service'],
    );
  });

  it("特定商取引法に基づく表記 lists every item of the Act with the owner's text, labelled in the shopper's language", async () => {
    const response = await get('/policies/legal-notice', { 'accept-language': 'ja' });
    assert.equal(response.statusCode, 200);
    const page = parsePage(response.body);
    assert.equal(page.getByRole('heading', { level: 1 }).textContent, '特定商取引法に基づく表記');
    const rows = [...page.document.querySelectorAll('.legal-notice__row')].map((row) => [
      row.querySelector('dt')!.textContent,
      row.querySelector('dd')!.textContent!.trim(),
    ]);
    assert.deepEqual(
      rows.map(([label]) => label),
      [
        '販売業者',
        '運営統括責任者',
        '所在地',
        '電話番号',
        'メールアドレス',
        '販売価格・消費税',
        '送料',
        '商品代金以外の必要料金',
        'お支払い方法',
        'お支払い時期',
        '商品の引渡し時期',
        '返品・交換・キャンセル',
      ],
    );
    assert.deepEqual(rows[0], ['販売業者', '株式会社かご']);
    assert.equal(
      parsePage((await get('/policies/legal-notice')).body).document.querySelector('dt')!.textContent,
      'Seller',
    );
  });

  it("the owner's Markdown puts no script, handler or javascript: link on the page", async () => {
    for (const url of ['/policies/legal-notice', '/policies/privacy-policy']) {
      const page = parsePage((await get(url)).body);
      const main = page.document.querySelector('main')!;
      assert.equal(main.querySelectorAll('script, img, [onerror]').length, 0, url);
      for (const link of main.querySelectorAll('a'))
        assert.doesNotMatch(link.getAttribute('href')!, /^\s*javascript:/i, url);
    }
    assert.match((await get('/policies/legal-notice')).body, /到着後8日以内 &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it("privacy policy and terms as written, the owner's heading as title, a file per language when there is one", async () => {
    const privacy = parsePage((await get('/policies/privacy-policy')).body);
    assert.equal(privacy.document.title, 'Privacy at kago · kago');
    assert.deepEqual(
      privacy.getAllByRole('heading', { level: 1 }).map((h) => h.textContent),
      ['Privacy at kago'],
    );
    const terms = parsePage((await get('/policies/terms-of-service')).body);
    assert.deepEqual(
      terms.getAllByRole('heading', { level: 1 }).map((h) => h.textContent),
      ['Terms of service'],
      'our heading when the file has none',
    );
    const japanese = parsePage((await get('/policies/terms-of-service', { 'accept-language': 'ja' })).body);
    assert.equal(japanese.getByRole('heading', { level: 1 }).textContent, '利用規約');
    assert.match(japanese.document.querySelector('main')!.textContent!, /仲良く。/);
  });

  it('a shop without the files: no links anywhere, and each page is a 404', async () => {
    assert.deepEqual(footerLinks((await get('/', {}, bare)).body), []);
    for (const name of ['legal-notice', 'privacy-policy', 'terms-of-service']) {
      const response = await get(`/policies/${name}`, {}, bare);
      assert.equal(response.statusCode, 404, name);
      assert.equal(parsePage(response.body).getByRole('heading', { level: 1 }).textContent, 'Page not found');
    }
  });

  it('a legal notice with a field missing is not shown (404) nor linked', async () => {
    const dir = policyDir('unfinished', { 'legal-notice.md': FILLED_LEGAL_NOTICE.replace('phone value', 'TODO') });
    const unfinished = await startTestShop(database, { env: { POLICY_DIR: dir } });
    try {
      assert.equal((await get('/policies/legal-notice', {}, unfinished)).statusCode, 404);
      assert.deepEqual(footerLinks((await get('/', {}, unfinished)).body), []);
    } finally {
      await unfinished.app.close();
    }
  });
});

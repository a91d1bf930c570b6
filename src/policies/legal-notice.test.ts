/** 特定商取引法に基づく表記 from the owner's file: every field of the Act or it is not shown; the start-up warning. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LEGAL_NOTICE_FIELDS, parseLegalNotice } from './legal-notice.js';
import { FILLED_LEGAL_NOTICE } from '../../test/support/policies.js';
import { legalNoticeWarning, loadPolicies } from './policy-files.js';

const EXAMPLE = readFileSync(new URL('../../docs/examples/policies/legal-notice.md', import.meta.url), 'utf8');

describe('the legal notice file', () => {
  it("reads every field of the Act, in the Act's order, each as Markdown", () => {
    const notice = parseLegalNotice(
      `Text before the first section is ignored.\n\n## returns\n- 8 days\n\n${FILLED_LEGAL_NOTICE.replace('returns value', '')}`,
    );
    assert.deepEqual(notice.missing, []);
    assert.deepEqual(
      notice.rows.map((row) => row.field),
      [...LEGAL_NOTICE_FIELDS],
    );
    assert.equal(notice.rows.at(-1)!.html, '<ul>\n<li>8 days</li>\n</ul>\n');
    assert.equal(notice.rows[0]!.html, '<p>seller value</p>\n');
  });

  it('names the fields missing, empty or still TODO; headings are matched in any case', () => {
    const text = FILLED_LEGAL_NOTICE.replace('## phone\nphone value', '## Phone\n')
      .replace('email value', 'TODO: shop@example.jp')
      .replace(/## address\naddress value\n/, '')
      .replace('## SELLER', '');
    assert.deepEqual(parseLegalNotice(text.replace('## seller', '## SELLER')).missing, ['address', 'phone', 'email']);
  });

  it('the shipped example is all placeholders: nothing counts as filled in until the owner writes it', () => {
    assert.deepEqual(parseLegalNotice(EXAMPLE).missing, [...LEGAL_NOTICE_FIELDS]);
    const filled = parseLegalNotice(EXAMPLE.replace(/TODO:\s*/g, ''));
    assert.deepEqual(filled.missing, []);
    assert.doesNotMatch(filled.rows.map((row) => row.html).join(''), /&lt;!--|<!--/, 'the instructions are left out');
  });

  it("keeps the owner's own sections as extra rows; their text is safe too", () => {
    const notice = parseLegalNotice(`${FILLED_LEGAL_NOTICE}\n## 営業時間\n平日 <script>alert(1)</script>\n`);
    assert.deepEqual(notice.rows.at(-1), {
      field: { heading: '営業時間' },
      html: '<p>平日 &lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    });
  });
});

describe('policy files and the start-up warning', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-policies-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  it('loads what is there, per language with the plain file as fallback, and says what is wrong', async () => {
    writeFileSync(path.join(dir, 'legal-notice.md'), FILLED_LEGAL_NOTICE);
    writeFileSync(
      path.join(dir, 'legal-notice.en.md'),
      FILLED_LEGAL_NOTICE.replace(/## delivery\ndelivery value\n/, ''),
    );
    writeFileSync(path.join(dir, 'privacy-policy.md'), '# Privacy\n\nWe keep little.\n');
    writeFileSync(path.join(dir, 'privacy-policy.en.md'), 'No heading here.\n');
    writeFileSync(path.join(dir, 'terms-of-service.md'), 'x'.repeat(300 * 1024));
    const policies = await loadPolicies(dir, ['ja', 'en']);
    assert.deepEqual(policies.available('ja'), ['legal-notice', 'privacy-policy']);
    assert.deepEqual(
      policies.available('en'),
      ['legal-notice', 'privacy-policy'],
      'an unfinished English notice falls back to the plain one',
    );
    assert.equal(policies.page('privacy-policy', 'ja')!.title, 'Privacy');
    assert.deepEqual(policies.page('privacy-policy', 'en'), { title: undefined, html: '<p>No heading here.</p>\n' });
    assert.equal(policies.page('terms-of-service', 'ja'), undefined);
    assert.equal(policies.problems.length, 2);
    assert.match(
      policies.problems[0]!,
      /legal-notice\.en\.md: not filled in \(delivery\); the page is not shown until every field is$/,
    );
    assert.match(
      policies.problems[1]!,
      /terms-of-service\.md: 307200 bytes, more than the 262144 a policy page may have; not shown$/,
    );
    assert.equal(policies.hasLegalNotice, true);
  });

  it('warns a shop selling in Japan, in production, without a filled-in legal notice; no one else', async () => {
    const none = await loadPolicies(path.join(dir, 'missing'), ['en']);
    assert.deepEqual(none.available('en'), []);
    assert.deepEqual(none.problems, []);
    const shop = { production: true, languages: ['en'], currency: 'jpy', policyDir: '/srv/shop/policies' };
    assert.match(
      legalNoticeWarning(none, shop)!,
      /^特定商取引法に基づく表記 \(the legal notice a shop selling in Japan must show\) is not filled in: copy docs\/examples\/policies\/legal-notice\.md to \/srv\/shop\/policies\/legal-notice\.md/,
    );
    assert.ok(legalNoticeWarning(none, { ...shop, currency: 'usd', languages: ['ja', 'en'] }), 'Japanese shoppers');
    assert.equal(legalNoticeWarning(none, { ...shop, currency: 'usd' }), undefined, 'neither Japanese nor yen');
    assert.equal(legalNoticeWarning(none, { ...shop, currency: null }), undefined, 'an empty catalog in English');
    assert.equal(legalNoticeWarning(none, { ...shop, production: false }), undefined, 'development');
    assert.equal(legalNoticeWarning(await loadPolicies(dir, ['ja']), shop), undefined, 'filled in');
  });
});

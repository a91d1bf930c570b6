/**
 * The shop's policy pages (src/policies): 特定商取引法に基づく表記 as a table of the Act's items, in the page's
 * language, with the owner's text; the privacy policy and terms as the owner wrote them. The owner's Markdown is
 * rendered with raw HTML off (src/policies/markdown.ts), so it is put on the page as it comes.
 */
import { raw } from 'hono/html';
import type { MessageKey } from '../../i18n/index.js';
import type { LegalNotice, LegalNoticeField } from '../../policies/legal-notice.js';
import type { PolicyName, PolicyPage } from '../../policies/policy-files.js';
import { Layout } from './layout.js';
import { POLICY_TITLE_KEYS } from './policy-links.js';
import type { PageContext } from './page-context.js';

const FIELD_KEYS: Record<LegalNoticeField, MessageKey> = {
  seller: 'legalNotice.field.seller',
  responsible: 'legalNotice.field.responsible',
  address: 'legalNotice.field.address',
  phone: 'legalNotice.field.phone',
  email: 'legalNotice.field.email',
  prices: 'legalNotice.field.prices',
  shipping: 'legalNotice.field.shipping',
  'other-charges': 'legalNotice.field.otherCharges',
  'payment-methods': 'legalNotice.field.paymentMethods',
  'payment-timing': 'legalNotice.field.paymentTiming',
  delivery: 'legalNotice.field.delivery',
  returns: 'legalNotice.field.returns',
};

export function LegalNoticePageView({ ctx, notice }: { ctx: PageContext; notice: LegalNotice }) {
  const title = ctx.t('policies.legalNotice.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="page-title">{title}</h1>
      <dl class="legal-notice">
        {notice.rows.map((row) => (
          <div class="legal-notice__row">
            <dt>{typeof row.field === 'string' ? ctx.t(FIELD_KEYS[row.field]) : row.field.heading}</dt>
            <dd class="policy-text">{raw(row.html)}</dd>
          </div>
        ))}
      </dl>
    </Layout>
  );
}

/** The owner's page; our own heading only when their text has none. */
export function PolicyPageView({ ctx, name, page }: { ctx: PageContext; name: PolicyName; page: PolicyPage }) {
  const title = page.title ?? ctx.t(POLICY_TITLE_KEYS[name]);
  return (
    <Layout ctx={ctx} title={title}>
      {page.title === undefined ? <h1 class="page-title">{title}</h1> : null}
      <article class="policy-text">{raw(page.html)}</article>
    </Layout>
  );
}

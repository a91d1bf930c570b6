/** Links to the shop's policy pages (src/policies) in the page's language: in the footer, and beside Checkout. */
import type { MessageKey } from '../../i18n/index.js';
import type { PolicyName } from '../../policies/policy-files.js';
import type { PageContext } from './page-context.js';

/** Each policy's title in the catalogs, for the page and the links to it. */
export const POLICY_TITLE_KEYS: Record<PolicyName, MessageKey> = {
  'legal-notice': 'policies.legalNotice.title',
  'privacy-policy': 'policies.privacyPolicy.title',
  'terms-of-service': 'policies.termsOfService.title',
};

export const policyPath = (name: PolicyName): string => `/policies/${name}`;

/** The policy pages the shop has in this language, as a list of links. */
export function PolicyLinks({ ctx }: { ctx: Pick<PageContext, 't' | 'policies'> }) {
  if (ctx.policies.length === 0) return null;
  return (
    <ul class="policy-links" role="list">
      {ctx.policies.map((name) => (
        <li>
          <a href={policyPath(name)}>{ctx.t(POLICY_TITLE_KEYS[name])}</a>
        </li>
      ))}
    </ul>
  );
}

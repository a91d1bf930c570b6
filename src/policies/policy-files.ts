/**
 * The shop's policy pages from the owner's Markdown files in POLICY_DIR, read once at start (restart to publish a
 * change): `legal-notice.md` (特定商取引法に基づく表記, src/policies/legal-notice.ts), `privacy-policy.md` and
 * `terms-of-service.md`. A file per language may stand beside each (`privacy-policy.en.md`); a page is shown in the
 * shopper's language when there is one, else from the plain file. A missing file is a page the shop does not have.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseLegalNotice, type LegalNotice } from './legal-notice.js';
import { renderMarkdown, withoutComments } from './markdown.js';

export const POLICY_NAMES = ['legal-notice', 'privacy-policy', 'terms-of-service'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Larger files are refused (a policy is a few pages of text; this keeps a mistake from filling memory). */
const MAX_POLICY_BYTES = 256 * 1024;

/** A privacy policy or terms page: the owner's first `# heading` (if any) and the whole text as safe HTML. */
export interface PolicyPage {
  title: string | undefined;
  html: string;
}

export interface ShopPolicies {
  /** The filled-in legal notice for `language`, or undefined (none, or not every field filled in). */
  legalNotice(language: string): LegalNotice | undefined;
  page(name: Exclude<PolicyName, 'legal-notice'>, language: string): PolicyPage | undefined;
  /** The pages a shopper reading `language` can open, in footer order. */
  available(language: string): PolicyName[];
  /** Whether any language has a filled-in legal notice. */
  hasLegalNotice: boolean;
  /** What the owner should hear at start: unreadable or oversized files, legal notices with fields missing. */
  problems: string[];
}

type Loaded = { kind: 'legal'; notice: LegalNotice } | { kind: 'page'; page: PolicyPage };

function policyPage(text: string): PolicyPage {
  const title = /^#\s+(.+?)\s*#*\s*$/m.exec(withoutComments(text))?.[1];
  return { title, html: renderMarkdown(text) };
}

async function readPolicy(file: string, problems: string[]): Promise<string | undefined> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_POLICY_BYTES) {
      problems.push(
        `${file}: ${bytes.length} bytes, more than the ${MAX_POLICY_BYTES} a policy page may have; not shown`,
      );
      return undefined;
    }
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    problems.push(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); not shown`,
    );
    return undefined;
  }
}

/** Reads POLICY_DIR for the shop's `languages`: `<name>.md` and `<name>.<language>.md`. */
export async function loadPolicies(dir: string, languages: readonly string[]): Promise<ShopPolicies> {
  const problems: string[] = [];
  const loaded = new Map<string, Loaded>(); // `<name>` or `<name>.<language>`
  for (const name of POLICY_NAMES) {
    for (const variant of [name, ...languages.map((language) => `${name}.${language}`)]) {
      const file = path.join(dir, `${variant}.md`);
      const text = await readPolicy(file, problems);
      if (text === undefined) continue;
      if (name !== 'legal-notice') {
        loaded.set(variant, { kind: 'page', page: policyPage(text) });
        continue;
      }
      const notice = parseLegalNotice(text);
      if (notice.missing.length > 0)
        problems.push(
          `${file}: not filled in (${notice.missing.join(', ')}); the page is not shown until every field is`,
        );
      else loaded.set(variant, { kind: 'legal', notice });
    }
  }
  const find = (name: PolicyName, language: string) => loaded.get(`${name}.${language}`) ?? loaded.get(name);
  return {
    legalNotice(language) {
      const found = find('legal-notice', language);
      return found?.kind === 'legal' ? found.notice : undefined;
    },
    page(name, language) {
      const found = find(name, language);
      return found?.kind === 'page' ? found.page : undefined;
    },
    available: (language) => POLICY_NAMES.filter((name) => find(name, language) !== undefined),
    hasLegalNotice: [...loaded.values()].some((entry) => entry.kind === 'legal'),
    problems,
  };
}

/**
 * The start-up warning a shop selling in Japan gets in production without a filled-in legal notice (the Act asks it
 * of every online shop selling to consumers in Japan); undefined when none is due.
 */
export function legalNoticeWarning(
  policies: ShopPolicies,
  shop: { production: boolean; languages: readonly string[]; currency: string | null; policyDir: string },
): string | undefined {
  if (!shop.production || policies.hasLegalNotice) return undefined;
  if (!shop.languages.includes('ja') && shop.currency?.toLowerCase() !== 'jpy') return undefined;
  return `特定商取引法に基づく表記 (the legal notice a shop selling in Japan must show) is not filled in: copy docs/examples/policies/legal-notice.md to ${path.join(shop.policyDir, 'legal-notice.md')}, fill in every field and restart (docs/policies.md)`;
}

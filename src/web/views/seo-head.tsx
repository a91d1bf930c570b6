/**
 * What a page tells search engines and link previews, in its <head>: canonical URL, robots, Open Graph and
 * Twitter card tags, and JSON-LD (src/web/structured-data.ts).
 */
import { languageUrl } from '../language.js';
import { jsonLdText } from '../structured-data.js';
import type { PageContext } from './page-context.js';

export interface SeoFacts {
  /** Absolute canonical URL without a language: SeoHead makes it one per page per language (`?lang=` for all but the default). */
  canonical: string;
  title: string;
  description?: string;
  /** Absolute image URL for previews. */
  image?: string;
  type?: 'website' | 'product';
  /** `noindex, follow` for pages search engines should not list (search results). */
  robots?: string;
  /** Product pages: `product:price:amount` / `:currency` for previews. */
  price?: { amount: string; currency: string };
  jsonLd?: unknown[];
}

/** The page's canonical URL in its language and, in a shop of several languages, its alternates (hreflang). */
function LanguageLinks({ url, ctx }: { url: string; ctx: PageContext }) {
  const fallback = ctx.languages[0]!;
  return (
    <>
      <link rel="canonical" href={languageUrl(url, ctx.lang, fallback)} />
      {ctx.languages.length > 1
        ? [
            ...ctx.languages.map((language) => (
              <link rel="alternate" hreflang={language} href={languageUrl(url, language, fallback)} />
            )),
            <link rel="alternate" hreflang="x-default" href={languageUrl(url, fallback, fallback)} />,
          ]
        : null}
    </>
  );
}

export function SeoHead({ seo, ctx }: { seo: SeoFacts; ctx: PageContext }) {
  const shopName = ctx.shopName;
  const canonical = languageUrl(seo.canonical, ctx.lang, ctx.languages[0]!);
  return (
    <>
      <LanguageLinks url={seo.canonical} ctx={ctx} />
      {seo.robots ? <meta name="robots" content={seo.robots} /> : null}
      <meta property="og:site_name" content={shopName} />
      <meta property="og:type" content={seo.type ?? 'website'} />
      <meta property="og:title" content={seo.title} />
      <meta property="og:url" content={canonical} />
      <meta property="og:locale" content={ctx.locale.replace('-', '_')} />
      {seo.description ? <meta property="og:description" content={seo.description} /> : null}
      {seo.image ? <meta property="og:image" content={seo.image} /> : null}
      {seo.price ? <meta property="product:price:amount" content={seo.price.amount} /> : null}
      {seo.price ? <meta property="product:price:currency" content={seo.price.currency} /> : null}
      <meta name="twitter:card" content={seo.image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={seo.title} />
      {seo.description ? <meta name="twitter:description" content={seo.description} /> : null}
      {seo.image ? <meta name="twitter:image" content={seo.image} /> : null}
      {(seo.jsonLd ?? []).map((data) => (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }}></script>
      ))}
    </>
  );
}

/** A page's description for meta tags: plain text, one line, at most 160 characters. */
export function metaDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 160 ? line : `${line.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

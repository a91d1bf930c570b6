/**
 * Page plumbing shared by every HTML route: `request.pageContext()` (shop name, cart count, assets, the request's
 * language and its words, price and time format) and `reply.html(node, status)`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { formatDateTime, localeFor, translator, type Language } from '../i18n/index.js';
import { formatMoney } from '../money/index.js';
import type { PolicyName } from '../policies/policy-files.js';
import type { AssetUrls } from './assets.js';
import { renderHtml } from './render.js';
import type { PageContext } from './views/page-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** A page context with an empty cart, for answers made before there is a request to speak of (framework errors). */
    bareContext(language?: Language): PageContext;
  }
  interface FastifyRequest {
    pageContext(options?: PageContextOptions): Promise<PageContext>;
  }
  interface FastifyReply {
    html(node: unknown, status?: number): FastifyReply;
  }
}

export interface PageContextOptions {
  /** Skip the cart lookup (error pages, when the store may be what failed). */
  withoutCart?: boolean;
  /** The count when the page already read the cart (saves the lookup). */
  cartCount?: number;
  /** The page's own address for the language switcher, when it is cached for more than the URL asked (`/?page=2`). */
  path?: string;
}

export interface PagesOptions {
  config: Config;
  assets: AssetUrls;
  /** Items in the cart of the request's session; 0 when it has none. */
  cartCount(request: FastifyRequest): Promise<number>;
  /** The header's collections (cached per catalog version by the caller); none when not given. */
  collections?: () => Promise<ReadonlyArray<{ handle: string; title: string }>>;
  /** The policy pages the shop has, per language (src/policies); none when not given. */
  policies?: (language: Language) => readonly PolicyName[];
}

export const pages = fp<PagesOptions>(
  async (app: FastifyInstance, { config, assets, cartCount, collections, policies }) => {
    const perLanguage = new Map(
      config.languages.map((language) => {
        const locale = localeFor(language, config.locale, config.languages);
        const words = {
          lang: language,
          t: translator(language),
          locale,
          formatPrice: (minor: number, currency: string) => formatMoney(minor, currency, locale),
          formatTime: (time: number | Date) => formatDateTime(time, { locale, timeZone: config.timeZone }),
          policies: policies?.(language) ?? [],
        };
        return [language, words] as const;
      }),
    );
    const shop = {
      shopName: config.shopName,
      languages: config.languages,
      assets,
      lowStock: config.lowStock,
      demoPayments: config.payments.provider === 'demo',
    };
    const context = (
      language: Language,
      path: string,
      count: number,
      links?: PageContext['collections'],
    ): PageContext => ({
      ...shop,
      ...(perLanguage.get(language) ?? perLanguage.get(config.languages[0]!)!),
      path,
      collections: links,
      cartCount: count,
    });
    app.decorate('bareContext', (language?: Language) => context(language ?? config.languages[0]!, '/', 0));
    app.decorateRequest(
      'pageContext',
      async function pageContext(this: FastifyRequest, options: PageContextOptions = {}): Promise<PageContext> {
        const links = options.withoutCart || !collections ? undefined : await collections();
        const path = options.path ?? (this.method === 'GET' || this.method === 'HEAD' ? this.url : '/');
        return context(
          this.language,
          path,
          options.cartCount ?? (options.withoutCart ? 0 : await cartCount(this)),
          links,
        );
      },
    );
    app.decorateReply('html', function html(node: unknown, status = 200) {
      return this.code(status).type('text/html; charset=utf-8').send(renderHtml(node));
    });
  },
  // Named: fastify-plugin names an anonymous plugin by formatting a stack trace.
  { name: 'kago-pages' },
);

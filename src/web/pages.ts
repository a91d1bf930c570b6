/**
 * Page plumbing shared by every HTML route: `request.pageContext()` (shop name, cart count, assets, price format)
 * and `reply.html(node, status)`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { formatMoney } from '../money/index.js';
import type { AssetUrls } from './assets.js';
import { renderHtml } from './render.js';
import type { PageContext } from './views/page-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** A page context with an empty cart, for answers made before there is a request to speak of (framework errors). */
    bareContext(): PageContext;
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
}

export interface PagesOptions {
  config: Config;
  assets: AssetUrls;
  /** Items in the cart of the request's session; 0 when it has none. */
  cartCount(request: FastifyRequest): Promise<number>;
  /** The header's collections (cached per catalog version by the caller); none when not given. */
  collections?: () => Promise<ReadonlyArray<{ handle: string; title: string }>>;
}

export const pages = fp<PagesOptions>(async (app: FastifyInstance, { config, assets, cartCount, collections }) => {
  const formatPrice = (minor: number, currency: string) => formatMoney(minor, currency, config.locale);
  const lang = config.locale.split('-')[0] ?? 'en';
  const context = (count: number, links?: PageContext['collections']): PageContext => ({ collections: links, shopName: config.shopName, cartCount: count, lang, assets, formatPrice, lowStock: config.lowStock, demoPayments: config.payments.provider === 'demo' });
  app.decorate('bareContext', () => context(0));
  app.decorateRequest('pageContext', async function pageContext(this: FastifyRequest, options: PageContextOptions = {}): Promise<PageContext> {
    const links = options.withoutCart || !collections ? undefined : await collections();
    return context(options.cartCount ?? (options.withoutCart ? 0 : await cartCount(this)), links);
  });
  app.decorateReply('html', function html(node: unknown, status = 200) {
    return this.code(status).type('text/html; charset=utf-8').send(renderHtml(node));
  });
});

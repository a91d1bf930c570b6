/**
 * Finding products: /collections, /collections/<handle> (and /collections/all), /search, each sortable and
 * filterable in the query string (web/browse-params.ts). Pages are cached per catalog version under their normal
 * URL: lists in one bounded cache, searches in another, so a flood of odd searches cannot push lists out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { raw } from 'hono/html';
import type { Product } from '../../catalog/index.js';
import { minorToMajor } from '../../money/index.js';
import type { Collection, ProductFinder, ProductList } from '../../search/index.js';
import { pageUrl, readBrowseParams, type BrowseParams } from '../browse-params.js';
import { notFound } from '../errors.js';
import type { PageCache } from '../page-cache.js';
import { renderHtml } from '../render.js';
import { breadcrumbList } from '../structured-data.js';
import { addFormId, withFormTokens } from '../views/add-to-cart-form.js';
import { hasChoice } from '../views/product-card.js';
import { addedNoticeHtml, addedProductId } from '../views/added-notice.js';
import { BrowsePageView, ListControls, ListPagination } from '../views/browse-page.js';
import { CollectionsPageView } from '../views/collections-page.js';
import { createListCards } from '../views/list-cards.js';
import type { PageContext } from '../views/page-context.js';
import type { SeoFacts } from '../views/seo-head.js';

export interface FindingDeps {
  finder: ProductFinder;
  collections: () => Promise<Collection[]>;
  currency: () => Promise<string | null>;
  origin: (request: FastifyRequest) => string;
  /** The catalog's version now: list cards are kept per version (src/web/views/list-cards.tsx). */
  catalogVersion: () => number;
  lists: PageCache<CachedList>;
  searches: PageCache<CachedList>;
}

export interface CachedList {
  listing: string;
  /** The listing's add forms, whose one-time tokens each answer adds (formTokenInputs). */
  formIds: string[];
  /** Product names by id, for the notice after an add ("Added ... · View cart"). */
  names: ReadonlyMap<string, string>;
  anonymousPage: string;
  /** Renders the page around the listing for a shopper with a cart (header count). */
  page: (ctx: PageContext, listing: string) => string;
}

interface ListPage {
  path: string;
  title: string;
  heading: string;
  description: string;
  crumbs: Array<{ name: string; href?: string }>;
  /** Canonical path when it is not this page's own (the unrefined /collections/all is `/`). */
  canonicalPath?: string;
  robots?: string;
  empty: string;
}

export function findingRoutes(deps: FindingDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const cards = createListCards(deps.catalogVersion);
    async function listPage(
      request: FastifyRequest,
      reply: FastifyReply,
      params: BrowseParams,
      page: ListPage,
      cache: PageCache<CachedList>,
      load: () => Promise<ProductList>,
    ) {
      const origin = deps.origin(request);
      const selfUrl = pageUrl(page.path, params.canonicalQuery, params.page);
      const cached = await cache.get(`${request.language}:${origin}${selfUrl}`, async () => {
        const version = deps.catalogVersion(); // before the products are read: see cards.grid
        const list = await load();
        if (list.products.length === 0 && params.page > 1)
          throw notFound('This page of the list has no products.', { variant: 'listPage' });
        const currency = await deps.currency();
        const ctx = await request.pageContext({ cartCount: 0, path: selfUrl });
        const priceFilter = {
          min:
            params.filter.minPrice !== undefined && currency
              ? minorToMajor(params.filter.minPrice, currency)
              : undefined,
          max:
            params.filter.maxPrice !== undefined && currency
              ? minorToMajor(params.filter.maxPrice, currency)
              : undefined,
        };
        const listing = String(
          <>
            <ListControls ctx={ctx} action={page.path} params={params} priceFilter={priceFilter} />
            {/* Near matches that found nothing say only that nothing matches. */}
            {list.approximate && list.products.length > 0 ? (
              <p class="notice notice--muted" role="note">
                {ctx.t('search.approximate')}
              </p>
            ) : null}
            {list.products.length === 0 ? (
              <p class="empty">{page.empty}</p>
            ) : (
              raw(cards.grid(ctx, list.products, selfUrl, version))
            )}
            <ListPagination
              ctx={ctx}
              path={page.path}
              query={params.canonicalQuery}
              page={list.page}
              hasNext={list.hasNext}
            />
          </>,
        );
        const canonical = `${origin}${page.canonicalPath !== undefined && !params.refined ? (params.page === 1 ? page.canonicalPath : `${page.canonicalPath}?page=${params.page}`) : selfUrl}`;
        const crumbs = page.crumbs.map((crumb) => ({
          name: crumb.name,
          url: crumb.href ? `${origin}${crumb.href}` : undefined,
        }));
        const firstImage = list.products.find((product) => product.image)?.image;
        const seo: SeoFacts = {
          canonical,
          title: page.title,
          description: page.description,
          robots: page.robots,
          image: firstImage ? new URL(firstImage, origin).href : undefined,
          jsonLd: [breadcrumbList(crumbs)],
        };
        const render = (context: PageContext, html: string) =>
          renderHtml(
            <BrowsePageView
              ctx={context}
              title={
                params.page === 1 ? page.title : context.t('list.titlePage', { title: page.title, page: params.page })
              }
              heading={page.heading}
              seo={seo}
              crumbs={page.crumbs}
              listing={raw(html)}
            />,
          );
        const formIds = list.products.filter((product) => !hasChoice(product)).map((product) => addFormId(product.id));
        const names = new Map(list.products.map((product) => [product.id, product.name]));
        return { listing, formIds, names, anonymousPage: render(ctx, listing), page: render };
      });
      // Each answer gives the listing's add forms one-time tokens of their own (src/web/views/add-to-cart-form.tsx),
      // and after an add without JavaScript names what was added (views/added-notice.tsx).
      const added = addedProductId(request.query);
      const addedName = added === undefined ? undefined : cached.names.get(added);
      const notice =
        addedName === undefined
          ? ''
          : addedNoticeHtml(await request.pageContext({ cartCount: 0, path: selfUrl }), addedName);
      if (!request.sessionId)
        return reply
          .type('text/html; charset=utf-8')
          .send(withFormTokens(cached.anonymousPage, cached.formIds, notice));
      const ctx = await request.pageContext({ path: selfUrl });
      return reply
        .type('text/html; charset=utf-8')
        .send(withFormTokens(cached.page(ctx, cached.listing), cached.formIds, notice));
    }

    app.get('/collections', { preHandler: app.loadSession }, async (request, reply) => {
      const collections = await deps.collections();
      const origin = deps.origin(request);
      return reply.html(
        <CollectionsPageView ctx={await request.pageContext()} collections={collections} origin={origin} />,
      );
    });

    app.get<{ Params: { handle: string }; Querystring: Record<string, unknown> }>(
      '/collections/:handle',
      { preHandler: app.loadSession },
      async (request, reply) => {
        const { handle } = request.params;
        const params = readBrowseParams(request.query, { currency: await deps.currency() });
        const collection =
          handle === 'all' ? undefined : (await deps.collections()).find((found) => found.handle === handle);
        const t = request.t;
        if (handle !== 'all' && !collection)
          throw notFound('This collection does not exist.', { variant: 'collection' });
        const title = collection ? collection.title : t('collections.allProducts');
        const path = `/collections/${encodeURIComponent(handle)}`;
        return listPage(
          request,
          reply,
          params,
          {
            path,
            title,
            heading: title,
            description: collection
              ? t('list.collectionDescription', { title: collection.title, count: collection.productCount })
              : t('list.allDescription'),
            crumbs: [
              { name: t('breadcrumb.home'), href: '/' },
              ...(collection ? [{ name: t('collections.title'), href: '/collections' }] : []),
              { name: title },
            ],
            canonicalPath: collection ? undefined : '/',
            empty: t('list.noMatches'),
          },
          deps.lists,
          () =>
            deps.finder.list({
              collection: collection?.handle,
              sort: params.sort,
              filter: params.filter,
              page: params.page,
            }),
        );
      },
    );

    app.get<{ Querystring: Record<string, unknown> }>(
      '/search',
      { preHandler: app.loadSession },
      async (request, reply) => {
        const params = readBrowseParams(request.query, { currency: await deps.currency(), search: true });
        const words = params.terms!.join(' ');
        const t = request.t;
        const title = words ? t('search.title', { words }) : t('search.heading');
        return listPage(
          request,
          reply,
          params,
          {
            path: '/search',
            title,
            heading: words ? t('search.results', { words }) : t('search.heading'),
            description: words ? t('search.description', { words }) : t('search.descriptionEmpty'),
            crumbs: [{ name: t('breadcrumb.home'), href: '/' }, { name: t('search.heading') }],
            robots: 'noindex, follow', // result lists are for shoppers, not search engines
            empty: words ? t('search.nothing', { words }) : t('search.typeAWord'),
          },
          deps.searches,
          () => deps.finder.list({ terms: params.terms, sort: params.sort, filter: params.filter, page: params.page }),
        );
      },
    );
  };
}

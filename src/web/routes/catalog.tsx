/**
 * The storefront's pages: the catalog (GET /, ?page=N) and product pages (GET /products/<handle>, and its .js and .json). A catalog page is
 * queried and rendered once per catalog version (stock changes that alter a page bump it: src/stock/shown-stock.ts); a visitor without a cart gets the whole page from memory.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { raw } from 'hono/html';
import type { CatalogPage, CatalogQueries, Product } from '../../catalog/index.js';
import { HttpError, notFound } from '../errors.js';
import { formTokenTail, type WrittenTail } from '../form-token-tail.js';
import { newFormToken } from '../idempotency.js';
import { varyOn } from '../language.js';
import {
  chooseEncoding,
  precompressPage,
  precompressSplitPage,
  type PrecompressedPage,
  type PrecompressedSplitPage,
} from '../precompressed.js';
import { AddToCartForm, addFormId, formTokenInputs } from '../views/add-to-cart-form.js';
import { AddedNotice, addedNoticeHtml, addedProductId } from '../views/added-notice.js';
import type { PageCache } from '../page-cache.js';
import type { ShopFacts } from '../cart-json.js';
import { productJs, productJson } from '../product-json.js';
import { renderHtml } from '../render.js';
import type { SessionCart } from '../session-cart.js';
import { CatalogListing, CatalogPageView } from '../views/catalog-page.js';
import { CartLink } from '../views/layout.js';
import type { PageContext } from '../views/page-context.js';
import { hasChoice } from '../views/product-card.js';
import { ProductPageView } from '../views/product-page.js';
import { taxWords } from '../views/stock-and-tax.js';

const isSoldOut = (product: Product | undefined) => product?.stock.tracked === true && product.stock.available <= 0;

const PAGE_PARAM = /^[1-9][0-9]{0,5}$/;

function parsePage(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !PAGE_PARAM.test(value)) {
    throw new HttpError(400, 'invalid_page', 'Invalid page', 'The page number must be a whole number from 1.');
  }
  return Number(value);
}

/**
 * One catalog page as cached: the query's result, its rendered listing (forms without their tokens), the ids of its
 * add forms, and the page for a visitor without a cart: everything before `</body>` compressed once, the end apart.
 */
export interface CachedCatalogPage {
  catalog: CatalogPage;
  listing: string;
  formIds: string[];
  anonymousHead: PrecompressedPage;
  anonymousEnd: string;
  /** Fresh form tokens + anonymousEnd as bytes: every answer's end but one with an added notice. */
  tokensAndEnd: WrittenTail;
  /** The same page cut around the header's cart link, for shoppers with a cart (see withCartCount). */
  withCart: CartCountPage | undefined;
}

/** The page split before its closing `</body>`, where each answer's form tokens go. */
function splitAtBodyEnd(page: string): [string, string] {
  const end = page.lastIndexOf('</body>');
  return [page.slice(0, end), page.slice(end)];
}

/**
 * A cached page for shoppers with a cart: the header's cart link is the only part that differs from the page made
 * for a visitor without one, so the page is cut around it once (gzip-compressed part by part) and each answer puts
 * its own link in (rendered once per count).
 */
interface CartCountPage {
  page: PrecompressedSplitPage;
  link(count: number): string;
}

/** Links kept per count; a cart of more items renders its own. */
const KEPT_LINKS = 100;

function withCartCount(head: string, ctx: PageContext): CartCountPage | undefined {
  const empty = String(<CartLink ctx={ctx} />);
  const at = head.indexOf(empty);
  if (at === -1 || head.indexOf(empty, at + 1) !== -1) return undefined; // not one place to put it: rendered whole
  const links = new Map<number, string>();
  return {
    page: precompressSplitPage(head.slice(0, at), head.slice(at + empty.length)),
    link(count) {
      let link = links.get(count);
      if (link === undefined) {
        link = String(<CartLink ctx={{ ...ctx, cartCount: count }} />);
        if (count < KEPT_LINKS) links.set(count, link);
      }
      return link;
    },
  };
}

/** Sorting and filter parameters: `/` with any of them is the same list as /collections/all (web/routes/finding.tsx). */
const REFINING = ['sort_by', 'filter.v.price.gte', 'filter.v.price.lte', 'filter.v.availability'];

export function catalogRoutes(
  catalog: CatalogQueries,
  cache: PageCache<CachedCatalogPage>,
  shop: () => Promise<ShopFacts>,
  origin: (request: FastifyRequest) => string,
  shownCart: SessionCart,
) {
  return async (app: FastifyInstance): Promise<void> => {
    // The header's count reads the session with its cart (one statement on SQL), not after a lookup by loadSession.
    app.get<{ Querystring: { page?: string } }>('/', async (request, reply) => {
      if (REFINING.some((name) => name in request.query))
        return reply.redirect(`/collections/all${request.url.slice(request.url.indexOf('?'))}`, 301);
      const page = parsePage(request.query.page);
      const site = origin(request);
      const returnTo = page === 1 ? '/' : `/?page=${page}`;
      // One page per language: the words differ, and the precompressed answer is made from them.
      const cached = await cache.get(`catalog:${request.language}:${site}:${page}`, async () => {
        const listingPage = await catalog.listPage(page);
        const ctx = await request.pageContext({ cartCount: 0, path: returnTo });
        const products = new Map(listingPage.products.map((product) => [product.id, product]));
        const addForm = (id: string) => (
          <AddToCartForm
            t={ctx.t}
            productId={id}
            productName={products.get(id)?.name ?? ''}
            returnTo={returnTo}
            formToken={undefined}
            soldOut={isSoldOut(products.get(id))}
          />
        );
        const listing = String(<CatalogListing ctx={ctx} catalog={listingPage} addForm={addForm} />);
        const [head, end] = splitAtBodyEnd(
          renderHtml(<CatalogPageView ctx={ctx} catalog={listingPage} listing={raw(listing)} origin={site} />),
        );
        const formIds = listingPage.products
          .filter((product) => !hasChoice(product))
          .map((product) => addFormId(product.id));
        return {
          catalog: listingPage,
          listing,
          formIds,
          anonymousHead: precompressPage(head),
          anonymousEnd: end,
          tokensAndEnd: formTokenTail(formIds, end),
          withCart: withCartCount(head, ctx),
        };
      });
      const { pageCount } = cached.catalog;
      if (page > pageCount)
        throw notFound(`The catalog has ${pageCount} page${pageCount === 1 ? '' : 's'}.`, {
          variant: 'catalogPage',
          values: { count: pageCount },
        });
      // Each answer gives its forms tokens of their own, after everything else on the page, and after an add without
      // JavaScript names what was added (views/added-notice.tsx): the cached part stays the same.
      const added = addedProductId(request.query);
      const addedName = added && cached.catalog.products.find((product) => product.id === added)?.name;
      const notice =
        addedName === undefined
          ? ''
          : addedNoticeHtml(await request.pageContext({ cartCount: 0, path: returnTo }), addedName);
      const tokens = () => formTokenInputs(cached.formIds) + notice;
      const count = (await shownCart(request, reply, 'count')).itemCount;
      if (count === 0 || cached.withCart) {
        // With a cart, gzip at most: only it can be put together from parts compressed once.
        const encoding = chooseEncoding(request.headers['accept-encoding'], count === 0 ? ['br', 'gzip'] : ['gzip']);
        varyOn(reply, 'Accept-Encoding');
        reply.type('text/html; charset=utf-8');
        if (encoding) reply.header('content-encoding', encoding);
        // The tokens are written straight into the answer's bytes (src/web/form-token-tail.ts).
        const tail = notice === '' ? cached.tokensAndEnd : tokens() + cached.anonymousEnd;
        if (count === 0) {
          const page = cached.anonymousHead;
          const body = page.body(tail, encoding);
          // Once written, the next answer writes its tokens into the same bytes (precompressed.ts).
          reply.raw.once('finish', () => page.writtenOut(body));
          return reply.send(body);
        }
        const { page: split, link } = cached.withCart!;
        return reply.send(split.body(link(count), tail, encoding as 'gzip' | undefined));
      }
      const ctx = await request.pageContext({ path: returnTo, cartCount: count });
      const [head, end] = splitAtBodyEnd(
        renderHtml(<CatalogPageView ctx={ctx} catalog={cached.catalog} listing={raw(cached.listing)} origin={site} />),
      );
      return reply.type('text/html; charset=utf-8').send(head + tokens() + end);
    });

    // /products/<handle> is the page; a Stripe id or integer id moves there for good (301). `.js` and `.json` give
    // the product in Shopify's shapes (handles hold no dots, so the suffix is never part of one).
    app.get<{ Params: { ref: string } }>('/products/:ref', { preHandler: app.loadSession }, async (request, reply) => {
      const [, ref, format] = /^(.*?)(?:\.(js|json))?$/.exec(request.params.ref)!;
      const found = await catalog.findProduct(ref!);
      if (!found) {
        if (format)
          throw new HttpError(
            404,
            'product_not_found',
            'Not Found',
            'This product does not exist. It may have been removed from the catalog.',
          );
        throw notFound('This product does not exist. It may have been removed from the catalog.', {
          variant: 'product',
        });
      }
      const { product, by } = found;
      if (by !== 'handle') {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        return reply.redirect(
          `/products/${encodeURIComponent(product.handle)}${format ? `.${format}` : ''}${query}`,
          301,
        );
      }
      if (format === 'js') return reply.header('cache-control', 'no-cache').send(productJs(product, await shop()));
      if (format === 'json') return reply.header('cache-control', 'no-cache').send(productJson(product, await shop()));
      const ctx = await request.pageContext();
      const returnTo = `/products/${encodeURIComponent(product.handle)}`;
      const options = product.options.map((option) => ({
        id: option.id,
        label: option.label,
        price: ctx.formatPrice(option.unitAmount, option.currency),
        tax: taxWords(ctx.t, option.taxBehavior),
      }));
      const addForm = (
        <AddToCartForm
          t={ctx.t}
          productId={product.id}
          productName={product.name}
          returnTo={returnTo}
          formToken={newFormToken()}
          withQuantity
          soldOut={isSoldOut(product)}
          options={options}
          chosen={product.price?.id}
        />
      );
      const notice =
        addedProductId(request.query) === product.id ? <AddedNotice ctx={ctx} name={product.name} /> : undefined;
      return reply.html(
        <ProductPageView ctx={ctx} product={product} addForm={addForm} origin={origin(request)} notice={notice} />,
      );
    });
  };
}

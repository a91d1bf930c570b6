/**
 * GET /search/suggest.json?q=: Shopify's Predictive Search API answer (`{resources: {results: {products,
 * collections, queries, pages, articles}}}`), what the header's search box shows as the shopper types. Parameters:
 * `resources[type]` (product, collection, query, page, article; kago has no pages or articles), `resources[limit]`
 * 1..10, `resources[limit_scope]` all|each, `resources[options][unavailable_products]` show|last|hide.
 */
import type { FastifyInstance } from 'fastify';
import type { Product } from '../../catalog/index.js';
import { toShopifyDecimal } from '../../money/index.js';
import { foldText, MAX_QUERY_LENGTH, queryTerms, type Collection, type ProductFinder } from '../../search/index.js';
import type { ShopFacts } from '../cart-json.js';
import { HttpError } from '../errors.js';
import type { PageCache } from '../page-cache.js';

const TYPES = ['query', 'product', 'collection', 'page', 'article'] as const;
type ResourceType = (typeof TYPES)[number];

const invalid = (description: string) =>
  new HttpError(422, 'invalid_parameter', 'Invalid parameter error', description);

function text(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${name} may be given once.`);
  return value;
}

interface SuggestRequest {
  q: string;
  terms: string[];
  types: ResourceType[];
  limit: number;
  each: boolean;
  unavailable: 'show' | 'last' | 'hide';
}

export function readSuggestRequest(query: Record<string, unknown>): SuggestRequest {
  const q = (text(query, 'q') ?? '').trim();
  if (!q) throw invalid('Missing parameter: q');
  if (Array.from(q).length > MAX_QUERY_LENGTH) throw invalid(`q may be at most ${MAX_QUERY_LENGTH} characters.`);
  const typeList = (text(query, 'resources[type]') ?? 'query,product,collection,page')
    .split(',')
    .map((type) => type.trim());
  for (const type of typeList)
    if (!(TYPES as readonly string[]).includes(type)) throw invalid(`resources[type] takes ${TYPES.join(', ')}.`);
  const limitText = text(query, 'resources[limit]') ?? '10';
  if (!/^([1-9]|10)$/.test(limitText)) throw invalid('resources[limit] must be a number from 1 to 10.');
  const scope = text(query, 'resources[limit_scope]') ?? 'all';
  if (scope !== 'all' && scope !== 'each') throw invalid('resources[limit_scope] takes all or each.');
  const unavailable = text(query, 'resources[options][unavailable_products]') ?? 'last';
  if (unavailable !== 'show' && unavailable !== 'last' && unavailable !== 'hide')
    throw invalid('resources[options][unavailable_products] takes show, last or hide.');
  return {
    q,
    terms: queryTerms(q),
    types: [...new Set(typeList)] as ResourceType[],
    limit: Number(limitText),
    each: scope === 'each',
    unavailable,
  };
}

const available = (product: Product) =>
  product.active && product.price !== null && !(product.stock.tracked && product.stock.available <= 0);
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function productResult(product: Product, position: number, q: string, shop: ShopFacts) {
  const price = product.price ? toShopifyDecimal(product.price.unitAmount, product.price.currency) : '0.00';
  const url = `/products/${encodeURIComponent(product.handle)}?_pos=${position}&_psq=${encodeURIComponent(q)}&_ss=e&_v=1.0`;
  return {
    available: available(product),
    body: product.description ? `<p>${escapeHtml(product.description)}</p>` : '',
    compare_at_price_max: '0.00',
    compare_at_price_min: '0.00',
    handle: product.handle,
    id: product.numId,
    image: product.image,
    price,
    price_max: price,
    price_min: price,
    tags: [],
    title: product.name,
    type: product.metadata.category ?? '',
    url,
    variants: product.price
      ? [
          {
            available: available(product),
            compare_at_price: null,
            featured_image: null,
            id: product.price.numId,
            image: product.image,
            price,
            title: 'Default Title',
            url: `${url}&variant=${product.price.numId}`,
          },
        ]
      : [],
    vendor: shop.vendor,
  };
}

/** The query's words marked in a suggestion, as Shopify's `styled_text` does. */
function styled(suggestion: string, q: string): string {
  const at = suggestion.indexOf(q);
  if (at < 0) return escapeHtml(suggestion);
  return `${escapeHtml(suggestion.slice(0, at))}<mark>${escapeHtml(q)}</mark>${escapeHtml(suggestion.slice(at + q.length))}`;
}

export function suggestRoutes(deps: {
  finder: ProductFinder;
  collections: () => Promise<Collection[]>;
  shop: () => Promise<ShopFacts>;
  cache: PageCache<string>;
}) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Record<string, unknown> }>('/search/suggest.json', async (request, reply) => {
      const ask = readSuggestRequest(request.query);
      const key = `suggest:${ask.terms.join(' ')}|${ask.types.join(',')}|${ask.limit}|${ask.each}|${ask.unavailable}`;
      const body = await deps.cache.get(key, async () => {
        const folded = ask.terms.join(' ');
        let products: Product[] = [];
        if (ask.types.includes('product') || ask.types.includes('query')) {
          const list = await deps.finder.list(
            { terms: ask.terms, sort: 'relevance', filter: { inStock: ask.unavailable === 'hide' }, page: 1 },
            10,
          );
          products =
            ask.unavailable === 'last'
              ? [...list.products.filter(available), ...list.products.filter((p) => !available(p))]
              : list.products;
        }
        const collections = ask.types.includes('collection')
          ? (await deps.collections()).filter((c) => ask.terms.every((term) => foldText(c.title).includes(term)))
          : [];
        const shop = await deps.shop();
        let room = ask.limit;
        const take = <T>(items: T[]): T[] => {
          const taken = items.slice(0, ask.each ? ask.limit : room);
          if (!ask.each) room -= taken.length;
          return taken;
        };
        const queries = ask.types.includes('query')
          ? take(
              products
                .map((p) => foldText(p.name))
                .filter((name, i, all) => name !== folded && all.indexOf(name) === i),
            ).map((name) => ({
              text: name,
              styled_text: styled(name, folded),
              url: `/search?q=${encodeURIComponent(name)}`,
            }))
          : [];
        const results = {
          queries,
          products: ask.types.includes('product')
            ? take(products).map((p, i) => productResult(p, i + 1, ask.q, shop))
            : [],
          collections: take(collections).map((c) => ({
            body: '',
            handle: c.handle,
            id: c.handle,
            published_at: null,
            title: c.title,
            url: `/collections/${encodeURIComponent(c.handle)}`,
          })),
          pages: [],
          articles: [],
        };
        return JSON.stringify({ resources: { results } });
      });
      return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(body);
    });
  };
}

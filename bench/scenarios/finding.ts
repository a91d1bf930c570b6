/**
 * Scenario 8: finding products on the large catalog (100,000 products; 20,000 with --quick) at 16 connections, the
 * issue's load for its p99 < 50 ms target: search pages, sorted collection pages, filtered collection pages, and
 * predictive search. Each rotates through about a thousand different addresses (words, sorts, price ranges, pages
 * 1 to 20), more than kago's page caches hold (500 each), so the figures are what the database and the rendering
 * cost, not a cache hit.
 */
import type { RequestSpec } from 'autocannon';
import { ADJECTIVES, COLLECTIONS, NOUNS } from '../lib/catalog-words.js';
import type { Scenario } from '../lib/context.js';
import type { LoadSpec } from '../lib/load.js';

export const FINDING_CONNECTIONS = 16;

/** GETs of `paths`, in turn: with wrk when it is installed, as every other measurement (lib/load.ts). */
function rotate(paths: string[]): LoadSpec {
  let n = 0;
  const request: RequestSpec = { method: 'GET', setupRequest: (req) => ({ ...req, path: paths[n++ % paths.length]! }) };
  return { requests: [request], connections: FINDING_CONNECTIONS, wrk: { method: 'GET', paths } };
}

const handle = (title: string) => title.toLowerCase();
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** English and Japanese words (pages 1 to 3), parts of words, two words, and words with a typo; each in four orders. */
function searchPaths(): string[] {
  const whole = NOUNS.flatMap(([english, japanese]) => [english, japanese]);
  const words = [
    ...whole,
    ...NOUNS.flatMap(([english]) => [
      english.slice(0, 4),
      `${ADJECTIVES[english.length % ADJECTIVES.length]} ${english}`,
      `${english.slice(0, -1)}x`,
    ]),
  ];
  // Later pages only for whole words (a typo's near matches may not fill a second page, which is then a 404).
  const paths = [
    ...words.map((q) => `/search?${query({ q })}`),
    ...whole.flatMap((q) => [2, 3].map((page) => `/search?${query({ q, page: String(page) })}`)),
  ];
  // Sorted searches too: price and name orders walk every match.
  const sorted = words.flatMap((q) =>
    ['price-ascending', 'price-descending', 'title-ascending'].map((sort_by) => `/search?${query({ q, sort_by })}`),
  );
  return [...paths, ...sorted];
}

/** Every collection (and all), in the three non-default orders, pages 1 to 20. */
function sortedPaths(): string[] {
  const handles = ['all', ...COLLECTIONS.map(handle)];
  const sorts = ['price-ascending', 'price-descending', 'title-ascending'];
  return handles.flatMap((h) =>
    sorts.flatMap((sort_by) =>
      Array.from(
        { length: 20 },
        (_, i) => `/collections/${h}?${query(i === 0 ? { sort_by } : { sort_by, page: String(i + 1) })}`,
      ),
    ),
  );
}

/** Price ranges (and in stock only) on every collection, price low to high. */
function filteredPaths(): string[] {
  const handles = ['all', ...COLLECTIONS.map(handle)];
  const paths: string[] = [];
  for (const h of handles) {
    for (let lo = 100; lo < 9100; lo += 500) {
      for (const width of [500, 2000]) {
        const params: Record<string, string> = {
          'filter.v.price.gte': String(lo),
          'filter.v.price.lte': String(lo + width),
          sort_by: 'price-ascending',
        };
        if ((lo / 100 + width) % 3 === 0) params['filter.v.availability'] = '1';
        paths.push(`/collections/${h}?${query(params)}`);
      }
      paths.push(`/collections/${h}?${query({ 'filter.v.availability': '1', 'filter.v.price.gte': String(lo) })}`);
    }
  }
  return paths;
}

/** What the header's search box asks while a shopper types: each word as it grows. */
function suggestPaths(): string[] {
  const typed = NOUNS.flatMap(([english, japanese]) => [
    ...Array.from({ length: english.length - 1 }, (_, i) => english.slice(0, i + 2)),
    japanese,
  ]);
  const unique = [...new Set(typed)];
  const types = ['product,collection', 'query,product,collection'];
  return unique.flatMap((q) =>
    types.flatMap((type) =>
      ['4', '6'].map(
        (limit) => `/search/suggest.json?${query({ q, 'resources[type]': type, 'resources[limit]': limit })}`,
      ),
    ),
  );
}

export const finding: Scenario = {
  name: 'finding',
  description: `8. search, sorted and filtered collections, predictive search on the large catalog at ${FINDING_CONNECTIONS} connections (kago)`,
  async run(ctx) {
    await ctx.ceilingBaseline();
    const large = await ctx.largeCatalog();
    const server = await ctx.startKago(large.store);
    try {
      const size = large.products.toLocaleString('en-US');
      const at = `${size} products, ${FINDING_CONNECTIONS} connections`;
      const search = searchPaths();
      const sorted = sortedPaths();
      const filtered = filteredPaths();
      const suggest = suggestPaths();
      await ctx.measure(
        { key: 'find-search', title: `8. GET /search?q= (${search.length} queries; ${at})`, peer: 'kago' },
        server,
        rotate(search),
      );
      await ctx.measure(
        { key: 'find-sorted', title: `8. GET /collections/<c>?sort_by= (${sorted.length} pages; ${at})`, peer: 'kago' },
        server,
        rotate(sorted),
      );
      await ctx.measure(
        {
          key: 'find-filtered',
          title: `8. GET /collections/<c>?filter.v.price... (${filtered.length} pages; ${at})`,
          peer: 'kago',
        },
        server,
        rotate(filtered),
      );
      await ctx.measure(
        {
          key: 'find-suggest',
          title: `8. GET /search/suggest.json?q= (${suggest.length} queries; ${at})`,
          peer: 'kago',
        },
        server,
        rotate(suggest),
      );
    } finally {
      await server.stop();
    }
  },
};

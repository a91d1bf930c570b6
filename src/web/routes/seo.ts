/**
 * For search engines: /robots.txt, /sitemap.xml (a urlset of the home page, collections and listed products; past
 * 50,000 URLs, sitemaps.org's limit, an index of /sitemaps/products-<n>.xml of 50,000 products each), and
 * `X-Robots-Tag: noindex` on the cart, checkout, order and console pages.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Collection, ProductFinder } from '../../search/index.js';
import { notFound } from '../errors.js';

export const SITEMAP_LIMIT = 50_000;

/** Pages that are one shopper's or the owner's: never in a search engine's index. */
const PRIVATE_PATHS = /^\/(cart|checkout|orders|admin)(\/|\.|\?|$)/;

const xmlEscape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const urlEntry = (loc: string, lastmod?: number) =>
  `<url><loc>${xmlEscape(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}</url>`;
const URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';

export function seoRoutes(deps: {
  finder: ProductFinder;
  collections: () => Promise<Collection[]>;
  origin: (request: FastifyRequest) => string;
  limit?: number;
}) {
  const limit = deps.limit ?? SITEMAP_LIMIT;
  // fastify-plugin: the noindex hook covers every route, not only this plugin's. A named function: fastify-plugin
  // names an anonymous one by formatting a stack trace, for each shop built.
  return fp(async function seoPages(app: FastifyInstance): Promise<void> {
    app.addHook('onSend', (request, reply, payload, done) => {
      if (PRIVATE_PATHS.test(request.url)) reply.header('x-robots-tag', 'noindex, nofollow');
      done(null, payload);
    });

    app.get('/robots.txt', async (request, reply) => {
      const lines = [
        'User-agent: *',
        ...['/cart', '/checkout', '/orders', '/admin', '/search'].map((path) => `Disallow: ${path}`),
        '',
        `Sitemap: ${deps.origin(request)}/sitemap.xml`,
        '',
      ];
      return reply.type('text/plain; charset=utf-8').send(lines.join('\n'));
    });

    app.get('/sitemap.xml', async (request, reply) => {
      const origin = deps.origin(request);
      const [count, collections] = await Promise.all([deps.finder.listedProductCount(), deps.collections()]);
      const pages = [
        `${origin}/`,
        `${origin}/collections`,
        ...collections.map((c) => `${origin}/collections/${encodeURIComponent(c.handle)}`),
      ];
      reply.type('application/xml; charset=utf-8');
      if (count + pages.length <= limit) {
        const products = await deps.finder.listedProductPage(0, count);
        const entries = [
          ...pages.map((page) => urlEntry(page)),
          ...products.map((p) => urlEntry(`${origin}/products/${encodeURIComponent(p.handle)}`, p.updatedAt)),
        ];
        return reply.send(`${URLSET}\n${entries.join('\n')}\n</urlset>\n`);
      }
      const files = Math.ceil(count / limit);
      const sitemaps = [
        `${origin}/sitemaps/pages.xml`,
        ...Array.from({ length: files }, (_, i) => `${origin}/sitemaps/products-${i + 1}.xml`),
      ];
      return reply.send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${sitemaps.map((loc) => `<sitemap><loc>${xmlEscape(loc)}</loc></sitemap>`).join('\n')}\n</sitemapindex>\n`,
      );
    });

    app.get('/sitemaps/pages.xml', async (request, reply) => {
      const origin = deps.origin(request);
      const collections = await deps.collections();
      const pages = [
        `${origin}/`,
        `${origin}/collections`,
        ...collections.map((c) => `${origin}/collections/${encodeURIComponent(c.handle)}`),
      ];
      return reply
        .type('application/xml; charset=utf-8')
        .send(`${URLSET}\n${pages.map((page) => urlEntry(page)).join('\n')}\n</urlset>\n`);
    });

    app.get<{ Params: { n: string } }>('/sitemaps/products-:n.xml', async (request, reply) => {
      const n = /^[1-9][0-9]{0,4}$/.test(request.params.n) ? Number(request.params.n) : 0;
      const products = n > 0 ? await deps.finder.listedProductPage((n - 1) * limit, limit) : [];
      if (products.length === 0) throw notFound('This sitemap does not exist.', { variant: 'sitemap' });
      const origin = deps.origin(request);
      const entries = products.map((p) => urlEntry(`${origin}/products/${encodeURIComponent(p.handle)}`, p.updatedAt));
      return reply.type('application/xml; charset=utf-8').send(`${URLSET}\n${entries.join('\n')}\n</urlset>\n`);
    });
  });
}

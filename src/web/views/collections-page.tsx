/** GET /collections: every collection with listed products, with its count. */
import type { Collection } from '../../search/index.js';
import { breadcrumbList } from '../structured-data.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { SeoHead } from './seo-head.js';

export function CollectionsPageView({ ctx, collections, origin }: { ctx: PageContext; collections: Collection[]; origin: string }) {
  const seo = {
    canonical: `${origin}/collections`,
    title: 'Collections',
    description: `${ctx.shopName}: ${collections.length} collections`,
    jsonLd: [breadcrumbList([{ name: 'Home', url: `${origin}/` }, { name: 'Collections' }])],
  };
  return (
    <Layout ctx={ctx} title="Collections" description={seo.description} head={<SeoHead seo={seo} ctx={ctx} />}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> <span aria-hidden="true">›</span> <span aria-current="page">Collections</span>
      </nav>
      <h1 class="page-title">Collections</h1>
      <ul class="collection-list" role="list">
        <li>
          <a href="/collections/all">All products</a>
        </li>
        {collections.map((collection) => (
          <li>
            <a href={`/collections/${encodeURIComponent(collection.handle)}`}>{collection.title}</a> <span class="muted">({collection.productCount})</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

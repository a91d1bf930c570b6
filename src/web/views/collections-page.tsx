/** GET /collections: every collection with listed products, with its count. */
import type { Collection } from '../../search/index.js';
import { breadcrumbList } from '../structured-data.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { SeoHead } from './seo-head.js';

export function CollectionsPageView({
  ctx,
  collections,
  origin,
}: {
  ctx: PageContext;
  collections: Collection[];
  origin: string;
}) {
  const seo = {
    canonical: `${origin}/collections`,
    title: ctx.t('collections.title'),
    description: ctx.t('collections.description', { shop: ctx.shopName, count: collections.length }),
    jsonLd: [
      breadcrumbList([{ name: ctx.t('breadcrumb.home'), url: `${origin}/` }, { name: ctx.t('collections.title') }]),
    ],
  };
  return (
    <Layout ctx={ctx} title={seo.title} description={seo.description} head={<SeoHead seo={seo} ctx={ctx} />}>
      <nav class="breadcrumbs" aria-label={ctx.t('breadcrumb.label')}>
        <a href="/">{ctx.t('breadcrumb.home')}</a> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">{seo.title}</span>
      </nav>
      <h1 class="page-title">{seo.title}</h1>
      <ul class="collection-list" role="list">
        <li>
          <a href="/collections/all">{ctx.t('collections.allProducts')}</a>
        </li>
        {collections.map((collection) => (
          <li>
            <a href={`/collections/${encodeURIComponent(collection.handle)}`}>{collection.title}</a>{' '}
            <span class="muted">({collection.productCount})</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

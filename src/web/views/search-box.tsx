/**
 * The header's search form (a plain GET to /search; the browser script adds suggestions as a combobox) and its
 * collection links.
 */

import type { PageContext } from './page-context.js';

/** Collections named in the header; the rest are on /collections. */
const HEADER_COLLECTIONS = 6;

export function SearchBox({ ctx, query = '' }: { ctx: PageContext; query?: string }) {
  return (
    <form class="search-box" action="/search" method="get" role="search" data-search-form>
      <label class="visually-hidden" for="search-q">
        {ctx.t('search.label')}
      </label>
      <input
        id="search-q"
        class="search-box__input"
        type="search"
        name="q"
        value={query}
        placeholder={ctx.t('search.placeholder')}
        maxlength={100}
        autocomplete="off"
        data-search-input
      />
      <button class="search-box__button" type="submit">
        {ctx.t('search.button')}
      </button>
    </form>
  );
}

export function CollectionLinks({
  ctx,
  collections,
}: {
  ctx: PageContext;
  collections: ReadonlyArray<{ handle: string; title: string }>;
}) {
  if (collections.length === 0) return null;
  return (
    <nav class="wrap collection-links" aria-label={ctx.t('collections.nav')}>
      <ul role="list">
        <li>
          <a href="/collections/all">{ctx.t('collections.all')}</a>
        </li>
        {collections.slice(0, HEADER_COLLECTIONS).map((collection) => (
          <li>
            <a href={`/collections/${encodeURIComponent(collection.handle)}`}>{collection.title}</a>
          </li>
        ))}
        {collections.length > HEADER_COLLECTIONS ? (
          <li>
            <a href="/collections">{ctx.t('collections.more')}</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/**
 * The header's search form (a plain GET to /search; the browser script adds suggestions as a combobox) and its
 * collection links.
 */

/** Collections named in the header; the rest are on /collections. */
const HEADER_COLLECTIONS = 6;

export function SearchBox({ query = '' }: { query?: string }) {
  return (
    <form class="search-box" action="/search" method="get" role="search" data-search-form>
      <label class="visually-hidden" for="search-q">
        Search products
      </label>
      <input id="search-q" class="search-box__input" type="search" name="q" value={query} placeholder="Search" maxlength={100} autocomplete="off" data-search-input />
      <button class="search-box__button" type="submit">
        Search
      </button>
    </form>
  );
}

export function CollectionLinks({ collections }: { collections: ReadonlyArray<{ handle: string; title: string }> }) {
  if (collections.length === 0) return null;
  return (
    <nav class="wrap collection-links" aria-label="Collections">
      <ul role="list">
        <li>
          <a href="/collections/all">All</a>
        </li>
        {collections.slice(0, HEADER_COLLECTIONS).map((collection) => (
          <li>
            <a href={`/collections/${encodeURIComponent(collection.handle)}`}>{collection.title}</a>
          </li>
        ))}
        {collections.length > HEADER_COLLECTIONS ? (
          <li>
            <a href="/collections">More…</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
